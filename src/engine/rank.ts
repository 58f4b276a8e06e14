import { canonicalFlags, findCommands, findInstructions, isCodeLine } from './cli-forms.ts';
import { editDistance, searchVocabulary, type SearchIndex } from './search-index.ts';
import { EN_STOP, NEUTRAL, hasDigit, isFlag, latinTokens, questionHanTerms, stem, stripZhStop } from './terms.ts';
import { key } from '../text/normalize.ts';

/** A topic and how well it explains the question: 0..1, comparable across questions. */
export interface Candidate {
  topic: number;
  score: number;
}

/** Caps that keep a pasted wall of text as cheap as a short question. */
const MAX_TERMS = 48;
const MAX_FUZZY = 4;
/** Longer "words" are pasted hashes or noise: never worth a fuzzy lookup. */
const MAX_WORD = 24;
const CODE_WEIGHT = 0.35;
const MAX_PHRASE_TOKENS = 120;
const BOOST = { command: 0.15, commandFlag: 0.3, instruction: 0.2, phrase: 0.15, hanPhrase: 0.15, comparison: 0.12 } as const;
/** A topic matched only through its body text (no alias, title or tag) stays under this. */
const BODY_ONLY_CAP = 0.35;

/** Scoring knobs, in one place so their effect can be measured with `dockhand eval`. */
export const TUNING = {
  /** Weight of an unknown content word, as a share of the rarest known term's weight. */
  unknown: 1,
  /** Unknown Han characters weigh less: Chinese glue words are many and not all listed. */
  unknownHan: 0.7,
  /** score = coverage^a × nameMatch^(1-a). */
  coverageExponent: 0.5,
  /**
   * At or above answerBar: answer, provided no more than maxUnknownShare of the question is words
   * no note knows, or the score reaches sureBar anyway. Below, down to suggestBar: "did you mean".
   * Below that: "no note on that".
   */
  answerBar: 0.42,
  maxUnknownShare: 0.2,
  sureBar: 0.6,
  /** Scales the lifts for commands, flags, instructions and phrases named in the question. */
  boostScale: 0.75,
  /** idf mass at which a fully matched name counts about two thirds; rarer names count more. */
  nameInformation: 0.3,
  suggestBar: 0.28,
};

interface Term {
  term: string;
  weight: number;
}

interface Evidence {
  terms: Term[];
  unknown: number;
  boosts: Map<number, number>;
  /** The question asks for a difference: comparison notes that match get a lift. */
  comparison: boolean;
}

/**
 * Ranks topics for a cleaned question (NFKC, capped). A topic's score combines how much of the
 * question it explains (idf-weighted coverage, all fields) with how completely one of its names
 * (an alias, a title, a tag) appears in the question; both must be high for a confident answer.
 */
export function rank(index: SearchIndex, text: string, limit = 10): Candidate[] {
  return rankWithEvidence(index, text, limit).candidates.map((c) => ({ topic: c.topic, score: Math.min(1, c.score) }));
}

/** A candidate with the parts of its score (coverage, name match, lifts), for diagnostics. */
export interface DetailedCandidate extends Candidate {
  coverage: number;
  named: number;
  boost: number;
}

/** The ranking plus how much of the question no note knows (0..1): the off-topic signal. */
export function rankWithEvidence(index: SearchIndex, text: string, limit = 10): { candidates: DetailedCandidate[]; unknownShare: number } {
  const evidence = collect(index, text);
  const total = evidence.terms.reduce((n, t) => n + t.weight, 0) + evidence.unknown;
  const raw = new Map<number, number>();
  for (const { term, weight } of evidence.terms) {
    for (const [topic, strength] of index.terms.get(term) ?? []) raw.set(topic, (raw.get(topic) ?? 0) + weight * strength);
  }
  for (const topic of evidence.boosts.keys()) if (!raw.has(topic)) raw.set(topic, 0);
  const asked = new Map(evidence.terms.map((t) => [t.term, t.weight]));
  const out: DetailedCandidate[] = [];
  for (const [topic, sum] of raw) {
    const coverage = total > 0 ? sum / total : 0;
    const named = nameMatch(index, topic, asked);
    const boost = (evidence.boosts.get(topic) ?? 0) + (evidence.comparison && index.comparisons.has(topic) ? BOOST.comparison : 0);
    const a = TUNING.coverageExponent;
    const base = named > 0 ? coverage ** a * named ** (1 - a) : Math.min(coverage / 2, BODY_ONLY_CAP);
    out.push({ topic, score: base + boost, coverage, named, boost });
  }
  // Sort on the uncapped score so two topics past 1.0 keep their order; report it capped.
  out.sort((a, b) => b.score - a.score || a.topic - b.topic);
  return { candidates: out.slice(0, limit), unknownShare: total > 0 ? evidence.unknown / total : 1 };
}

/** The best share (idf-weighted) of one of the topic's names found among the question's terms. */
function nameMatch(index: SearchIndex, topic: number, asked: Map<string, number>): number {
  let best = 0;
  for (const name of index.names[topic]!) {
    let have = 0;
    let all = 0;
    for (const term of name.terms) {
      const idf = index.idf.get(term) ?? 0;
      all += idf;
      if (asked.has(term)) have += idf;
    }
    // A name made of common words ("docker") says little even when fully matched.
    const share = all > 0 ? (have / all) * name.weight * (1 - Math.exp(-all / TUNING.nameInformation)) : 0;
    if (share > best) best = share;
  }
  return best;
}

