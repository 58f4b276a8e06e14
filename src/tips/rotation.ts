/**
 * Which tip comes next. Each channel walks a seeded shuffle of the tip pool, one topic a day,
 * without repeats until every topic was shown; then a new shuffle (a new cycle) begins.
 */
import type { TipPost } from '../adapter.ts';
import type { Lang, Topic } from '../types.ts';
import { dayNumber, type LocalDate } from './time.ts';

/** A channel's place in its rotation; stored so it survives restarts. */
export interface RotationState {
  /** 32-bit seed chosen when the channel first subscribed. */
  seed: number;
  /** Which shuffle the channel is walking (0, 1, 2, …): cycle n uses a seed derived from (seed, n). */
  cycle: number;
  /** Topic ids already shown in this cycle, oldest first. */
  shown: string[];
}

/** The tip pool: ids of topics that carry a tip, sorted, so a seed means the same order everywhere. */
export function tipPool(topics: readonly Topic[]): string[] {
  return topics.filter((t) => t.tip !== null).map((t) => t.id).sort();
}

/** mulberry32: a small, fast, well-spread 32-bit generator. Reproducibility matters here, not secrecy. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(seed: number, cycle: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(cycle + 1, 0xc2b2ae35)) >>> 0;
}

/** Fisher–Yates with a seeded generator: the same (items, seed) always gives the same order. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const next = generator(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The order of one cycle over the current pool. */
export function cycleOrder(pool: readonly string[], seed: number, cycle: number): string[] {
  return seededShuffle(pool, mix(seed, cycle));
}

/**
 * The next topic for a channel and the state after showing it. Topics that joined the pool
 * mid-cycle are shown in the same cycle; topics that left it are skipped. A new cycle never opens
 * with the topic that closed the previous one. Throws if the pool is empty.
 */
export function nextTip(pool: readonly string[], state: RotationState): { topicId: string; state: RotationState } {
  if (pool.length === 0) throw new Error('the knowledge base has no topics with a tip');
  const shown = new Set(state.shown);
  const pending = cycleOrder(pool, state.seed, state.cycle).find((id) => !shown.has(id));
  if (pending) return { topicId: pending, state: { ...state, shown: [...state.shown, pending] } };
  const cycle = state.cycle + 1;
  const order = cycleOrder(pool, state.seed, cycle);
  const last = state.shown.at(-1);
  if (order.length > 1 && order[0] === last) [order[0], order[1]] = [order[1]!, order[0]!];
  return { topicId: order[0]!, state: { seed: state.seed, cycle, shown: [order[0]!] } };
}

/** A fixed seed for date-based picks: every unsubscribed chat sees the same tip on the same date. */
const DATE_SEED = 0x0d0c4a4d;

/** The tip of a local date for chats without a subscription: each cycle of pool-size days shows every tip once. */
export function tipForDate(pool: readonly string[], date: LocalDate): string {
  if (pool.length === 0) throw new Error('the knowledge base has no topics with a tip');
  const day = dayNumber(date);
  const cycle = Math.floor(day / pool.length);
  const order = cycleOrder(pool, DATE_SEED, cycle);
  // As in nextTip: a cycle does not open with the topic that closed the one before.
  if (order.length > 2 && order[0] === cycleOrder(pool, DATE_SEED, cycle - 1).at(-1)) [order[0], order[1]] = [order[1]!, order[0]!];
  return order[day - cycle * pool.length]!;
}

/** The short post for a topic's tip, in `lang`. Returns null when the topic has no tip. */
export function buildTipPost(topic: Topic, lang: Lang): TipPost | null {
  if (!topic.tip) return null;
  return {
    topicId: topic.id,
    lang,
    title: topic.title[lang],
    text: topic.tip[lang],
    ...(topic.tip.example ? { example: { lang: topic.tip.example.lang, code: topic.tip.example.code } } : {}),
  };
}
