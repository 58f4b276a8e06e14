/** The weekly report as one short chat message: the same report as `dockhand report`, cut to what matters. */
import type { LearnReport } from './report.ts';

/** The longest message: under Discord's 2000-character content limit and Slack's 3000 for a section. */
export const WEEKLY_MAX_CHARS = 1900;

const QUOTE_MAX = 80;

const pct = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);
const day = (iso: string) => iso.slice(0, 10);
const quote = (text: string) => `"${text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX - 1)}…` : text}"`;
const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

/**
 * Plain text, no markup and no mentions (adapters still escape and clip it for their platform):
 * the counts, up to 5 gaps with their closest notes, up to 3 down-voted notes and up to 5 most
 * asked. Gap lines are dropped from the end until the message fits `max`.
 */
export function weeklyMessage(report: LearnReport, max = WEEKLY_MAX_CHARS): string {
  const head = [
    `dockhand weekly report, ${day(report.since)} to ${day(report.until)}`,
    `${report.questions} questions from ${people(report.people)}, ${pct(report.answerRate)} answered (en ${pct(report.byLang.en.answerRate)}, zh ${pct(report.byLang.zh.answerRate)}); ${report.outcomes.declined} declined, ${report.outcomes.suggested} unsure.`,
  ];
  const gaps = report.gaps.slice(0, 5).map((g) => `- ${g.count}× (${people(g.people)}) ${quote(g.text)}${g.closest.length ? `, closest: ${g.closest.map((c) => c.id).join(', ')}` : ''}`);
  const tail: string[] = [];
  const down = report.downVoted.slice(0, 3);
  if (down.length) {
    const reasons = (d: (typeof down)[number]) => Object.entries(d.reasons).filter(([r]) => r !== 'none').map(([r, n]) => `${r} ${n}`).join(', ');
    tail.push(`Most 👎: ${down.map((d) => `${d.id ?? '(no note)'} ${d.down}${reasons(d) ? ` (${reasons(d)})` : ''}`).join('; ')}`);
  }
  const asked = report.mostAsked.slice(0, 5);
  if (asked.length) tail.push(`Most asked: ${asked.map((m) => `${m.id} ${m.count}`).join(', ')}`);
  tail.push('Details: dockhand report --since 7d');
  const build = (n: number) => [...head, ...(n ? ['What to write next:', ...gaps.slice(0, n)] : []), ...tail].join('\n');
  for (let n = gaps.length; n > 0; n--) {
    const text = build(n);
    if (text.length <= max) return text;
  }
  const text = build(0);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