function collect(index: SearchIndex, text: string): Evidence {
  // Only a paste of several lines has code in it; a one-line question that starts with
  // "COPY" or "docker run" is still a question.
  const lines = text.split('\n').filter((l) => l.trim());
  const multi = lines.length > 1;
  const prose = lines.filter((l) => !multi || !isCodeLine(l)).join('\n');
  const code = multi ? lines.filter((l) => isCodeLine(l)).join('\n') : '';
  const hasProse = /[\p{L}]/u.test(prose);
  const evidence: Evidence = { terms: [], unknown: 0, boosts: new Map(), comparison: false };
  const seen = new Set<string>();
  const budget = { fuzzy: MAX_FUZZY };
  addTerms(index, (hasProse ? prose : code).toLowerCase(), 1, evidence, seen, budget, true);
  if (hasProse && code) addTerms(index, code.toLowerCase(), CODE_WEIGHT, evidence, seen, budget, false);
  addBoosts(index, text, hasProse ? prose.toLowerCase() : '', evidence);
  evidence.comparison = asksDifference(text);
  return evidence;
}

function addTerms(index: SearchIndex, lower: string, lineWeight: number, ev: Evidence, seen: Set<string>, budget: { fuzzy: number }, penalise: boolean): void {
  const unknownWeight = index.maxIdf * TUNING.unknown * lineWeight;
  const push = (term: string, factor: number) => {
    if (seen.has(term) || ev.terms.length >= MAX_TERMS) return;
    seen.add(term);
    const fixed = index.typos.get(term);
    if (fixed) return push(fixed, factor * 0.9);
    ev.terms.push({ term, weight: (index.idf.get(term) ?? 0) * factor * lineWeight });
  };
  for (const token of latinTokens(lower)) {
    if (EN_STOP.has(token) || (token.length < 2 && !isFlag(token))) continue;
    const term = stem(token);
    if (seen.has(term)) continue;
    if (index.terms.has(term)) {
      push(term, 1);
      continue;
    }
    if (NEUTRAL.has(token) || hasDigit(token) || isFlag(token)) continue;
    const fixed = budget.fuzzy > 0 && token.length >= 4 && token.length <= MAX_WORD ? fuzzy(index, token) : null;
    if (fixed) {
      budget.fuzzy--;
      push(fixed.term, fixed.factor);
    } else if (penalise) {
      seen.add(term);
      ev.unknown += unknownWeight;
    }
  }
  const known = (term: string) => index.terms.has(term);
  for (const run of stripZhStop(lower).match(/\p{Script=Han}+/gu) ?? []) {
    const covered = new Array<boolean>(run.length).fill(false);
    const marked = new Set<string>();
    // Each distinct term marks its occurrences once: "容器" pasted a thousand times stays linear.
    const mark = (term: string) => {
      if (marked.has(term)) return;
      marked.add(term);
      for (let at = run.indexOf(term); at >= 0; at = run.indexOf(term, at + 1)) {
        for (let i = at; i < at + term.length; i++) covered[i] = true;
      }
    };
    for (const term of questionHanTerms(run, known)) {
      if (!known(term)) continue;
      push(term, 1);
      mark(term);
    }
    // The segmenter splits some technical words wrongly (构建好慢 → 构 / 建好 / 慢). A pair that a
    // note's alias, title or tag uses is a word, wherever the segmenter put its boundaries.
    for (let i = 0; i + 1 < run.length; i++) {
      const pair = run.slice(i, i + 2);
      if (index.shortTerms.has(pair)) {
        push(pair, 1);
        mark(pair);
      } else if (known(pair)) {
        mark(pair);
      }
    }
    const missing = covered.filter((c) => !c).length;
    if (penalise && missing >= 2) ev.unknown += (missing / 2) * unknownWeight * TUNING.unknownHan;
  }
}

/**
 * Maps a misspelt word onto the vocabulary of titles, aliases and tags ("entrypoitn" →
 * "entrypoint"). Fuse finds candidates; only a real typo distance (one edit, two in long words)
 * is accepted, so an unknown word ("rebase", "helm") stays unknown instead of becoming a lookalike.
 */
function fuzzy(index: SearchIndex, token: string): { term: string; factor: number } | null {
  const allowed = token.length >= 8 ? 2 : 1;
  for (const hit of searchVocabulary(index.vocabulary, token, 5)) {
    if (editDistance(token, hit.item) <= allowed) return { term: hit.item, factor: 0.9 * (1 - (hit.score ?? 0)) };
  }
  return null;
}

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
function asksDifference(text: string): boolean {
  const lower = text.slice(0, 500).toLowerCase();
  return DIFFERENCE_CUES.some((cue) => lower.includes(cue));
}

function addBoosts(index: SearchIndex, text: string, proseLower: string, ev: Evidence): void {
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
      for (const canonical of canonicalFlags(flag, command)) boost(index.exact.get(`${command} ${canonical}`) ?? index.exact.get(canonical), BOOST.commandFlag);
    }
  }
  for (const hit of commands) {
    const base = index.exact.get(hit.command);
    const flagTopics = new Set<number>();
    boost(base, BOOST.command);
    for (const flag of hit.flags) {
      const topic = index.exact.get(`${hit.command} ${flag}`);
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
    for (const alias of index.hanAliases) if (compact.includes(alias.text)) boost(alias.topic, BOOST.hanPhrase);
  }
}
