/**
 * Test material for the tips feature: small Topic fixtures, a temporary SQLite path, a manual
 * clock and timer, and a recording adapter that implements the postTip contract in memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostError, type Adapter, type Platform, type TipPost } from '../../src/adapter.ts';
import type { Timer } from '../../src/tips/scheduler.ts';
import type { Topic } from '../../src/types.ts';

/** A valid Topic; `tip: false` makes one without a tip. */
export function topic(id: string, options: { tip?: boolean; example?: boolean } = {}): Topic {
  const body = (lang: string) => ({ summary: `${id} in ${lang}.`, sections: [{ heading: null, text: `About ${id}.` }], examples: [] });
  return {
    id,
    group: 'concepts',
    file: `concepts/${id}.md`,
    title: { en: `Title ${id}`, zh: `标题 ${id}` },
    aliases: { en: [id], zh: [`${id} 别名`] },
    tags: ['docker'],
    related: [],
    compares: [],
    errors: [],
    checked: null,
    tip:
      options.tip === false
        ? null
        : {
            en: `Tip about \`${id}\` in English.`,
            zh: `关于 \`${id}\` 的中文小贴士。`,
            ...(options.example ? { example: { lang: 'bash', code: `docker ${id}` } } : {}),
          },
    body: { en: body('en'), zh: body('zh') },
  };
}

/** Seven topics with a tip (one with an example) and one without. */
export const TOPICS: Topic[] = [
  topic('alpha', { example: true }),
  topic('bravo'),
  topic('charlie'),
  topic('delta'),
  topic('echo'),
  topic('foxtrot'),
  topic('golf'),
  topic('hotel', { tip: false }),
];
export const POOL_SIZE = 7;

/** A fresh directory with a not-yet-existing database path inside; `cleanup` removes it. */
export function tempDb(): { path: string; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dockhand-tips-'));
  return { dir, path: join(dir, 'data', 'tips.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clock that only moves when told. */
export function manualClock(start: string | number) {
  let current = typeof start === 'number' ? start : Date.parse(start);
  return {
    now: () => new Date(current),
    set(at: string | number) {
      current = typeof at === 'number' ? at : Date.parse(at);
    },
    advance(ms: number) {
      current += ms;
    },
    get ms() {
      return current;
    },
  };
}

/** A timer whose callbacks run only when the test fires them. */
export function manualTimer(): Timer & { pending: { ms: number; callback: () => void; id: number }[]; fire(index?: number): void } {
  let next = 1;
  const pending: { ms: number; callback: () => void; id: number }[] = [];
  return {
    pending,
    setTimeout(callback, ms) {
      const id = next++;
      pending.push({ ms, callback, id });
      return id;
    },
    clearTimeout(handle) {
      const at = pending.findIndex((p) => p.id === handle);
      if (at >= 0) pending.splice(at, 1);
    },
    fire(index = 0) {
      const [entry] = pending.splice(index, 1);
      entry?.callback();
    },
  };
}

export interface RecordedPost {
  channelId: string;
  tip: TipPost;
  messageId: string;
}

type Failure = 'gone' | 'transient' | 'hang' | null;

/**
 * An in-memory chat platform: postTip stores the post and returns a message id, or fails the way
 * `failures` says for that channel (one value per call, the last repeating; or a fixed value).
 */
export function recordingAdapter(platform: Platform = 'slack'): Adapter & {
  posts: RecordedPost[];
  calls: number;
  failures: Map<string, Failure | Failure[]>;
  postTip(channelId: string, tip: TipPost): Promise<string>;
} {
  const posts: RecordedPost[] = [];
  const failures = new Map<string, Failure | Failure[]>();
  const perChannelCalls = new Map<string, number>();
  const adapter = {
    platform,
    posts,
    calls: 0,
    failures,
    async start() {},
    async stop() {},
    async postTip(channelId: string, tip: TipPost): Promise<string> {
      adapter.calls++;
      const n = perChannelCalls.get(channelId) ?? 0;
      perChannelCalls.set(channelId, n + 1);
      const plan = failures.get(channelId) ?? null;
      const failure = Array.isArray(plan) ? (plan[Math.min(n, plan.length - 1)] ?? null) : plan;
      if (failure === 'gone') throw new PostError('gone', `channel_not_found: ${channelId}`);
      if (failure === 'transient') throw new PostError('transient', 'ratelimited');
      if (failure === 'hang') return new Promise<string>(() => {});
      const messageId = `${platform}-${posts.length + 1}`;
      posts.push({ channelId, tip, messageId });
      return messageId;
    },
  };
  return adapter;
}

/** Lets the event loop turn (setImmediate) until `condition` holds; throws after `turns` turns. */
export async function waitFor(condition: () => boolean, turns = 100): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (!condition()) throw new Error(`condition not met after ${turns} turns of the event loop`);
}

/** Polls `condition` every 5 ms of real time, for waits on the network; throws after `timeoutMs`. */
export async function pollUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
