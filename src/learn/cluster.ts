/**
 * Groups logged questions by similar wording, so the report says "12 people asked about helm
 * charts" once instead of listing twelve sentences. Deterministic (the same rows always give the
 * same clusters, in the same order) and linear-ish: candidates come from an inverted index of
 * features, and only questions sharing a feature are compared.
 *
 * Features of a question: its English content words, lightly stemmed (the engine's stop words
 * and stemmer), and the words Intl.Segmenter finds in its Chinese minus the engine's glue words
 * (character pairs would break 私有 when glue removal takes its 有, and add pairs across words
 * such as 里部). Similarity is the Jaccard index of two feature sets.
 */
import { EN_STOP, HAN_GLUE_CHARS, ZH_STOP, latinTokens, stem } from '../engine/terms.ts';
import { key } from '../text/normalize.ts';
import type { Lang } from '../types.ts';

/** Words every question here shares: they say nothing about which gap it is. */
const GENERIC = new Set(['docker', 'container', 'dockerfile', '容器', 'docker-compose'].map(stem));

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
/** The engine's glue words, and a few place and "use" characters that its ranking keeps but that say nothing here. */
const ZH_GLUE = new Set([...ZH_STOP, '里', '用', '中']);
/** Short forms people use for the same thing. */
const SAME = new Map([['k8s', stem('kubernetes')], ['k3s', stem('kubernetes')]]);

/** Two questions at least this similar are the same gap. */
export const SIMILAR = 0.4;

/** One question to cluster. `asker` is the stored hash (null when unknown). */
export interface ClusterInput {
  text: string;
  lang: Lang;
  asker: string | null;
  outcome: 'declined' | 'suggested';
}

/** A group of similar questions. */
export interface QuestionCluster {
  /** The most asked wording (ties: the alphabetically first). */
  text: string;
  /** The language most of its questions were asked in (ties: en). */
  lang: Lang;
  /** Questions in the cluster, repeats included. */
  count: number;
  /** Distinct askers (questions logged without one do not count). */
  people: number;
  /** How many were declined and how many got "did you mean". */
  outcomes: { declined: number; suggested: number };
  /** Other wordings, most asked first, at most 3. */
  examples: string[];
}

/** The feature set of a question (empty for a question with no content words). */
export function features(text: string): Set<string> {
  const lower = key(text);
  const out = new Set<string>();
  for (const word of latinTokens(lower)) {
    if (EN_STOP.has(word)) continue;
    const stemmed = SAME.get(word) ?? stem(word);
    if (!GENERIC.has(stemmed)) out.add(stemmed);
  }
  for (const [run] of lower.matchAll(HAN_RUN)) {
    for (const { segment } of segmenter.segment(run)) {
      if (!HAN.test(segment) || ZH_GLUE.has(segment) || GENERIC.has(segment)) continue;
      if (segment.length === 1 && HAN_GLUE_CHARS.has(segment)) continue;
      out.add(segment);
    }
  }
  return out;
}

/** The Jaccard index of two sets: shared over all. 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size && !b.size) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const x of small) if (large.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/** One distinct wording and everything asked with it. */
interface Wording {
  text: string;
  count: number;
  askers: Set<string>;
  langs: { en: number; zh: number };
  outcomes: { declined: number; suggested: number };
  features: Set<string>;
}

interface Group {
  members: Wording[];
}

/** Distinct wordings, most asked first (ties alphabetical, so the order never depends on input order). */
function wordings(items: readonly ClusterInput[]): Wording[] {
  const byText = new Map<string, Wording>();
  for (const item of items) {
    // "…kubernetes?" and "…kubernetes" are one wording.
    const text = key(item.text).replace(/[\s?？!！.。,，~]+$/u, '');
    if (!text) continue;
    let w = byText.get(text);
    if (!w) {
      w = { text, count: 0, askers: new Set(), langs: { en: 0, zh: 0 }, outcomes: { declined: 0, suggested: 0 }, features: features(text) };
      byText.set(text, w);
    }
    w.count++;
    if (item.asker) w.askers.add(item.asker);
    w.langs[item.lang]++;
    w.outcomes[item.outcome]++;
  }
  return [...byText.values()].sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

/**
 * Clusters questions: each wording, most asked first, joins the group it is most similar to
 * (at least `threshold` to some member and half that to the group's first wording, so chains of
 * loosely related questions do not merge everything), or starts a new one. Groups come out
 * most asked first.
 */
export function clusterQuestions(items: readonly ClusterInput[], threshold = SIMILAR): QuestionCluster[] {
  const groups: Group[] = [];
  const index = new Map<string, Set<number>>();
  for (const w of wordings(items)) {
    let best = -1;
    let bestScore = 0;
    const candidates = new Set<number>();
    for (const f of w.features) for (const g of index.get(f) ?? []) candidates.add(g);
    for (const g of [...candidates].sort((a, b) => a - b)) {
      const { members } = groups[g]!;
      if (jaccard(w.features, members[0]!.features) < threshold / 2) continue;
      let score = 0;
      for (const m of members) score = Math.max(score, jaccard(w.features, m.features));
      if (score >= threshold && score > bestScore) {
        best = g;
        bestScore = score;
      }
    }
    if (best < 0) {
      best = groups.length;
      groups.push({ members: [] });
    }
    groups[best]!.members.push(w);
    for (const f of w.features) {
      let set = index.get(f);
      if (!set) index.set(f, (set = new Set()));
      set.add(best);
    }
  }
  return groups.map(summarise).sort((a, b) => b.count - a.count || b.people - a.people || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

function summarise({ members }: Group): QuestionCluster {
  const askers = new Set<string>();
  const langs = { en: 0, zh: 0 };
  const outcomes = { declined: 0, suggested: 0 };
  let count = 0;
  for (const m of members) {
    count += m.count;
    for (const a of m.askers) askers.add(a);
    langs.en += m.langs.en;
    langs.zh += m.langs.zh;
    outcomes.declined += m.outcomes.declined;
    outcomes.suggested += m.outcomes.suggested;
  }
  return {
    text: members[0]!.text,
    lang: langs.zh > langs.en ? 'zh' : 'en',
    count,
    people: askers.size,
    outcomes,
    examples: members.slice(1, 4).map((m) => m.text),
  };
}
