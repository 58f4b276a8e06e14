import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTipPost, cycleOrder, nextTip, seededShuffle, tipForDate, tipPool, type RotationState } from '../../src/tips/rotation.ts';
import { addDays } from '../../src/tips/time.ts';
import { realKnowledge } from '../support/kb.ts';
import { POOL_SIZE, TOPICS, topic } from './fixtures.ts';

const POOL = tipPool(TOPICS);

/** Walks `days` picks from `state`, returning the ids in order. */
function walk(pool: string[], state: RotationState, days: number): { ids: string[]; state: RotationState } {
  const ids: string[] = [];
  for (let i = 0; i < days; i++) {
    const next = nextTip(pool, state);
    ids.push(next.topicId);
    state = next.state;
  }
  return { ids, state };
}

describe('tipPool', () => {
  it('holds the topics with a tip, sorted', () => {
    expect(POOL).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf']);
    expect(POOL).toHaveLength(POOL_SIZE);
  });
});

describe('seededShuffle', () => {
  it('is a permutation, the same for the same seed', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 50 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (items, seed) => {
        const a = seededShuffle(items, seed);
        expect(a).toEqual(seededShuffle(items, seed));
        expect([...a].sort()).toEqual([...items].sort());
      }),
    );
  });

  it('gives different orders for different seeds', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `t${i}`);
    const orders = new Set([1, 2, 3, 4, 5].map((s) => seededShuffle(ids, s).join()));
    expect(orders.size).toBe(5);
  });
});

describe('nextTip', () => {
  it('shows every topic once before any repeats, then starts a new order', () => {
    const { ids, state } = walk(POOL, { seed: 42, cycle: 0, shown: [] }, POOL_SIZE * 3);
    for (let c = 0; c < 3; c++) expect([...ids.slice(c * POOL_SIZE, (c + 1) * POOL_SIZE)].sort()).toEqual(POOL);
    expect(ids.slice(0, POOL_SIZE)).toEqual(cycleOrder(POOL, 42, 0));
    expect(ids.slice(0, POOL_SIZE)).not.toEqual(ids.slice(POOL_SIZE, 2 * POOL_SIZE));
    expect(state.cycle).toBe(2);
  });

  it('never shows the same topic two days running, across cycle boundaries too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 2, max: 12 }), (seed, size) => {
        const pool = Array.from({ length: size }, (_, i) => `t${i}`);
        const { ids } = walk(pool, { seed, cycle: 0, shown: [] }, size * 4);
        for (let i = 1; i < ids.length; i++) expect(ids[i]).not.toBe(ids[i - 1]);
      }),
      { numRuns: 200 },
    );
  });

  it('includes topics added mid-cycle and skips removed ones', () => {
    const first = walk(POOL, { seed: 7, cycle: 0, shown: [] }, 3);
    const grown = [...POOL, 'india', 'juliett'].filter((id) => id !== first.ids[0] && id !== 'golf').sort();
    const rest = walk(grown, first.state, grown.length - 2);
    expect(rest.ids).not.toContain('golf');
    expect(new Set([...first.ids.slice(1), ...rest.ids]).size).toBe(grown.length);
    expect(rest.ids).toEqual(expect.arrayContaining(['india', 'juliett']));
    expect(rest.state.cycle).toBe(0);
  });

  it('refuses an empty pool', () => {
    expect(() => nextTip([], { seed: 1, cycle: 0, shown: [] })).toThrow(/no topics with a tip/);
  });
});

describe('tipForDate', () => {
  it('is the same all day for everyone and covers the pool before repeating', () => {
    expect(tipForDate(POOL, '2026-05-04')).toBe(tipForDate([...POOL], '2026-05-04'));
    const start = POOL_SIZE * 2900; // a cycle boundary in day numbers
    const ids = Array.from({ length: POOL_SIZE }, (_, i) => tipForDate(POOL, addDays('1970-01-01', start + i)));
    expect([...ids].sort()).toEqual(POOL);
  });
});

describe('buildTipPost', () => {
  it('builds the short post in the asked language', () => {
    const alpha = TOPICS[0]!;
    expect(buildTipPost(alpha, 'zh')).toEqual({
      topicId: 'alpha',
      lang: 'zh',
      title: '标题 alpha',
      text: '关于 `alpha` 的中文小贴士。',
      example: { lang: 'bash', code: 'docker alpha' },
    });
    expect(buildTipPost(TOPICS[1]!, 'en')).toEqual({ topicId: 'bravo', lang: 'en', title: 'Title bravo', text: 'Tip about `bravo` in English.' });
    expect(buildTipPost(topic('x', { tip: false }), 'en')).toBeNull();
  });

  it('builds a post in both languages for every tip of the real knowledge base', () => {
    const kb = realKnowledge();
    const pool = tipPool(kb.topics);
    expect(pool.length).toBeGreaterThan(0);
    for (const id of pool) {
      for (const lang of ['en', 'zh'] as const) {
        const post = buildTipPost(kb.byId.get(id)!, lang)!;
        expect(post.title.trim(), id).not.toBe('');
        expect(post.text.trim(), id).not.toBe('');
        if (lang === 'zh') expect(post.text, id).toMatch(/\p{Script=Han}/u);
      }
    }
  });
});

describe('tipForDate over many days', () => {
  it('never gives two consecutive dates the same tip', () => {
    for (const size of [3, 4, 7, 60]) {
      const pool = Array.from({ length: size }, (_, i) => `t${i}`);
      let previous = tipForDate(pool, '2025-01-01');
      for (let d = 1; d < 800; d++) {
        const current = tipForDate(pool, addDays('2025-01-01', d));
        expect(current).not.toBe(previous);
        previous = current;
      }
    }
  });
});
