/**
 * `dockhand report`: what the question log says about the notes. Built from the store's rows by
 * a pure function (`buildReport`), then printed as text, as JSON for tooling, or as the short
 * weekly message (src/learn/weekly.ts).
 */
import type { Platform } from '../adapter.ts';
import type { Lang, Topic, TopicRef } from '../types.ts';
import { clusterQuestions, type QuestionCluster } from './cluster.ts';
import type { LearnStore, Outcome, QuestionRecord, VoteReason, VoteRecord } from './store.ts';

/** The closest existing notes to a question, best first (the engine's ranking). */
export type Ranker = (text: string, lang: Lang) => TopicRef[];

/** Answered, suggested and declined counts, and the share answered. */
export interface RateCounts {
  questions: number;
  answered: number;
  suggested: number;
  declined: number;
  /** answered / (answered + suggested + declined); null when there were none of those. */
  answerRate: number | null;
}

/** Questions of similar wording the bot declined or was unsure about: a note to write or an alias to add. */
export interface GapCluster extends QuestionCluster {
  /** The existing notes closest to `text`, best first (at most 3). */
  closest: TopicRef[];
}

/** A note people voted down, with why. */
export interface DownVoted {
  id: string | null;
  title: string | null;
  down: number;
  up: number;
  /** Down votes by reason; `none` for a 👎 left without one. */
  reasons: Partial<Record<VoteReason | 'none', number>>;
}

/** A note answered often. */
export interface MostAsked {
  id: string;
  title: string | null;
  count: number;
  people: number;
}

/**
 * The report, also printed by `dockhand report --json` (one JSON object on one line). Every
 * count is over the questions and votes logged in [since, until). Fields may be added; none will
 * be renamed or removed without a major version.
 */
export interface LearnReport {
  /** ISO 8601 instants of the period. */
  since: string;
  until: string;
  /** All logged questions, help, lint and explain included. */
  questions: number;
  /** Distinct askers over all questions. */
  people: number;
  outcomes: Record<Outcome, number>;
  platforms: Record<Platform, number>;
  /** Answered, suggested and declined over all questions (answerRate as in RateCounts). */
  answerRate: number | null;
  byLang: Record<Lang, RateCounts>;
  /** Declined and suggested questions grouped by wording, most asked first. */
  gaps: GapCluster[];
  /** Declined or suggested questions logged without text (a button press): counted, never clustered. */
  gapsWithoutText: number;
  votes: { up: number; down: number };
  /** Notes with the most 👎, most first (at most `limit`). */
  downVoted: DownVoted[];
  /** Notes answered the most, most first (at most `limit`). */
  mostAsked: MostAsked[];
}

/** Options of buildReport. */
export interface ReportOptions {
  since: number;
  until: number;
  /** Ranks the existing notes for a gap; without it, `closest` is empty. */
  ranker?: Ranker;
  /** The title of a note in a language, or null when the note is gone. */
  title?: (id: string, lang: Lang) => string | null;
  /** How many gaps, down-voted and most asked notes to list. Default 20. */
  limit?: number;
}

const OUTCOMES: readonly Outcome[] = ['answered', 'suggested', 'declined', 'help', 'lint', 'explain'];

const zeroOutcomes = (): Record<Outcome, number> => ({ answered: 0, suggested: 0, declined: 0, help: 0, lint: 0, explain: 0 });

