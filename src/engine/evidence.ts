import { isCodeLine } from './cli-forms.ts';
import { addBoosts, asksDifference } from './boosts.ts';
import { editDistance, searchVocabulary, type SearchIndex } from './search-index.ts';
import { EN_STOP, NEUTRAL, hasDigit, isFlag, latinTokens, questionHanTerms, stem, stripZhStop } from './terms.ts';
import { TUNING } from './tuning.ts';

/** Caps that keep a pasted wall of text as cheap as a short question. */
const MAX_TERMS = 48;
const MAX_FUZZY = 4;
/** Longer "words" are pasted hashes or noise: never worth a fuzzy lookup. */
const MAX_WORD = 24;
const CODE_WEIGHT = 0.35;
/** A lone character says less than a word: 卷 alone is weaker evidence than 数据卷. */
const HAN_CHAR_FACTOR = 0.6;

/** A search term of the question and how much it counts (idf × where it stood). */
export interface Term {
  term: string;
  weight: number;
}

/** What a question offers the ranking: its terms, the weight of words no note knows, and lifts. */
export interface Evidence {
  terms: Term[];
  unknown: number;
  boosts: Map<number, number>;
  /** The question asks for a difference: comparison notes that match get a lift. */
  comparison: boolean;
}

/** Reads a cleaned question into evidence: prose counts fully, pasted code lines less. */
export function collect(index: SearchIndex, text: string): Evidence {
  // Only a paste of several lines has code in it; a one-line question that starts with
  // "COPY" or "docker run" is still a question.
  const lines = text.split('\n').filter((l) => l.trim());
  const multi = lines.length > 1;
  const proseLines: string[] = [];
  const codeLines: string[] = [];
  for (const line of lines) (multi && isCodeLine(line) ? codeLines : proseLines).push(line);
  const prose = proseLines.join('\n');
  const code = codeLines.join('\n');
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
    // The vocabulary holds stems, so a misspelt inflected word is compared by its stem first
    // ("restaring" → "restar" is one edit from "restart"; the whole word is three).
    const fixed = budget.fuzzy > 0 && token.length >= 4 && token.length <= MAX_WORD ? ((term !== token ? fuzzy(index, term) : null) ?? fuzzy(index, token)) : null;
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
    // What no word covers may still be a one-character word or half of a mistyped one.
    for (let i = 0; i < run.length; i++) {
      const c = run[i]!;
      if (covered[i] || !index.hanChars.has(c)) continue;
      push(c, HAN_CHAR_FACTOR);
      covered[i] = true;
    }
    const missing = covered.filter((c) => !c).length;
    if (penalise && missing >= 2) ev.unknown += (missing / 2) * unknownWeight * TUNING.unknownHan;
  }
}

/**
 * Whether any vocabulary word Fuse could return for `token` (same first letter) is within
 * `allowed` edits. Most unknown words are names ("gitlab", "ConcurrentHashMap") with no near
 * word at all; checking the distance directly is a hundred times cheaper than Fuse's search,
 * and when it finds nothing Fuse could not have found an accepted hit either.
 */
function hasNearWord(index: SearchIndex, token: string, allowed: number): boolean {
  for (const word of index.vocabulary.get(token[0]!)?.words ?? []) {
    if (Math.abs(word.length - token.length) <= allowed && editDistance(token, word) <= allowed) return true;
  }
  return false;
}

/**
 * Maps a misspelt word onto the vocabulary of titles, aliases and tags ("entrypoitn" →
 * "entrypoint"). Fuse finds candidates; only a real typo distance (one edit, two in long words)
 * is accepted, so an unknown word ("rebase", "helm") stays unknown instead of becoming a lookalike.
 */
function fuzzy(index: SearchIndex, token: string): { term: string; factor: number } | null {
  const allowed = token.length >= 8 ? 2 : 1;
  if (!hasNearWord(index, token, allowed)) return null;
  for (const hit of searchVocabulary(index.vocabulary, token, 5)) {
    if (editDistance(token, hit.item) <= allowed) return { term: hit.item, factor: 0.9 * (1 - (hit.score ?? 0)) };
  }
  return null;
}
