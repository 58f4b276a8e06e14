import type { Topic } from '../types.ts';
import { BM25_POSTING, type IdfLookup } from './postings.ts';
import { indexTerms } from './terms.ts';

/**
 * Okapi BM25 over two fields of each note: its names (titles, aliases, tags, error fragments)
 * and its body (summary and sections). The main ranking asks "how fully is a name of this note
 * in the question"; BM25 asks "how much of this note's text does the question share, term by
 * term, with repetitions saturating". Long issue titles full of symptoms are better served by
 * the second, so the reranker gets both, and BM25's best notes join the candidates.
 */
export interface Bm25Index {
  /**
   * term → per topic, flat in threes (BM25_POSTING): topic, tf in names, tf in body. Flat, so
   * the index cache packs every term's list into one typed array (postings.ts).
   */
  postings: ReadonlyMap<string, ArrayLike<number>>;
  idf: IdfLookup;
  namesLength: Float64Array;
  bodyLength: Float64Array;
  avgNames: number;
  avgBody: number;
}

const K1 = 1.2;
const B = 0.75;

function count(into: Map<string, number>, text: string, short: boolean): number {
  let n = 0;
  for (const term of indexTerms(text.toLowerCase(), short)) {
    into.set(term, (into.get(term) ?? 0) + 1);
    n++;
  }
  return n;
}

/** BM25's idf of every term, from how many of the `count` notes hold it (derived, so a cached index need not store it). */
export function bm25Idf(postings: Bm25Index['postings'], count: number): Map<string, number> {
  const idf = new Map<string, number>();
  for (const [term, list] of postings) idf.set(term, bm25IdfOf(list.length / BM25_POSTING, count));
  return idf;
}

/** BM25's idf of a term that `df` of the `count` notes hold. */
export function bm25IdfOf(df: number, count: number): number {
  return Math.log(1 + (count - df + 0.5) / (df + 0.5));
}

export function buildBm25(topics: Topic[]): Bm25Index {
  const postings = new Map<string, number[]>();
  const namesLength = new Float64Array(topics.length);
  const bodyLength = new Float64Array(topics.length);
  topics.forEach((topic, i) => {
    const names = new Map<string, number>();
    const body = new Map<string, number>();
    let n = 0;
    let b = 0;
    for (const lang of ['en', 'zh'] as const) {
      n += count(names, [topic.title[lang], ...topic.aliases[lang]].join('\n'), true);
      b += count(body, [topic.body[lang].summary, ...topic.body[lang].sections.map((s) => `${s.heading ?? ''}\n${s.text}`)].join('\n'), false);
    }
    n += count(names, [...topic.tags, ...topic.errors.map((e) => e.text)].join('\n'), true);
    namesLength[i] = n;
    bodyLength[i] = b;
    for (const term of new Set([...names.keys(), ...body.keys()])) {
      let list = postings.get(term);
      if (!list) postings.set(term, (list = []));
      list.push(i, names.get(term) ?? 0, body.get(term) ?? 0);
    }
  });
  const idf = bm25Idf(postings, topics.length);
  const avg = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);
  return { postings, idf, namesLength, bodyLength, avgNames: avg(namesLength), avgBody: avg(bodyLength) };
}

/** BM25 of the question's terms against every note they occur in: topic → [names, body]. */
export function scoreBm25(index: Bm25Index, terms: Iterable<string>): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  const part = (tf: number, length: number, avg: number) => (tf === 0 ? 0 : (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / avg)));
  for (const term of new Set(terms)) {
    const idf = index.idf.get(term);
    if (idf === undefined) continue;
    const list = index.postings.get(term)!;
    for (let i = 0; i < list.length; i += BM25_POSTING) {
      const topic = list[i]!;
      const s = out.get(topic) ?? [0, 0];
      s[0] += idf * part(list[i + 1]!, index.namesLength[topic]!, index.avgNames);
      s[1] += idf * part(list[i + 2]!, index.bodyLength[topic]!, index.avgBody);
      out.set(topic, s);
    }
  }
  return out;
}