function rates(rows: readonly QuestionRecord[]): RateCounts {
  const c = { questions: rows.length, answered: 0, suggested: 0, declined: 0 };
  for (const r of rows) if (r.outcome === 'answered' || r.outcome === 'suggested' || r.outcome === 'declined') c[r.outcome]++;
  const asked = c.answered + c.suggested + c.declined;
  return { ...c, answerRate: asked ? round(c.answered / asked) : null };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Builds the report from the store's rows in [since, until). */
export async function buildReport(store: Pick<LearnStore, 'questionsSince' | 'votesSince'>, options: ReportOptions): Promise<LearnReport> {
  const inPeriod = <T extends { at: number }>(rows: T[]) => rows.filter((r) => r.at >= options.since && r.at < options.until);
  const [questions, votes] = await Promise.all([store.questionsSince(options.since), store.votesSince(options.since)]);
  return reportOf(inPeriod(questions), inPeriod(votes), options);
}

/** The report over rows already chosen. */
export function reportOf(questions: readonly QuestionRecord[], votes: readonly VoteRecord[], options: ReportOptions): LearnReport {
  const limit = options.limit ?? 20;
  const title = options.title ?? (() => null);
  const outcomes = zeroOutcomes();
  const platforms: Record<Platform, number> = { slack: 0, discord: 0, console: 0 };
  const people = new Set<string>();
  for (const q of questions) {
    outcomes[q.outcome]++;
    platforms[q.platform]++;
    if (q.asker) people.add(q.asker);
  }
  const unsure = questions.filter((q) => q.outcome === 'declined' || q.outcome === 'suggested');
  const texted = unsure.filter((q) => q.text);
  const gaps = clusterQuestions(texted.map((q) => ({ text: q.text!, lang: q.lang, asker: q.asker, outcome: q.outcome as 'declined' | 'suggested' })))
    .slice(0, limit)
    .map((c) => ({ ...c, closest: options.ranker ? options.ranker(c.text, c.lang).slice(0, 3) : [] }));
  return {
    since: new Date(options.since).toISOString(),
    until: new Date(options.until).toISOString(),
    questions: questions.length,
    people: people.size,
    outcomes,
    platforms,
    answerRate: rates(questions).answerRate,
    byLang: { en: rates(questions.filter((q) => q.lang === 'en')), zh: rates(questions.filter((q) => q.lang === 'zh')) },
    gaps,
    gapsWithoutText: unsure.length - texted.length,
    votes: { up: votes.filter((v) => v.vote === 1).length, down: votes.filter((v) => v.vote === -1).length },
    downVoted: downVoted(votes, title).slice(0, limit),
    mostAsked: mostAsked(questions, title).slice(0, limit),
  };
}

function downVoted(votes: readonly VoteRecord[], title: (id: string, lang: Lang) => string | null): DownVoted[] {
  const byTopic = new Map<string | null, DownVoted>();
  for (const v of votes) {
    let row = byTopic.get(v.topicId);
    if (!row) byTopic.set(v.topicId, (row = { id: v.topicId, title: v.topicId ? title(v.topicId, 'en') : null, down: 0, up: 0, reasons: {} }));
    if (v.vote === 1) {
      row.up++;
      continue;
    }
    row.down++;
    const reason = v.reason ?? 'none';
    row.reasons[reason] = (row.reasons[reason] ?? 0) + 1;
  }
  return [...byTopic.values()].filter((r) => r.down > 0).sort((a, b) => b.down - a.down || a.up - b.up || String(a.id).localeCompare(String(b.id)));
}

function mostAsked(questions: readonly QuestionRecord[], title: (id: string, lang: Lang) => string | null): MostAsked[] {
  const byTopic = new Map<string, { count: number; people: Set<string> }>();
  for (const q of questions) {
    if (q.outcome !== 'answered' || !q.topicId) continue;
    let row = byTopic.get(q.topicId);
    if (!row) byTopic.set(q.topicId, (row = { count: 0, people: new Set() }));
    row.count++;
    if (q.asker) row.people.add(q.asker);
  }
  return [...byTopic.entries()]
    .map(([id, r]) => ({ id, title: title(id, 'en'), count: r.count, people: r.people.size }))
    .sort((a, b) => b.count - a.count || b.people - a.people || a.id.localeCompare(b.id));
}

const pct = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The report as text for the terminal (`dockhand report`). */
export function formatReport(report: LearnReport): string {
  const lines = [
    `Question log ${report.since.slice(0, 16).replace('T', ' ')} to ${report.until.slice(0, 16).replace('T', ' ')} UTC`,
    `${plural(report.questions, 'question')} from ${plural(report.people, 'person', 'people')}; answered ${pct(report.answerRate)}`,
    `  outcomes: ${OUTCOMES.map((o) => `${o} ${report.outcomes[o]}`).join(', ')}`,
    ...(['en', 'zh'] as const).map((l) => {
      const r = report.byLang[l];
      return `  ${l}: ${plural(r.questions, 'question')}, answered ${pct(r.answerRate)} (${r.answered} answered, ${r.suggested} suggested, ${r.declined} declined)`;
    }),
    '',
    `What to write next (declined or unsure, similar wording grouped)${report.gaps.length ? ':' : ': nothing'}`,
  ];
  for (const g of report.gaps) {
    lines.push(`  ${g.count}× (${plural(g.people, 'person', 'people')}) "${g.text}"${g.closest.length ? `  closest: ${g.closest.map((c) => c.id).join(', ')}` : ''}`);
    for (const e of g.examples) lines.push(`       also "${e}"`);
  }
  if (report.gapsWithoutText) lines.push(`  and ${report.gapsWithoutText} without text`);
  lines.push('', `Votes: ${report.votes.up} 👍, ${report.votes.down} 👎${report.downVoted.length ? '; most 👎:' : ''}`);
  for (const d of report.downVoted) {
    const reasons = Object.entries(d.reasons).map(([r, n]) => `${r} ${n}`).join(', ');
    lines.push(`  ${d.down}👎 ${d.up}👍 ${d.id ?? '(no note)'}${reasons ? `  (${reasons})` : ''}`);
  }
  lines.push('', `Most asked notes${report.mostAsked.length ? ':' : ': none yet'}`);
  for (const m of report.mostAsked) lines.push(`  ${m.count}× (${plural(m.people, 'person', 'people')}) ${m.id}${m.title ? `  ${m.title}` : ''}`);
  return lines.join('\n');
}

/**
 * `--since`: `7d`, `24h`, `2w`, `90m`, or an ISO date (`2026-11-01`). Returns the instant, or null
 * when the text is none of those.
 */
export function parseSince(text: string, now: number): number | null {
  const m = /^(\d{1,5})([mhdw])$/.exec(text.trim());
  if (m) return now - Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'm' | 'h' | 'd' | 'w'];
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$/.test(text.trim())) return null;
  const at = Date.parse(text.trim());
  return Number.isFinite(at) ? at : null;
}

/** The engine's ranking as a Ranker: the top notes `explain` considered, with titles in `lang`. */
export function rankerOf(explain: (question: string, context: { lang: Lang }) => { ranked: string[] }, byId: ReadonlyMap<string, Topic>): Ranker {
  return (text, lang) =>
    explain(text, { lang })
      .ranked.slice(0, 3)
      .flatMap((id) => {
        const topic = byId.get(id);
        return topic ? [{ id, title: topic.title[lang] }] : [];
      });
}
