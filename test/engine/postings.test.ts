import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { bm25IdfOf } from '../../src/engine/bm25.ts';
import { packPostings, UnpackedPostings } from '../../src/engine/postings.ts';
import { idfOf } from '../../src/engine/search-index.ts';

const terms = new Map([
  ['volume', new Map([[0, 1], [2, 0.3]])],
  ['卷', new Map([[2, 0.5]])],
  ['prune', new Map([[1, 0.6]])],
]);
const bm25 = new Map<string, number[]>([
  ['volume', [0, 2, 1, 2, 0, 4]],
  ['dangling', [1, 0, 3]],
]);

/** Packed, serialised as the cache writes it, and read back. */
const roundTrip = () => new UnpackedPostings(deserialize(serialize(packPostings(terms, bm25))));

describe('packed postings', () => {
  it('read back as the maps they were packed from', () => {
    const back = roundTrip();
    expect(new Map([...back.terms].map(([t, p]) => [t, new Map(p)]))).toEqual(terms);
    expect(back.terms.size).toBe(3);
    expect(back.terms.get('卷')?.get(2)).toBe(0.5);
    expect([...back.bm25].map(([t, list]) => [t, Array.from(list)])).toEqual([...bm25]);
  });

  it('keep words only BM25 holds out of the index terms', () => {
    const back = roundTrip();
    expect(back.terms.has('dangling')).toBe(false);
    expect(back.terms.get('dangling')).toBeUndefined();
    expect(back.bm25.has('prune')).toBe(false);
    expect(back.bm25.get('dangling')).toEqual(Float64Array.from([1, 0, 3]));
  });

  it('compute both idfs as the built index does', () => {
    const back = roundTrip();
    const { idf, maxIdf } = back.termIdf((df) => idfOf(df, 3));
    expect(idf.get('volume')).toBe(idfOf(2, 3));
    expect(idf.get('dangling')).toBeUndefined();
    expect(idf.get('nowhere')).toBeUndefined();
    expect(maxIdf).toBe(idfOf(1, 3));
    const bm25Idf = back.bm25Idf((df) => bm25IdfOf(df, 3));
    expect(bm25Idf.get('volume')).toBe(bm25IdfOf(2, 3));
    expect(bm25Idf.get('prune')).toBeUndefined();
  });

  it('refuse a term with a newline, which the word list cannot hold', () => {
    expect(() => packPostings(new Map([['a\nb', new Map([[0, 1]])]]), new Map())).toThrow(/newline/);
  });
});
