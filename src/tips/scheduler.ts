/**
 * Posts each subscribed channel's tip once a day at its local time. `tick(now)` does all the work
 * and takes the instant as an argument, so tests drive time without sleeping; `start()` only
 * decides when to call it, through an injected timer.
 *
 * Order per channel: claim the ledger row (the store's unique key lets exactly one scheduler win),
 * then post, then record the message id. See README "Daily tips" for the rules this implements.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Adapter, Platform, TipPost } from '../adapter.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { Topic } from '../types.ts';
import { evaluateStored, localDateOf, maybePostedDays, nextAttention, type DueState } from './due.ts';
import { buildTipPost, nextTip, tipPool, type RotationState } from './rotation.ts';
import { DEFAULT_ATTEMPTS_PER_DAY, randomSeed } from './service.ts';
import { StoreError } from './store-error.ts';
import type { DayKey, LedgerEntry, Subscription, TipStore } from './store.ts';
import { describeLocal } from './time.ts';

/** The part of an Adapter the scheduler uses. */
export type TipPoster = Pick<Adapter, 'platform' | 'postTip'>;

/** setTimeout/clearTimeout, injectable so tests control when timers fire. */
export interface Timer {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimer: Timer = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** When to retry and when to give up. */
export interface FailureLimits {
  /** Tries per channel per local day, the first included. */
  attemptsPerDay: number;
  /** Wait after the 1st, 2nd, … transient failure (the last value repeats). */
  retryDelaysMs: number[];
  /** Pause a channel after this many POST_GONE failures in a row (one a day at most). */
  pauseAfterGone: number;
  /** Pause a channel after this many days in a row ended without a post. */
  pauseAfterFailedDays: number;
}

const DEFAULT_LIMITS: FailureLimits = {
  attemptsPerDay: DEFAULT_ATTEMPTS_PER_DAY,
  retryDelaysMs: [10 * 60_000, 30 * 60_000, 90 * 60_000],
  pauseAfterGone: 3,
  pauseAfterFailedDays: 5,
};

export interface SchedulerOptions {
  store: TipStore;
  /** The knowledge base's topics; those with a `tip` form the pool. */
  topics: readonly Topic[];
  /** Adapters that can post; subscriptions on platforms without one wait (they are not failures). */
  adapters: readonly TipPoster[];
  now?: () => Date;
  timer?: Timer;
  logger?: Logger;
  /** This instance's name in ledger claims. Default: host, pid and a random suffix. */
  owner?: string;
  limits?: Partial<FailureLimits>;
  /** A post still pending after this long is left as "maybe posted" and the tick moves on. Default 30 s. */
  postTimeoutMs?: number;
  /** Posts in flight at once, so a few hanging channels cannot hold back the rest. Default 4. */
  postConcurrency?: number;
  /** The longest `start()` sleeps between ticks, so new subscriptions are noticed. Default 60 s. */
  maxSleepMs?: number;
  /** Seeds for channels that have no stored rotation yet. */
  seed?: () => number;
}

/** What one tick did for one channel. */
export interface TickResult {
  platform: Platform;
  channelId: string;
  localDate: string;
  /**
   * - `posted`: the tip went out. `lost`: another scheduler holds the day.
   * - `retry`: transient failure, claim released until `retryAt`. `failed`: the day is given up.
   * - `unknown`: the post timed out; left as "maybe posted", never retried.
   */
  outcome: 'posted' | 'lost' | 'retry' | 'failed' | 'unknown';
  topicId?: string;
  messageId?: string;
  /** For `posted`: false when the store refused the message id; it is recorded again later, never posted again. */
  recorded?: boolean;
  retryAt?: number;
  error?: string;
  /** Set when this failure paused the channel. */
  paused?: boolean;
}

/** One subscription as the dry run shows it. */
export interface DueReport {
  platform: Platform;
  channelId: string;
  time: string;
  timezone: string;
  lang: string;
  state: DueState['state'] | 'noAdapter';
  /** Human-readable why, in English: "due since 09:00 Asia/Shanghai", "already posted today at 09:00", … */
  reason: string;
  /** For due channels: the topic that would be posted. */
  topicId?: string;
  /** Days of the last week whose claim never recorded a message id: maybe posted, not retried. */
  maybePosted?: { localDate: string; topicId: string; claimedAt: number; claimedBy: string }[];
}

/** How the scheduler sees the store: failing ticks back off and log once per change of state. */
export type SchedulerStoreState = { ok: true } | { ok: false; code: StoreError['code']; message: string; since: number; failures: number };

export interface TipScheduler {
  /** Posts everything due at `now` (default: the clock), a few channels at a time. Calls are serialised. */
  tick(now?: Date): Promise<TickResult[]>;
  /** What is due at `now` and why, without claiming or posting anything. */
  describe(now?: Date): Promise<DueReport[]>;
  /** The next instant a tick has work (a slot or a retry), or null when nothing is scheduled. */
  nextWake(now?: Date): Promise<number | null>;
  /** Starts ticking through the timer. Idempotent. */
  start(): void;
  /** Stops the timer, waits for a running tick and makes a last try at recording unrecorded message ids. */
  stop(): Promise<void>;
  /** The store as the last tick found it. */
  storeState(): SchedulerStoreState;
}

const TIMED_OUT = Symbol('timed out');

/** The longest back-off between ticks while the store fails (1 s, 2 s, 4 s, … up to this). */
const MAX_BACKOFF_MS = 5 * 60_000;

const dayKey = (d: DayKey) => `${d.platform}\u0000${d.channelId}\u0000${d.localDate}`;

/** Runs `work` over `items` with at most `limit` in flight; results keep the items' order. */
async function eachLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** PostError by its code, so an error from another copy of the module still counts. */
function failureKind(error: unknown): 'gone' | 'transient' {
  return (error as { code?: unknown } | null)?.code === 'POST_GONE' ? 'gone' : 'transient';
}

export function createTipScheduler(options: SchedulerOptions): TipScheduler {
  const { store } = options;
  const clock = options.now ?? (() => new Date());
  const timer = options.timer ?? systemTimer;
  const log = options.logger ?? silentLogger();
  const limits: FailureLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const postTimeout = options.postTimeoutMs ?? 30_000;
  const concurrency = Math.max(1, Math.floor(options.postConcurrency ?? 4));
  const maxSleep = options.maxSleepMs ?? 60_000;
  const seed = options.seed ?? randomSeed;
  const byId = new Map(options.topics.map((t) => [t.id, t]));
  const pool = tipPool(options.topics);
  const posters = new Map<Platform, TipPoster>();
  for (const a of options.adapters) if (a.postTip) posters.set(a.platform, a);

  const stateOf = (sub: Subscription, now: number): Promise<DueState> => evaluateStored(store, sub, now, limits.attemptsPerDay);

  /**
   * Posts that went out but whose message id the store refused (another process held the lock,
   * the disk was full). Their rows stay "claimed", which already means "never post again"; the
   * id is recorded on a later tick. If the process dies first, the day stays "maybe posted".
   */
  const unrecorded = new Map<string, { day: DayKey; sub: Subscription; messageId: string; postedAt: number }>();

  const recordPost = async (sub: Subscription, day: DayKey, messageId: string, postedAt: number): Promise<boolean> => {
    try {
      await store.markPosted(day, messageId, postedAt);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      unrecorded.set(dayKey(day), { day, sub, messageId, postedAt });
      log.warn({ ...day, messageId, code: error.code, error: error.message }, 'tips: posted, but the message id could not be recorded; will record it later, never post it again');
      return false;
    }
    unrecorded.delete(dayKey(day));
    try {
      await store.recordOutcome(sub, 'ok');
    } catch (error) {
      // Only the failure streaks missed their reset; the next successful post resets them.
      if (!(error instanceof StoreError)) throw error;
    }
    return true;
  };

  /** Retries recording the message ids the store refused; stops at the first refusal. */
  const flushUnrecorded = async () => {
    for (const { day, sub, messageId, postedAt } of [...unrecorded.values()]) {
      try {
        await store.markPosted(day, messageId, postedAt);
      } catch (error) {
        if (error instanceof StoreError) return;
        throw error;
      }
      unrecorded.delete(dayKey(day));
      log.info({ ...day, messageId }, 'tips: message id recorded');
      try {
        await store.recordOutcome(sub, 'ok');
      } catch {
        // as in recordPost
      }
    }
  };

  /** Claims found without a message id, each logged once by this process. */
  const reported = new Set<string>();
  const noticeMaybePosted = async (now: number) => {
    for (const entry of await maybePostedDays(store, now, postTimeout)) {
      const key = dayKey(entry);
      if (reported.has(key) || unrecorded.has(key)) continue;
      reported.add(key);
      const { platform, channelId, localDate, topicId, claimedBy } = entry;
      log.warn(
        { platform, channelId, localDate, topicId, claimedBy, claimedAt: new Date(entry.claimedAt).toISOString() },
        'tips: maybe posted: a claim never recorded a message id (the poster crashed or timed out); not retried',
      );
    }
  };

  let storeState: SchedulerStoreState = { ok: true };
  /** Logs only when the store's state changes (failing, a different failure, recovered). */
  const observeStore = (failure: StoreError | null, now: number) => {
    if (!failure) {
      if (!storeState.ok) log.info({ path: store.path, after: storeState.failures }, 'tips: store recovered');
      storeState = { ok: true };
      return;
    }
    if (storeState.ok || storeState.code !== failure.code) {
      log.error({ path: store.path, code: failure.code, error: failure.message }, 'tips: store failing; backing off');
    }
    storeState = storeState.ok
      ? { ok: false, code: failure.code, message: failure.message, since: now, failures: 1 }
      : { ...storeState, code: failure.code, message: failure.message, failures: storeState.failures + 1 };
  };

  const choose = (sub: Subscription) => (rotation: RotationState | null) => {
    const next = nextTip(pool, rotation ?? { seed: seed() >>> 0, cycle: 0, shown: [] });
    return { topicId: next.topicId, lang: sub.lang, rotation: next.state };
  };

  /** Bumps the streaks and pauses the channel when a limit is reached. Returns whether it paused. */
  const countFailure = async (sub: Subscription, outcome: 'gone' | 'failedDay', error: string, now: number): Promise<boolean> => {
    const after = await store.recordOutcome(sub, outcome);
    if (!after) return false;
    const reason =
      after.goneStreak >= limits.pauseAfterGone
        ? `${after.goneStreak} posts in a row failed because the channel is gone (${error})`
        : after.failStreak >= limits.pauseAfterFailedDays
          ? `${after.failStreak} days in a row without a successful post (${error})`
          : null;
    if (!reason) return false;
    await store.pause(sub, reason, now);
    log.warn({ platform: sub.platform, channelId: sub.channelId, reason }, 'tips: channel paused');
    return true;
  };

  const postWithTimeout = async (poster: TipPoster, channelId: string, post: TipPost): Promise<{ sending: Promise<string>; result: string | typeof TIMED_OUT }> => {
    let handle: unknown;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      handle = timer.setTimeout(() => resolve(TIMED_OUT), postTimeout);
    });
    try {
      // Wrapped so a postTip that throws synchronously fails like one that rejects.
      const sending = Promise.resolve().then(() => poster.postTip!(channelId, post));
      return { sending, result: await Promise.race([sending, timeout]) };
    } finally {
      timer.clearTimeout(handle);
    }
  };

  const runOne = async (sub: Subscription, now: number): Promise<TickResult | null> => {
    const poster = posters.get(sub.platform);
    if (!poster) return null;
    const state = await stateOf(sub, now);
    if (state.state !== 'due') return null;
    const day: DayKey = { platform: sub.platform, channelId: sub.channelId, localDate: state.date };
    const claimed: LedgerEntry | null = state.entry
      ? await store.reclaim(day, owner, now, limits.attemptsPerDay)
      : await store.claimDay(day, owner, now, choose(sub));
    if (!claimed) return { ...day, outcome: 'lost' };
    const topic = byId.get(claimed.topicId);
    const post = topic ? buildTipPost(topic, claimed.lang) : null;
    if (!post) {
      await store.fail(day, `topic "${claimed.topicId}" has no tip any more`);
      return { ...day, outcome: 'failed', topicId: claimed.topicId, error: 'topic has no tip any more' };
    }
    const result = { ...day, topicId: claimed.topicId };
    try {
      const { sending, result: sent } = await postWithTimeout(poster, sub.channelId, post);
      if (sent === TIMED_OUT) {
        // The platform may still deliver it: keep the claim (never twice) and record a late id if one arrives.
        sending.then(
          // The store may be closed by then; the row stays "maybe posted".
          (id) => recordPost(sub, day, id, clock().getTime()).catch(() => {}),
          () => {},
        );
        log.warn(result, 'tips: post timed out; left as maybe posted');
        return { ...result, outcome: 'unknown', error: `no answer after ${postTimeout} ms` };
      }
      // Outside the catch below: a post that went out must never be released for a retry (issue 18).
      return { ...result, outcome: 'posted' as const, messageId: sent };
    } catch (error) {
      const text = errorText(error);
      if (failureKind(error) === 'gone') {
        await store.fail(day, text);
        const paused = await countFailure(sub, 'gone', text, now);
        log.warn({ ...day, error: text }, 'tips: channel gone');
        return { ...result, outcome: 'failed', error: text, paused };
      }
      const delay = limits.retryDelaysMs[Math.min(claimed.attempts, limits.retryDelaysMs.length) - 1] ?? 60 * 60_000;
      const retryAt = now + delay;
      if (claimed.attempts < limits.attemptsPerDay && localDateOf(sub, retryAt) === state.date) {
        await store.release(day, retryAt, text);
        log.warn({ ...day, error: text, attempt: claimed.attempts, retryAt: new Date(retryAt).toISOString() }, 'tips: post failed; will retry');
        return { ...result, outcome: 'retry', error: text, retryAt };
      }
      await store.fail(day, text);
      const paused = await countFailure(sub, 'failedDay', text, now);
      log.warn({ ...day, error: text, attempts: claimed.attempts }, 'tips: post failed; giving up for today');
      return { ...result, outcome: 'failed', error: text, paused };
    }
  };

  /** runOne, then the message id of a post that went out is recorded (or kept to record later). */
  const postOne = async (sub: Subscription, now: number): Promise<TickResult | null> => {
    const result = await runOne(sub, now);
    if (result?.outcome !== 'posted' || !result.messageId) return result;
    const recorded = await recordPost(sub, result, result.messageId, now);
    log.info({ ...result, recorded }, 'tips: posted');
    return recorded ? result : { ...result, recorded };
  };

  const runTick = async (now: number): Promise<TickResult[]> => {
    if (pool.length === 0) return [];
    // The first store failure ends the tick: every other channel would fail the same way, and
    // logging each of them every second is how a full disk flooded the log.
    let failure: StoreError | null = null;
    const results: (TickResult | null)[] = [];
    try {
      await flushUnrecorded();
      await noticeMaybePosted(now);
      const subs = await store.listSubscriptions();
      results.push(
        ...(await eachLimited(subs, concurrency, async (sub) => {
          if (failure) return null;
          try {
            return await postOne(sub, now);
          } catch (error) {
            if (error instanceof StoreError) failure ??= error;
            // One channel's own trouble (a bad stored zone) must not stop the others.
            else log.error({ platform: sub.platform, channelId: sub.channelId, error: errorText(error) }, 'tips: channel skipped');
            return null;
          }
        })),
      );
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      failure ??= error;
    }
    observeStore(failure, now);
    return results.filter((r): r is TickResult => r !== null);
  };

  let chain: Promise<unknown> = Promise.resolve();
  const tick = (at?: Date): Promise<TickResult[]> => {
    const run = chain.then(() => runTick((at ?? clock()).getTime()));
    chain = run.catch(() => {});
    return run;
  };

  const describe = async (at?: Date): Promise<DueReport[]> => {
    const now = (at ?? clock()).getTime();
    const maybe = new Map<string, NonNullable<DueReport['maybePosted']>>();
    for (const e of await maybePostedDays(store, now, postTimeout)) {
      if (unrecorded.has(dayKey(e))) continue;
      const key = `${e.platform}\u0000${e.channelId}`;
      maybe.set(key, [...(maybe.get(key) ?? []), { localDate: e.localDate, topicId: e.topicId, claimedAt: e.claimedAt, claimedBy: e.claimedBy }]);
    }
    const subs = await store.listSubscriptions();
    const reports: DueReport[] = [];
    for (const sub of subs) reports.push(await describeOne(sub, now, maybe.get(`${sub.platform}\u0000${sub.channelId}`)));
    return reports;
  };

  const describeOne = async (sub: Subscription, now: number, days: DueReport['maybePosted']): Promise<DueReport> => {
    const report = { platform: sub.platform, channelId: sub.channelId, time: sub.time, timezone: sub.timezone, lang: sub.lang, ...(days ? { maybePosted: days } : {}) };
    let state: DueState;
    try {
      state = await stateOf(sub, now);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      return { ...report, state: 'paused' as const, reason: `cannot be scheduled: ${errorText(error)}` };
    }
    const today = state.date;
    const local = (instant: number) => `${describeLocal(instant, sub.timezone, today)} ${sub.timezone}`;
    if (state.state === 'paused') {
      return { ...report, state: state.state, reason: `paused after ${Math.max(sub.goneStreak, sub.failStreak)} failures: ${state.reason}` };
    }
    if (!posters.has(sub.platform) && state.state === 'due') {
      return { ...report, state: 'noAdapter' as const, reason: `due, but no ${sub.platform} adapter is running` };
    }
    switch (state.state) {
      case 'due': {
        const topicId = state.entry?.topicId ?? (pool.length ? choose(sub)(await store.getRotation(sub)).topicId : undefined);
        const retry = state.entry ? `retry ${state.entry.attempts + 1} of ${limits.attemptsPerDay}, ` : '';
        return { ...report, state: state.state, reason: `${retry}due since ${local(state.slot)}`, ...(topicId ? { topicId } : {}) };
      }
      case 'waiting':
        return { ...report, state: state.state, reason: `${state.startsLater ? 'subscribed after today\'s time; ' : ''}not due until ${local(state.at)}` };
      case 'retrying':
        return { ...report, state: state.state, reason: `try ${state.entry.attempts} of ${limits.attemptsPerDay} failed (${state.entry.error ?? 'transient'}); retry at ${local(state.at)}` };
      case 'done':
        return { ...report, state: state.state, reason: settled(state.entry, local) };
    }
  };

  const nextWake = async (at?: Date): Promise<number | null> => {
    const now = (at ?? clock()).getTime();
    let best: number | null = null;
    for (const sub of await store.listSubscriptions()) {
      if (!posters.has(sub.platform)) continue;
      try {
        const when = nextAttention(await stateOf(sub, now), now);
        if (when !== null && (best === null || when < best)) best = when;
      } catch (error) {
        // A store failure is the caller's; one channel's own trouble is skipped here as in tick.
        if (error instanceof StoreError) throw error;
      }
    }
    return best;
  };

  let handle: unknown = null;
  let running = false;
  /** 1 s, 2 s, 4 s, … for the n-th failure in a row. */
  const backoff = (failures: number) => Math.min(1000 * 2 ** Math.min(failures - 1, 20), MAX_BACKOFF_MS);
  const delayFrom = async (now: number): Promise<number> => {
    if (!storeState.ok) return backoff(storeState.failures);
    let wake: number;
    try {
      wake = (await nextWake(new Date(now))) ?? now + maxSleep;
    } catch (error) {
      // nextWake reads the store; a failure here is the next tick's to report.
      if (!(error instanceof StoreError)) throw error;
      wake = now;
    }
    const delay = Math.min(Math.max(wake - now, 1000), maxSleep);
    return unrecorded.size ? Math.min(delay, 5000) : delay;
  };
  /** The running computation of the next timer, so stop() can wait for it (no timer is set after stop). */
  let planning: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (!running) return;
    planning = delayFrom(clock().getTime())
      .catch((error: unknown) => {
        log.error({ error: errorText(error) }, 'tips: planning the next tick failed');
        return maxSleep;
      })
      .then((delay) => {
        if (!running) return;
        handle = timer.setTimeout(() => {
          handle = null;
          tick()
            .catch((error: unknown) => log.error({ error: errorText(error) }, 'tips: tick failed'))
            .finally(schedule);
        }, delay);
      });
  };

  return {
    tick,
    describe,
    nextWake,
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      await planning;
      if (handle !== null) timer.clearTimeout(handle);
      handle = null;
      await chain;
      try {
        await flushUnrecorded();
      } catch {
        // the store may be closed already; the rows stay "maybe posted", never posted twice
      }
    },
    storeState: () => storeState,
  };
}

function settled(entry: LedgerEntry, local: (instant: number) => string): string {
  switch (entry.status) {
    case 'posted':
      return `already posted today at ${local(entry.postedAt ?? entry.claimedAt)} (${entry.topicId}, message ${entry.messageId ?? '?'})`;
    case 'failed':
      return `gave up for today after ${entry.attempts} ${entry.attempts === 1 ? 'try' : 'tries'}: ${entry.error ?? 'unknown error'}`;
    case 'released':
      return `gave up for today after ${entry.attempts} tries: ${entry.error ?? 'transient errors'}`;
    case 'claimed':
      return `claimed at ${local(entry.claimedAt)} by ${entry.claimedBy}; outcome unknown (maybe posted), not retried`;
  }
}
