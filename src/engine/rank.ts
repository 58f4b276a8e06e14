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

/** The ranking, the evidence it came from, and how much of the question no note knows (0..1). */
export interface Ranking {
  candidates: DetailedCandidate[];
  unknownShare: number;
  evidence: Evidence;
  /** After reranking: the reranker's score of each candidate, in the new order. */
  rerankScores?: number[];
}

/** The ranking plus how much of the question no note knows (0..1): the off-topic signal. */
export function rankWithEvidence(index: SearchIndex, text: string, limit = 10): Ranking {
  const evidence = collect(index, text);
  const total = evidence.terms.reduce((n, t) => n + t.weight, 0) + evidence.unknown;
  const raw = new Map<number, number>();
  for (const { term, weight } of evidence.terms) {
    for (const [topic, strength] of index.terms.get(term) ?? []) raw.set(topic, (raw.get(topic) ?? 0) + weight * strength);
  }
  for (const topic of evidence.boosts.keys()) if (!raw.has(topic)) raw.set(topic, 0);
  const asked = new Map(evidence.terms.map((t) => [t.term, t.weight]));
  const bm25 = scoreBm25(index.bm25, asked.keys());
  const out: DetailedCandidate[] = [];
  for (const [topic, sum] of raw) {
    const coverage = total > 0 ? sum / total : 0;
    const named = nameMatch(index, topic, asked);
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
  return { candidates: [...candidates, ...extra], unknownShare: total > 0 ? evidence.unknown / total : 1, evidence };
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
