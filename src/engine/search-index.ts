import Fuse from 'fuse.js';
import { exactKey, key } from '../text/normalize.ts';
import type { Topic } from '../types.ts';
import { buildBm25, type Bm25Index } from './bm25.ts';
import { errorFragments, type ErrorFragment } from './errors.ts';
import type { IdfLookup } from './postings.ts';
import { EN_STOP, HAN_GLUE_CHARS, indexTerms, latinTokens, questionHanTerms, stem, stripZhStop } from './terms.ts';

/** How strongly a term in each field ties a note to a question. Short fields beat the body. */
export const FIELD = { alias: 1, title: 1, id: 0.9, error: 0.7, tag: 0.6, summary: 0.4, body: 0.3, code: 0.2, hanChar: 0.5 } as const;

/** A latin alias of several words, matched as a phrase inside a question. */
export interface Phrase {
  tokens: string[];
  topic: number;
}

/**
 * Everything the ranker needs, built once from the topics. Terms map to the topics they occur in
 * with the strongest field's weight; idf down-weights terms most notes share ("container").
 */
export interface SearchIndex {
  topics: Topic[];
  terms: ReadonlyMap<string, ReadonlyMap<number, number>>;
  idf: IdfLookup;
  maxIdf: number;
  /** Normalised id, title and alias → topic index. */
  exact: Map<string, number>;
  /** First token → latin multi-word aliases starting with it. */
  phrases: Map<string, Phrase[]>;
  /** Chinese aliases of three or more characters, matched as substrings. */
  hanAliases: Array<{ text: string; topic: number }>;
  /**
   * Fuzzy lookup of misspelt words against the short-field vocabulary (titles, aliases, tags),
   * one small Fuse index per first letter: typos rarely hit the first letter, and searching ~100
   * words instead of thousands keeps a lookup in the tens of microseconds.
   */
  vocabulary: Map<string, VocabularyBucket>;
  /** The words behind `vocabulary`, so a cached index can rebuild it. */
  vocabularyWords: string[];
  /** Every term of an alias, title or tag (Latin and Han): words a note is named by. */
  shortTerms: Set<string>;
  /** Misspellings written as aliases ("contianer") → the word they misspell, so both count the same. */
  typos: Map<string, string>;
  /** Topics that compare others (`compares` is set): preferred when a question asks for a difference. */
  comparisons: Set<number>;
  /** Per topic: the content terms of each alias and title, and the weight of a full match (tags count less). */
  names: Array<Array<{ terms: string[]; weight: number }>>;
  /**
   * Han characters of titles, aliases and tags, searchable alone. The segmenter leaves many
   * one-character words (卷, 层, 删) and every typo of a two-character word (日至 for 日志) as
   * single characters; they count only where no longer term of the question covers them.
   */
  hanChars: Set<string>;
  /** Declared error-message fragments, longest first. */
  errors: ErrorFragment[];
  /** Term statistics for BM25, a second opinion for the reranker. */
  bm25: Bm25Index;
}

/**
 * Each term's idf over `count` notes from how many notes hold it, and the largest (derived, so a
 * cached index need not store it).
 */
export function termIdf(documentFrequencies: Iterable<[string, number]>, count: number): { idf: Map<string, number>; maxIdf: number } {
  const idf = new Map<string, number>();
  let maxIdf = 0;
  for (const [term, df] of documentFrequencies) {
    const value = idfOf(df, count);
    idf.set(term, value);
    if (value > maxIdf) maxIdf = value;
  }
  return { idf, maxIdf };
}

/** The idf of a term that `df` of the `count` notes hold. */
export function idfOf(df: number, count: number): number {
  return Math.log(1 + count / df);
}

/** The vocabulary words of one first letter, and their Fuse index. */
export interface VocabularyBucket {
  words: string[];
  fuse: Fuse<string>;
}

