import type { Lang } from '../types.ts';
import type { AssocModel } from './assoc.ts';
import type { Ranking } from './rank.ts';
import type { SearchIndex } from './search-index.ts';

/**
 * The confidence gate: a small logistic model that reads the ranking's features and says how
 * likely the first candidate is the note the asker needs. Trained by `npm run train` on the
 * train split of the real-world questions (plus the notes' aliases as positives); its weights
 * live in gate.json. Pure arithmetic over the ranking, so the same question always gets the same
 * answer.
 */

/** Feature names, in the order of the weight vector. Changing them needs `npm run train`. */
export const GATE_FEATURES = [
  'score',
  'margin',
  'coverage',
  'named',
  'boosted',
  'unknownShare',
  'specificShare',
  'bestIdf',
  'terms',
  'length',
  'zh',
  'nameTerms',
  'rerankTop',
  'assoc',
  'assocAgree',
  'assocMax',
  'bm25Agree',
  'assocRatio',
  'rerankProb',
  'topicPrior',
  'assocNone',
] as const;

/** Per-candidate features the reranker reads, in the order of its weights. */
export const RERANK_FEATURES = ['score', 'coverage', 'named', 'boost', 'specific', 'matchedShare', 'nameTerms', 'bodyOnly', 'bm25Names', 'bm25Body', 'bm25Share', 'assoc', 'assocBest'] as const;

