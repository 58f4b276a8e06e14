import type { SearchIndex } from './search-index.ts';
import { COMPARISON_LIFT } from './boosts.ts';
import { scoreBm25 } from './bm25.ts';
import { collect, type Evidence } from './evidence.ts';
import { TUNING } from './tuning.ts';

export { TUNING } from './tuning.ts';

/** A topic and how well it explains the question: 0..1, comparable across questions. */
export interface Candidate {
  topic: number;
  score: number;
}

/** A topic matched only through its body text (no alias, title or tag) stays under this. */
const BODY_ONLY_CAP = 0.35;

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
  /** BM25 of the question against the note's names and its body. */
  bm25: [number, number];
}

/** Notes BM25 ranks highest join the candidates even when the main score ranks them lower. */
const BM25_EXTRA = 5;
/** So do the notes the learned associations rank highest, even with no word in common. */
const ASSOC_EXTRA = 3;

/** The ranking, the evidence it came from, and how much of the question no note knows (0..1). */
export interface Ranking {
  candidates: DetailedCandidate[];
  unknownShare: number;
  evidence: Evidence;
  /** After reranking: the reranker's score of each candidate, in the new order. */
  rerankScores?: number[];
  /** The learned word–topic association of each topic that has one (see assoc.ts). */
  assoc?: Map<number, number>;
  /** The topic with the strongest association, when there is one. */
  assocBest?: number;
  /** The association of the question's words with no note at all (assoc.ts's NO_NOTE), 0..1. */
  assocNone?: number;
}

/** The ranking plus how much of the question no note knows (0..1): the off-topic signal. */
export function rankWithEvidence(index: SearchIndex, text: string, limit = 10, assoc?: Map<number, number>): Ranking {
  const evidence = collect(index, text);
  const total = evidence.terms.reduce((n, t) => n + t.weight, 0) + evidence.unknown;
  const raw = new Map<number, number>();
  for (const { term, weight } of evidence.terms) {
    for (const [topic, strength] of index.terms.get(term) ?? []) raw.set(topic, (raw.get(topic) ?? 0) + weight * strength);
  }
  for (const topic of evidence.boosts.keys()) if (!raw.has(topic)) raw.set(topic, 0);
  const associated = assoc ? strongest(assoc, ASSOC_EXTRA) : [];
  for (const topic of associated) if (!raw.has(topic)) raw.set(topic, 0);
  const asked = new Map(evidence.terms.map((t) => [t.term, t.weight]));
  const bm25 = scoreBm25(index.bm25, asked.keys());
  const namedBy = nameMatches(index, asked);
  const out: DetailedCandidate[] = [];
  for (const [topic, sum] of raw) {
    const coverage = total > 0 ? sum / total : 0;
    const named = namedBy.get(topic) ?? 0;
    const boost = (evidence.boosts.get(topic) ?? 0) + (evidence.comparison && index.comparisons.has(topic) ? COMPARISON_LIFT : 0);
    const a = TUNING.coverageExponent;
    const base = named > 0 ? coverage ** a * named ** (1 - a) : Math.min(coverage / 2, BODY_ONLY_CAP);
    out.push({ topic, score: base + boost, coverage, named, boost, bm25: bm25.get(topic) ?? [0, 0] });
  }
  // Sort on the uncapped score so two topics past 1.0 keep their order; report it capped.
  out.sort((a, b) => b.score - a.score || a.topic - b.topic);
  const candidates = out.slice(0, limit);
  const bySum = (c: DetailedCandidate) => c.bm25[0] + c.bm25[1];
  const extra = out.slice(limit).sort((a, b) => bySum(b) - bySum(a) || a.topic - b.topic).slice(0, BM25_EXTRA).filter((c) => bySum(c) > 0);
  const all = [...candidates, ...extra];
  for (const topic of associated) if (!all.some((c) => c.topic === topic)) all.push(out.find((c) => c.topic === topic)!);
  return { candidates: all, unknownShare: total > 0 ? evidence.unknown / total : 1, evidence, ...(assoc ? { assoc, assocBest: associated[0] } : {}) };
}

/** The `count` topics with the highest association, best first (ties by topic order). */
function strongest(assoc: Map<number, number>, count: number): number[] {
  const top: [number, number][] = [];
  for (const entry of assoc) {
    let at = top.length;
    while (at > 0 && (top[at - 1]![1] < entry[1] || (top[at - 1]![1] === entry[1] && top[at - 1]![0] > entry[0]))) at--;
    if (at < count) top.splice(at, 0, entry);
    if (top.length > count) top.pop();
  }
  return top.map(([topic]) => topic);
}

/**
 * Names looked up by term: every name of every note gets a number; for each term, the names that
 * contain it (by number) with the term's idf, and for each name its topic and the factor that
 * turns matched idf into a share. Derived once per index, so a question touches only the names
 * that share a term with it, in flat arrays: "docker" alone is in over 1,600 names, and a map
 * per topic made that loop the slowest part of a question.
 */
interface NameLookup {
  byTerm: Map<string, { names: Int32Array; idf: number }>;
  topicOf: Int32Array;
  factor: Float64Array;
  /** Scratch sums per name, zero between questions (only touched entries are reset). */
  sums: Float64Array;
}

const lookups = new WeakMap<SearchIndex, NameLookup>();

function nameLookup(index: SearchIndex): NameLookup {
  let lookup = lookups.get(index);
  if (lookup) return lookup;
  const lists = new Map<string, number[]>();
  const topicOf: number[] = [];
  const factor: number[] = [];
  index.names.forEach((names, topic) => {
    for (const name of names) {
      const id = topicOf.length;
      let all = 0;
      for (const term of name.terms) {
        all += index.idf.get(term) ?? 0;
        let list = lists.get(term);
        if (!list) lists.set(term, (list = []));
        list.push(id);
      }
      topicOf.push(topic);
      // A name made of common words ("docker") says little even when fully matched.
      factor.push(all > 0 ? (name.weight * (1 - Math.exp(-all / TUNING.nameInformation))) / all : 0);
    }
  });
  const byTerm = new Map<string, { names: Int32Array; idf: number }>();
  for (const [term, list] of lists) byTerm.set(term, { names: Int32Array.from(list), idf: index.idf.get(term) ?? 0 });
  lookup = { byTerm, topicOf: Int32Array.from(topicOf), factor: Float64Array.from(factor), sums: new Float64Array(topicOf.length) };
  lookups.set(index, lookup);
  return lookup;
}

/** Per topic, the best share (idf-weighted) of one of its names found among the question's terms. */
function nameMatches(index: SearchIndex, asked: Map<string, number>): Map<number, number> {
  const { byTerm, topicOf, factor, sums } = nameLookup(index);
  const touched: number[] = [];
  for (const term of asked.keys()) {
    const entry = byTerm.get(term);
    if (!entry) continue;
    for (const id of entry.names) {
      if (sums[id] === 0) touched.push(id);
      sums[id]! += entry.idf;
    }
  }
  const best = new Map<number, number>();
  for (const id of touched) {
    const topic = topicOf[id]!;
    const share = sums[id]! * factor[id]!;
    sums[id] = 0;
    if (share > (best.get(topic) ?? -1)) best.set(topic, share);
  }
  return best;
}