export function buildIndex(topics: Topic[]): SearchIndex {
  const terms = new Map<string, Map<number, number>>();
  const exact = new Map<string, number>();
  const phrases = new Map<string, Phrase[]>();
  const hanAliases: SearchIndex['hanAliases'] = [];
  const vocabularySet = new Set<string>();
  const names: SearchIndex['names'] = topics.map(() => []);
  const addName = (text: string, topic: number, weight: number) => {
    const lower = stripZhStop(text.toLowerCase());
    const latin = latinTokens(lower).filter((w) => !EN_STOP.has(w)).map(stem);
    const han = (lower.match(/\p{Script=Han}+/gu) ?? []).flatMap((run) => questionHanTerms(run, () => true));
    const all = [...new Set([...latin, ...han])];
    if (all.length) names[topic]!.push({ terms: all, weight });
  };
  const add = (term: string, topic: number, weight: number) => {
    let postings = terms.get(term);
    if (!postings) terms.set(term, (postings = new Map()));
    if ((postings.get(topic) ?? 0) < weight) postings.set(topic, weight);
  };
  const prose = new Set<string>();
  const shortTerms = new Set<string>();
  const hanChars = new Set<string>();
  const addChars = (text: string, topic: number, weight: number) => {
    for (const c of text.match(/\p{Script=Han}/gu) ?? []) {
      if (HAN_GLUE_CHARS.has(c)) continue;
      hanChars.add(c);
      add(c, topic, weight * FIELD.hanChar);
    }
  };
  const addText = (text: string, topic: number, weight: number, short: boolean) => {
    for (const term of indexTerms(text.toLowerCase(), short)) {
      add(term, topic, weight);
      if (short) shortTerms.add(term);
      else prose.add(term);
      if (short && /^[a-z][a-z0-9-]{3,}$/.test(term)) vocabularySet.add(term);
    }
  };

  topics.forEach((topic, i) => {
    exact.set(key(topic.id), i);
    exact.set(key(topic.id.replace(/-/g, ' ')), i);
    for (const part of topic.id.split('-')) add(stem(part), i, FIELD.id);
    for (const lang of ['en', 'zh'] as const) {
      const title = topic.title[lang];
      const titleKey = exactKey(title);
      if (!exact.has(titleKey)) exact.set(titleKey, i);
      addText(title, i, FIELD.title, true);
      addChars(title, i, FIELD.title);
      addName(title, i, 1);
      for (const alias of topic.aliases[lang]) {
        const k = key(alias);
        exact.set(exactKey(alias), i);
        addText(alias, i, FIELD.alias, true);
        addChars(stripZhStop(alias), i, FIELD.alias);
        addName(alias, i, 1);
        const tokens = latinTokens(k).map(stem);
        if (tokens.length >= 2 && !/\p{Script=Han}/u.test(k)) {
          const list = phrases.get(tokens[0]!) ?? [];
          list.push({ tokens, topic: i });
          phrases.set(tokens[0]!, list);
        }
        const han = k.replace(/\s+/g, '');
        if (/^[\p{Script=Han}a-z0-9-]+$/u.test(han) && (han.match(/\p{Script=Han}/gu)?.length ?? 0) >= 3) {
          hanAliases.push({ text: han, topic: i });
        }
      }
      const body = topic.body[lang];
      addText(body.summary, i, FIELD.summary, false);
      for (const section of body.sections) addText(`${section.heading ?? ''}\n${section.text}`, i, FIELD.body, false);
      for (const example of body.examples) addText(example.code, i, FIELD.code, false);
    }
    for (const tag of topic.tags) {
      addText(tag, i, FIELD.tag, true);
      addName(tag, i, FIELD.tag);
    }
    for (const e of topic.errors) {
      addText(e.text, i, FIELD.error, false);
      addName(e.text, i, FIELD.error);
    }
  });

  const { idf, maxIdf } = termIdf([...terms].map(([term, postings]): [string, number] => [term, postings.size]), topics.length);
  const vocabulary = buildVocabulary(vocabularySet);
  const typos = findTypos(vocabularySet, prose, terms, vocabulary);
  // The catalogue names comparison notes `a-vs-b`; some compare things that have no note of their own.
  const comparisons = new Set(topics.flatMap((t, i) => (t.compares.length || t.id.includes('-vs-') ? [i] : [])));
  return { topics, terms, idf, maxIdf, exact, phrases, hanAliases, vocabulary, vocabularyWords: [...vocabularySet], shortTerms, typos, comparisons, names, hanChars, errors: errorFragments(topics), bm25: buildBm25(topics) };
}

/**
 * A rare alias word that the notes' prose never uses, within a small edit of a much more common
 * word, is a misspelling that a note lists as an alias ("contianer" for "container"). Mapping it
 * lets every note about containers benefit, not only the few that listed the typo.
 */
function findTypos(vocabulary: Set<string>, prose: Set<string>, terms: Map<string, Map<number, number>>, buckets: Map<string, VocabularyBucket>): Map<string, string> {
  const typos = new Map<string, string>();
  for (const word of vocabulary) {
    const df = terms.get(word)?.size ?? 0;
    // Notes' prose is spelt right: a word it uses is a word, not a typo.
    if (word.length < 5 || df > 8 || prose.has(word)) continue;
    for (const hit of searchVocabulary(buckets, word, 8)) {
      const other = hit.item;
      if (other === word || other.startsWith(word) || word.startsWith(other) || editDistance(word, other) > 1) continue;
      if ((terms.get(other)?.size ?? 0) >= df * 3) {
        typos.set(word, other);
        break;
      }
    }
  }
  return typos;
}

/** Optimal-string-alignment distance (a swap of neighbours counts once), for short words only. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

export function buildVocabulary(words: Iterable<string>): Map<string, VocabularyBucket> {
  const byLetter = new Map<string, string[]>();
  for (const word of words) {
    const list = byLetter.get(word[0]!) ?? [];
    list.push(word);
    byLetter.set(word[0]!, list);
  }
  const out = new Map<string, VocabularyBucket>();
  for (const [letter, list] of byLetter) out.set(letter, { words: list, fuse: new Fuse(list, { includeScore: true, threshold: 0.34, minMatchCharLength: 3, ignoreLocation: true }) });
  return out;
}

/** Vocabulary words that look like `word`, best first. */
export function searchVocabulary(vocabulary: Map<string, VocabularyBucket>, word: string, limit: number): { item: string; score?: number }[] {
  return vocabulary.get(word[0]!)?.fuse.search(word, { limit }) ?? [];
}