/** A linear model over standardised features (the reranker). */
export interface LinearModel {
  features: readonly string[];
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

/**
 * How often each note was right when it ranked first on the training questions (the train split
 * and the held-out-note negatives), as weighted counts: some notes are the ranking's habitual
 * wrong answer to questions no note covers ("orchestration" for Swarm bugs), and the gate reads
 * that. Smoothed towards `base` by `smoothing` pseudo-questions, so a rarely seen note says little.
 */
export interface TopicPriors {
  smoothing: number;
  base: number;
  right: Record<string, number>;
  seen: Record<string, number>;
}

/** A labelled training question to leave out of the priors when it is scored (as in `npm run train`). */
export interface PriorExclude {
  ids: string[];
  weight: number;
}

/** The prior a gate without priors reads (and the gate features' default). */
export const NO_PRIOR = 0.5;

/** The prior for the note ranked first: its smoothed share of right answers (NO_PRIOR with no priors). */
export function topicPrior(priors: TopicPriors | undefined, id: string | null, exclude?: PriorExclude): number {
  if (!priors) return NO_PRIOR;
  if (id === null) return priors.base;
  let right = priors.right[id] ?? 0;
  let seen = priors.seen[id] ?? 0;
  if (exclude && seen >= exclude.weight) {
    seen -= exclude.weight;
    if (exclude.ids.includes(id)) right = Math.max(0, right - exclude.weight);
  }
  return (right + priors.smoothing * priors.base) / (seen + priors.smoothing);
}

/** The trained model as stored in gate.json. */
export interface GateModel extends LinearModel {
  /** Per-note priors the gate's last feature reads (see TopicPriors). */
  priors?: TopicPriors;
  /** Reorders the ranking's first candidates before the gate looks at the winner. */
  rerank?: LinearModel;
  /** The learned word–topic associations both models read (assoc.json, written with them). */
  assoc?: AssocModel;
  /** Probability at or above which the bot answers. */
  answerAt: number;
  /** Per language, when trained so: each language keeps the confident-wrong limit on its own. */
  answerAtByLang?: Partial<Record<Lang, number>>;
  /** Probability at or above which it offers "did you mean"; below, it declines. */
  suggestAt: number;
}

/** A term is generic when more than this share of notes use it ("docker", "容器", "run"). */
const GENERIC_DF = 0.08;
const GENERIC_IDF = Math.log(1 + 1 / GENERIC_DF);

/** How much of the question's evidence one topic matches, and how much of that is specific. */
function matchOf(index: SearchIndex, ranking: Ranking, topic: number, asked: Set<string>): { matched: number; specific: number; bestIdf: number; total: number; nameTerms: number } {
  let matched = 0;
  let specific = 0;
  let bestIdf = 0;
  let total = 0;
  for (const { term, weight } of ranking.evidence.terms) {
    total += weight;
    const strength = index.terms.get(term)?.get(topic);
    if (!strength) continue;
    const idf = index.idf.get(term) ?? 0;
    matched += weight * strength;
    if (idf > GENERIC_IDF) specific += weight * strength;
    if (idf > bestIdf) bestIdf = idf;
  }
  let nameTerms = 0;
  for (const name of index.names[topic]!) {
    let found = 0;
    for (const t of name.terms) if (asked.has(t)) found++;
    if (found > nameTerms) nameTerms = found;
  }
  return { matched, specific, bestIdf, total, nameTerms };
}

/** The reranker's inputs for the candidate at `position` of a ranking. */
export function candidateFeatures(index: SearchIndex, ranking: Ranking, position: number, asked = askedTerms(ranking)): number[] {
  const c = ranking.candidates[position]!;
  const m = matchOf(index, ranking, c.topic, asked);
  return [
    Math.min(1.5, c.score),
    Math.min(1, c.coverage),
    c.named,
    c.boost,
    m.matched > 0 ? m.specific / m.matched : 0,
    m.total > 0 ? Math.min(1, m.matched / m.total) : 0,
    Math.min(m.nameTerms, 4),
    c.named === 0 ? 1 : 0,
    Math.log1p(c.bm25[0]),
    Math.log1p(c.bm25[1]),
    bm25Share(ranking, c),
    ranking.assoc?.get(c.topic) ?? 0,
    ranking.assocBest === c.topic ? 1 : 0,
  ];
}

/** A candidate's BM25 total as a share of the best total among the candidates. */
function bm25Share(ranking: Ranking, c: Ranking['candidates'][number]): number {
  let best = 0;
  for (const x of ranking.candidates) best = Math.max(best, x.bm25[0] + x.bm25[1]);
  return best > 0 ? (c.bm25[0] + c.bm25[1]) / best : 0;
}

/** The question's terms, looked up once per ranking. */
function askedTerms(ranking: Ranking): Set<string> {
  return new Set(ranking.evidence.terms.map((t) => t.term));
}

/** A linear model's raw score for standardised features. */
export function linear(model: LinearModel, features: number[]): number {
  let z = model.bias;
  for (let i = 0; i < features.length; i++) z += model.weights[i]! * ((features[i]! - model.mean[i]!) / model.scale[i]!);
  return z;
}

/**
 * Reorders a ranking's candidates by the reranker (stable for ties), keeping the order of the
 * rest. Returns the ranking unchanged without a reranker.
 */
export function rerank(index: SearchIndex, ranking: Ranking, model: LinearModel | undefined): Ranking {
  if (!model || ranking.candidates.length < 2) return ranking;
  const asked = askedTerms(ranking);
  const scored = ranking.candidates.map((c, i) => ({ c, z: linear(model, candidateFeatures(index, ranking, i, asked)), i }));
  scored.sort((a, b) => b.z - a.z || a.i - b.i);
  return { ...ranking, candidates: scored.map((s) => s.c), rerankScores: scored.map((s) => s.z) };
}

/** The gate's inputs for the first candidate of a ranking. */
export function gateFeatures(index: SearchIndex, ranking: Ranking, lang: Lang, text: string, prior = NO_PRIOR): number[] {
  const [best, second] = ranking.candidates;
  if (!best) return GATE_FEATURES.map((f) => (f === 'topicPrior' ? prior : 0));
  const { matched, specific, bestIdf, nameTerms } = matchOf(index, ranking, best.topic, askedTerms(ranking));
  const score = Math.min(1, best.score);
  const [z1, z2] = ranking.rerankScores ?? [];
  const own = ranking.assoc?.get(best.topic) ?? 0;
  const strongest = ranking.assocBest === undefined ? 0 : (ranking.assoc?.get(ranking.assocBest) ?? 0);
  return [
    score,
    z1 !== undefined && z2 !== undefined ? Math.tanh((z1 - z2) / 2) : score - Math.min(1, second?.score ?? 0),
    Math.min(1, best.coverage),
    best.named,
    best.boost > 0 ? 1 : 0,
    ranking.unknownShare,
    matched > 0 ? specific / matched : 0,
    index.maxIdf > 0 ? bestIdf / index.maxIdf : 0,
    Math.log1p(ranking.evidence.terms.length),
    Math.log1p(text.length),
    lang === 'zh' ? 1 : 0,
    Math.min(nameTerms, 4),
    z1 === undefined ? score : 1 / (1 + Math.exp(-z1)),
    own,
    ranking.assocBest === best.topic ? 1 : 0,
    strongest,
    bm25Share(ranking, best) >= 1 ? 1 : 0,
    strongest > 0 ? own / strongest : 0,
    softmaxFirst(ranking.rerankScores),
    prior,
    ranking.assocNone ?? 0,
  ];
}

/** The reranker's softmax probability of its first candidate among all of them. */
function softmaxFirst(z: number[] | undefined): number {
  if (!z?.length) return 1;
  let sum = 0;
  for (const v of z) sum += Math.exp(v - z[0]!);
  return 1 / sum;
}

/** The model's probability that the first candidate is right. */
export function gateProbability(model: GateModel, features: number[]): number {
  return 1 / (1 + Math.exp(-linear(model, features)));
}

/** Checks that a loaded model fits this code's features, so a stale gate.json fails loudly. */
export function checkGateModel(model: GateModel): GateModel {
  const same = model.features.length === GATE_FEATURES.length && model.features.every((f, i) => f === GATE_FEATURES[i]);
  const sized = [model.mean, model.scale, model.weights].every((v) => v.length === GATE_FEATURES.length);
  const r = model.rerank;
  const rerankFits = !r || (r.features.length === RERANK_FEATURES.length && r.features.every((f, i) => f === RERANK_FEATURES[i]) && r.weights.length === RERANK_FEATURES.length);
  if (!same || !sized || !rerankFits) throw Object.assign(new Error('gate.json does not match the gate features: run npm run train'), { code: 'GATE_STALE' });
  return model;
}
