import { clean } from '../text/normalize.ts';
import { EN_STOP, HAN_GLUE_CHARS, latinTokens, stem, stripZhStop } from './terms.ts';

/**
 * Word–topic associations learned from labelled questions: which words people use when they
 * need a note, whether or not the note itself uses them ("时差" for the time-zone note, "vhdx"
 * for Desktop's disk). A second, independent opinion next to the ranking's text match: the
 * reranker weighs it per candidate, and the gate reads whether both opinions agree.
 *
 * Built by `npm run train` from the real-world train split and the notes' own aliases and titles
 * (the test split is never read); stored as counts so training can leave a question's own
 * counts out when it scores that question (see `AssocDoc`), as an unseen question would be.
 */

/**
 * The stored model (assoc.json), in arrays so it parses in a few milliseconds at start: per term
 * in `words`, a row in `rows` of its total weight over the labelled questions, then pairs of
 * (index into `ids`, weight of the questions about that topic).
 */
export interface AssocModel {
  /** Smoothing added to a term's total: a term seen once says less than one seen ten times. */
  beta: number;
  /** Total weight of all labelled questions, for the idf of a term. */
  total: number;
  ids: string[];
  words: string[];
  rows: number[][];
}

/** One labelled question as it entered the counts, so training can take it back out. */
export interface AssocDoc {
  terms: string[];
  ids: string[];
  weight: number;
}

/**
 * How a labelled real question enters the counts, shared by `npm run train` (which counts the
 * train split's covered questions so) and `dockhand eval` (which leaves them out again when it
 * scores them, so train-split figures are not read off their own counts).
 */
export function questionDoc(q: string, ids: string[]): AssocDoc {
  return { terms: assocTerms(q), ids: ids.length ? ids : [NO_NOTE], weight: 1 };
}

/**
 * The pseudo-topic a question no note covers is counted under, so the words of uncovered
 * questions ("helm", "pod", "青龙") say "no note" as loudly as others name one; the gate reads it.
 */
export const NO_NOTE = '(no note)';

/** A pasted wall of text is read only this far: the first words say what it is about. */
const MAX_TERMS = 120;

/**
 * A question's terms for the association model: Latin words as the ranking stems them, and Han
 * text as overlapping character pairs (no dictionary needed, so words no note uses still count).
 */
export function assocTerms(text: string): string[] {
  const lower = clean(text).toLowerCase();
  const out = new Set<string>();
  for (const token of latinTokens(lower)) {
    if (out.size >= MAX_TERMS) break;
    if (EN_STOP.has(token) || token.length < 2 || /^\d+$/.test(token)) continue;
    out.add(stem(token));
  }
  for (const run of stripZhStop(lower).match(/\p{Script=Han}+/gu) ?? []) {
    if (run.length === 1 && !HAN_GLUE_CHARS.has(run)) out.add(run);
    for (let i = 0; i + 1 < run.length && out.size < MAX_TERMS; i++) out.add(run.slice(i, i + 2));
  }
  return [...out];
}

/** Adds labelled questions into a model's counts (terms and topics in first-seen order). */
export function countDocs(docs: AssocDoc[], beta: number): AssocModel {
  const terms = new Map<string, { n: number; topics: Map<string, number> }>();
  let total = 0;
  for (const doc of docs) {
    total += doc.weight;
    for (const term of doc.terms) {
      let entry = terms.get(term);
      if (!entry) terms.set(term, (entry = { n: 0, topics: new Map() }));
      entry.n += doc.weight;
      for (const id of doc.ids) entry.topics.set(id, (entry.topics.get(id) ?? 0) + doc.weight / doc.ids.length);
    }
  }
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  const ids: string[] = [];
  const number = new Map<string, number>();
  const idOf = (id: string) => {
    let i = number.get(id);
    if (i === undefined) number.set(id, (i = ids.push(id) - 1));
    return i;
  };
  const rows = [...terms.values()].map((e) => [round(e.n), ...[...e.topics].flatMap(([id, c]) => [idOf(id), round(c)])]);
  return { beta, total: round(total), ids, words: [...terms.keys()], rows };
}

/** Checks a loaded model's shape, so a hand-edited or truncated assoc.json fails at start. */
export function checkAssocModel(model: AssocModel): AssocModel {
  const ok =
    Number.isFinite(model.beta) &&
    Number.isFinite(model.total) &&
    Array.isArray(model.ids) &&
    Array.isArray(model.words) &&
    Array.isArray(model.rows) &&
    model.words.length === model.rows.length &&
    model.rows.every((r) => r.length % 2 === 1 && r.every((v, k) => (k % 2 === 1 ? Number.isInteger(v) && v >= 0 && v < model.ids.length : Number.isFinite(v))));
  if (!ok) throw Object.assign(new Error('assoc.json does not hold a word–topic model: run npm run train'), { code: 'GATE_STALE' });
  return model;
}

/** The caller's number for each of the model's topic ids, -1 where `numberOf` has none. */
export function topicNumbers(model: AssocModel, numberOf: (id: string) => number | undefined): Int32Array {
  return Int32Array.from(model.ids, (id) => numberOf(id) ?? -1);
}

/** A model ready for lookups: the row of each term by its word. */
export interface AssocIndex {
  model: AssocModel;
  rowOf: Map<string, number>;
}

const compiled = new WeakMap<AssocModel, AssocIndex>();

/** Indexes a model once (cached per model object). */
export function assocIndex(model: AssocModel): AssocIndex {
  let index = compiled.get(model);
  if (!index) compiled.set(model, (index = { model, rowOf: new Map(model.words.map((w, i) => [w, i])) }));
  return index;
}

/**
 * Per topic, the idf-weighted share of the question's terms that questions about that topic used
 * (0..1), keyed by the caller's topic numbers: `numberOf[i]` is the number of the model's `ids[i]`,
 * or -1 for a topic the caller does not have (its share is dropped); see `topicNumbers`. Keyed by
 * number so a question allocates no strings. `exclude` takes one counted question back out
 * (training's leave-one-out).
 */
export function assocByNumber(index: AssocIndex, terms: string[], numberOf: Int32Array, exclude?: AssocDoc): Map<number, number> {
  const { model, rowOf } = index;
  const scores = new Map<number, number>();
  const own = exclude ? new Set(exclude.terms) : null;
  const ownIds = exclude ? new Set(exclude.ids) : null;
  let weight = 0;
  for (const term of terms) {
    const at = rowOf.get(term);
    const row = at === undefined ? undefined : model.rows[at]!;
    const mine = own?.has(term) ? exclude!.weight : 0;
    const n = (row?.[0] ?? 0) - mine;
    const idf = Math.log(1 + model.total / (1 + Math.max(n, 0)));
    weight += idf;
    if (!row || n <= 1e-9) continue;
    for (let k = 1; k + 1 < row.length; k += 2) {
      const topic = numberOf[row[k]!]!;
      if (topic < 0) continue;
      const c = row[k + 1]! - (mine && ownIds!.has(model.ids[row[k]!]!) ? exclude!.weight / exclude!.ids.length : 0);
      if (c > 1e-9) scores.set(topic, (scores.get(topic) ?? 0) + (idf * c) / (n + model.beta));
    }
  }
  if (weight > 0) for (const [topic, s] of scores) scores.set(topic, s / weight);
  return scores;
}
