/**
 * The index's two posting tables (term → topic → strength, and BM25's term → triples) packed in
 * typed arrays over one shared word list, and read back as `ReadonlyMap`s. A one-shot
 * `dockhand ask` touches a few dozen of the ~20,000 terms: building a Map per term, and an idf
 * Map over all of them, was most of a cached start, so a term's postings are built on its first
 * `get` and its idf is computed when asked. Typed arrays also pass through `v8.serialize` as one
 * block each.
 */
export interface PackedPostings {
  /** The index's terms first, then the words only BM25 holds; joined by "\n" (no term holds one). */
  words: string;
  /** Postings of the i-th term: `topics` and `strengths` from `offsets[i]` to `offsets[i + 1]`; one entry more than there are index terms. */
  offsets: Uint32Array;
  topics: Uint16Array;
  strengths: Float64Array;
  /** BM25 triples (topic, tf in names, tf in body) of the i-th word: `bm25` from `bm25Offsets[i]` to `bm25Offsets[i + 1]`. */
  bm25Offsets: Uint32Array;
  bm25: Float64Array;
}

/** Numbers per BM25 posting: topic, tf in names, tf in body. */
export const BM25_POSTING = 3;

/** A term → number lookup, all the engine asks of an idf table. */
export type IdfLookup = Pick<ReadonlyMap<string, number>, 'get'>;

export function packPostings(terms: ReadonlyMap<string, ReadonlyMap<number, number>>, bm25: ReadonlyMap<string, ArrayLike<number>>): PackedPostings {
  const words = [...terms.keys(), ...[...bm25.keys()].filter((w) => !terms.has(w))];
  for (const w of words) if (w.includes('\n')) throw new Error(`index term holds a newline: ${JSON.stringify(w)}`);
  let total = 0;
  for (const postings of terms.values()) total += postings.size;
  const offsets = new Uint32Array(terms.size + 1);
  const topics = new Uint16Array(total);
  const strengths = new Float64Array(total);
  let at = 0;
  words.slice(0, terms.size).forEach((w, i) => {
    for (const [topic, strength] of terms.get(w)!) {
      topics[at] = topic;
      strengths[at++] = strength;
    }
    offsets[i + 1] = at;
  });
  let bm25Total = 0;
  for (const list of bm25.values()) bm25Total += list.length;
  const bm25Offsets = new Uint32Array(words.length + 1);
  const data = new Float64Array(bm25Total);
  at = 0;
  words.forEach((w, i) => {
    const list = bm25.get(w);
    if (list) data.set(list, at);
    at += list?.length ?? 0;
    bm25Offsets[i + 1] = at;
  });
  return { words: words.join('\n'), offsets, topics, strengths, bm25Offsets, bm25: data };
}

/** Read-only views of packed postings: the two tables, and their idf computed on demand. */
export class UnpackedPostings {
  readonly terms: ReadonlyMap<string, ReadonlyMap<number, number>>;
  readonly bm25: ReadonlyMap<string, ArrayLike<number>>;
  readonly #order: Map<string, number>;
  readonly #packed: PackedPostings;

  constructor(packed: PackedPostings) {
    this.#packed = packed;
    this.#order = wordOrder(packed.words);
    const { offsets, topics, strengths, bm25Offsets, bm25 } = packed;
    const termCount = offsets.length - 1;
    this.terms = new PackedMap(this.#order, (i) => i < termCount, (i) => {
      const postings = new Map<number, number>();
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) postings.set(topics[k]!, strengths[k]!);
      return postings;
    });
    this.bm25 = new PackedMap(this.#order, (i) => bm25Offsets[i + 1]! > bm25Offsets[i]!, (i) => bm25.subarray(bm25Offsets[i], bm25Offsets[i + 1]));
  }

  /** The index's idf (`idfOf` of how many notes hold a term) and the largest. */
  termIdf(idfOf: (df: number) => number): { idf: IdfLookup; maxIdf: number } {
    const { offsets } = this.#packed;
    const termCount = offsets.length - 1;
    let minDf = Infinity;
    for (let i = 0; i < termCount; i++) minDf = Math.min(minDf, offsets[i + 1]! - offsets[i]!);
    const df = (i: number) => (i < termCount ? offsets[i + 1]! - offsets[i]! : 0);
    return { idf: this.#lookup(df, idfOf), maxIdf: termCount ? idfOf(minDf) : 0 };
  }

  /** BM25's idf (`idfOf` of how many notes hold a word). */
  bm25Idf(idfOf: (df: number) => number): IdfLookup {
    const { bm25Offsets } = this.#packed;
    return this.#lookup((i) => (bm25Offsets[i + 1]! - bm25Offsets[i]!) / BM25_POSTING, idfOf);
  }

  #lookup(df: (i: number) => number, idfOf: (df: number) => number): IdfLookup {
    const order = this.#order;
    return {
      get(term: string) {
        const i = order.get(term);
        if (i === undefined) return undefined;
        const n = df(i);
        return n > 0 ? idfOf(n) : undefined;
      },
    };
  }
}

function wordOrder(joined: string): Map<string, number> {
  const order = new Map<string, number>();
  if (joined === '') return order;
  const words = joined.split('\n');
  for (let i = 0; i < words.length; i++) order.set(words[i]!, i);
  return order;
}

/** A read-only map over the shared word order: `present` says which words it holds, `build` makes a value (kept). */
class PackedMap<V> implements ReadonlyMap<string, V> {
  readonly #order: ReadonlyMap<string, number>;
  readonly #present: (i: number) => boolean;
  readonly #build: (i: number) => V;
  readonly #built = new Map<number, V>();
  #size = -1;

  constructor(order: ReadonlyMap<string, number>, present: (i: number) => boolean, build: (i: number) => V) {
    this.#order = order;
    this.#present = present;
    this.#build = build;
  }

  get size(): number {
    if (this.#size < 0) this.#size = [...this.#order.values()].filter(this.#present).length;
    return this.#size;
  }

  has(term: string): boolean {
    const i = this.#order.get(term);
    return i !== undefined && this.#present(i);
  }

  get(term: string): V | undefined {
    const i = this.#order.get(term);
    return i === undefined || !this.#present(i) ? undefined : this.#at(i);
  }

  *entries(): MapIterator<[string, V]> {
    for (const [term, i] of this.#order) if (this.#present(i)) yield [term, this.#at(i)];
  }

  *keys(): MapIterator<string> {
    for (const [term, i] of this.#order) if (this.#present(i)) yield term;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [term, value] of this.entries()) fn(value, term, this);
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  #at(i: number): V {
    let value = this.#built.get(i);
    if (value === undefined) {
      value = this.#build(i);
      this.#built.set(i, value);
    }
    return value;
  }
}
