import { canonicalFlags, findCommands, findInstructions } from './cli-forms.ts';
import type { Evidence } from './evidence.ts';
import type { SearchIndex } from './search-index.ts';
import { isFlag, latinTokens, stem } from './terms.ts';
import { TUNING } from './tuning.ts';
import { key } from '../text/normalize.ts';

/**
 * Lifts for what a question names outright: a docker command and its flags, Dockerfile
 * instructions, an alias phrase. They are added to the score, scaled by TUNING.boostScale.
 */
const BOOST = { command: 0.15, commandFlag: 0.3, instruction: 0.2, phrase: 0.15, hanPhrase: 0.15 } as const;
/** Lift for a comparison note when the question asks for a difference. */
export const COMPARISON_LIFT = 0.12;
const MAX_PHRASE_TOKENS = 120;

/**
 * A paste that uses two things one note compares (ENTRYPOINT and CMD, `docker save` and `docker
 * export`) is most likely asking how they interact: lift that note above either side.
 */
function pairBoost(index: SearchIndex, ev: Evidence): void {
  if (ev.boosts.size < 2) return;
  for (const topic of index.comparisons) {
    const sides = index.topics[topic]!.compares.map((id) => index.exact.get(id));
    const hit = sides.filter((i): i is number => i !== undefined && ev.boosts.has(i));
    if (hit.length >= 2) ev.boosts.set(topic, Math.max(...hit.map((i) => ev.boosts.get(i)!)) + 0.05);
  }
}

const DIFFERENCE_CUES = [' vs', 'vs ', 'versus', 'difference', ' or ', 'compare', 'better', 'instead of', '区别', '不同', '差别', '差异', '对比', '还是', '哪个', '异同'];

/** Whether the question asks to compare things: comparison notes then get a small lift. */
export function asksDifference(text: string): boolean {
  const lower = text.slice(0, 500).toLowerCase();
  return DIFFERENCE_CUES.some((cue) => lower.includes(cue));
}

export function addBoosts(index: SearchIndex, text: string, proseLower: string, ev: Evidence): void {
  const boost = (topic: number | undefined, amount: number) => {
    if (topic === undefined) return;
    ev.boosts.set(topic, Math.max(ev.boosts.get(topic) ?? 0, amount * TUNING.boostScale));
  };
  const commands = findCommands(text);
  const flagged = new Set(commands.flatMap((c) => c.flags));
  // Flags asked about on their own ("what does -it mean") belong to the command named, or to `docker run`.
  const bare = latinTokens(proseLower).filter((t) => isFlag(t) && !flagged.has(t));
  if (bare.length) {
    const command = commands[0]?.command ?? 'docker run';
    for (const flag of bare.slice(0, 4)) {
      for (const canonical of canonicalFlags(flag, command)) boost(index.exact.get(key(`${command} ${canonical}`)) ?? index.exact.get(key(canonical)), BOOST.commandFlag);
    }
  }
  for (const hit of commands) {
    const base = index.exact.get(hit.command);
    const flagTopics = new Set<number>();
    boost(base, BOOST.command);
    for (const flag of hit.flags) {
      // Exact keys are lower-cased, so `-P` (publish all) finds the same note as `-p`.
      const topic = index.exact.get(key(`${hit.command} ${flag}`));
      if (topic !== undefined && topic !== base) {
        flagTopics.add(topic);
        boost(topic, BOOST.commandFlag);
      }
    }
    // A command pasted with several flags is a question about the command, not one flag.
    if (flagTopics.size >= 2) boost(base, BOOST.commandFlag + 0.05);
  }
  // Each instruction named says less the more different ones there are (a pasted Dockerfile).
  const instructions = findInstructions(text);
  for (const word of instructions) {
    const lower = word.toLowerCase();
    boost(index.exact.get(lower) ?? index.exact.get(`${lower} instruction`), BOOST.instruction / instructions.length);
  }
  pairBoost(index, ev);
  if (!proseLower) return;
  const tokens = latinTokens(proseLower).map((t) => {
    const s = stem(t);
    return index.typos.get(s) ?? s;
  });
  // Aliases are looked for near the question, not deep inside a paste.
  tokens.slice(0, MAX_PHRASE_TOKENS).forEach((token, i) => {
    for (const phrase of index.phrases.get(token) ?? []) {
      if (phrase.tokens.every((t, j) => tokens[i + j] === t)) boost(phrase.topic, BOOST.phrase);
    }
  });
  const compact = key(proseLower).replace(/\s+/g, '');
  if (/\p{Script=Han}/u.test(compact)) {
    const starts = hanAliasStarts(index);
    for (let i = 0; i + 1 < compact.length; i++) {
      for (const alias of starts.get(compact.slice(i, i + 2)) ?? []) if (compact.startsWith(alias.text, i)) boost(alias.topic, BOOST.hanPhrase);
    }
  }
}

const aliasStarts = new WeakMap<SearchIndex, Map<string, SearchIndex['hanAliases']>>();

/**
 * The Chinese aliases by their first two characters, so finding which ones a question contains
 * looks only at the aliases that start where the question has those characters, instead of
 * searching the question for each of the two thousand aliases.
 */
function hanAliasStarts(index: SearchIndex): Map<string, SearchIndex['hanAliases']> {
  let starts = aliasStarts.get(index);
  if (starts) return starts;
  starts = new Map();
  for (const alias of index.hanAliases) {
    const head = alias.text.slice(0, 2);
    const list = starts.get(head);
    if (list) list.push(alias);
    else starts.set(head, [alias]);
  }
  aliasStarts.set(index, starts);
  return starts;
}
