/**
 * The question log's housekeeping, on the tips scheduler's pattern: `tick(now)` does the work
 * with the instant as an argument (tests drive time without sleeping), `start()` only decides
 * when to call it, through an injected timer: once at start, then every hour.
 *
 * Each tick deletes what is older than the retention, and, when a report channel is set, posts
 * the weekly report once per week: the first tick from Monday 09:00 UTC on. The week's state
 * lives in the store's `meta` table and is claimed before posting (compare-and-set), so a
 * restart, a second instance or a slow tick never posts it twice; a post that failed for a
 * passing reason is retried an hour later, three tries a week at most.
 */
import { PostError } from '../adapter.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { Timer } from '../tips/scheduler.ts';
import type { LearnReport } from './report.ts';
import type { LearnStore } from './store.ts';
import { weeklyMessage } from './weekly.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Where the weekly report's state is kept in `meta`. */
export const WEEKLY_KEY = 'weekly_report';
/** The weekly report goes out from this long after Monday 00:00 UTC. */
const WEEKLY_FROM_MS = 9 * HOUR;
const WEEKLY_ATTEMPTS = 3;

const systemTimer: Timer = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The weekly report's state, as stored. `claimed` without an end means "maybe posted": never retried. */
export interface WeeklyState {
  /** Monday of the week, `YYYY-MM-DD` (UTC). */
  week: string;
  status: 'claimed' | 'posted' | 'retry' | 'failed' | 'empty';
  at: number;
  attempts: number;
  retryAt?: number;
  messageId?: string;
  error?: string;
}

/** Where the weekly report goes. */
export interface WeeklyTarget {
  /** `slack:C123`, for logs. */
  where: string;
  /** Posts plain text; throws PostError (`gone` is never retried). Returns the message id. */
  post(text: string): Promise<string>;
  /** The report over [since, until). */
  build(since: number, until: number): Promise<LearnReport>;
}

/** Options of createLearnScheduler. */
export interface LearnSchedulerOptions {
  store: LearnStore;
  /** LOG_RETENTION_DAYS; 0 deletes every question and vote older than the tick. */
  retentionDays: number;
  weekly?: WeeklyTarget;
  logger?: Logger;
  now?: () => number;
  timer?: Timer;
  /** Between two ticks. Default one hour. */
  everyMs?: number;
}

/** What one tick did. `weekly` is null when the report was not due or not configured. */
export interface LearnTick {
  pruned: number;
  weekly: WeeklyState['status'] | null;
}

export interface LearnScheduler {
  /** Prunes and, if due, posts the weekly report. Calls are serialised; never rejects. */
  tick(now?: number): Promise<LearnTick>;
  /** Ticks now, then every `everyMs`. Idempotent. */
  start(): void;
  /** Stops the timer and waits for a running tick. */
  stop(): Promise<void>;
}

/** Monday 00:00 UTC of the week holding `now`. */
export function weekStart(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
}

function parseState(value: string | null): WeeklyState | null {
  if (!value) return null;
  try {
    return JSON.parse(value) as WeeklyState;
  } catch {
    return null;
  }
}

export function createLearnScheduler(options: LearnSchedulerOptions): LearnScheduler {
  const { store, weekly } = options;
  const log = options.logger ?? silentLogger();
  const clock = options.now ?? Date.now;
  const timer = options.timer ?? systemTimer;
  const every = options.everyMs ?? HOUR;

  const prune = async (now: number): Promise<number> => {
    try {
      const pruned = await store.prune(now - options.retentionDays * DAY);
      if (pruned) log.info({ pruned, retentionDays: options.retentionDays }, 'question log: deleted old rows');
      return pruned;
    } catch (error) {
      log.error({ err: error }, 'question log: could not delete old rows');
      return 0;
    }
  };

  /** Moves the stored state from `from` to `to`; false when another tick or process got there first. */
  const swap = async (from: string | null, to: WeeklyState): Promise<string | null> => {
    const text = JSON.stringify(to);
    return (await store.swapMeta(WEEKLY_KEY, from, text)) ? text : null;
  };

  const postWeekly = async (target: WeeklyTarget, now: number): Promise<WeeklyState['status'] | null> => {
    const monday = weekStart(now);
    if (now < monday + WEEKLY_FROM_MS) return null;
    const week = new Date(monday).toISOString().slice(0, 10);
    const stored = await store.meta(WEEKLY_KEY);
    const state = parseState(stored);
    const again = state?.week === week;
    if (again && !(state.status === 'retry' && now >= (state.retryAt ?? 0))) return null;
    const attempts = again ? state.attempts + 1 : 1;
    const report = await target.build(now - 7 * DAY, now);
    if (!report.questions && !report.votes.up && !report.votes.down) {
      return (await swap(stored, { week, status: 'empty', at: now, attempts: 0 })) ? 'empty' : null;
    }
    const claimed = await swap(stored, { week, status: 'claimed', at: now, attempts });
    if (!claimed) return null;
    let end: WeeklyState;
    try {
      const messageId = await target.post(weeklyMessage(report));
      end = { week, status: 'posted', at: now, attempts, messageId };
      log.info({ channel: target.where, messageId }, 'question log: weekly report posted');
    } catch (error) {
      const gone = error instanceof PostError && error.code === 'POST_GONE';
      const text = (error as Error).message?.slice(0, 300) ?? String(error);
      const last = gone || attempts >= WEEKLY_ATTEMPTS;
      end = last ? { week, status: 'failed', at: now, attempts, error: text } : { week, status: 'retry', at: now, attempts, retryAt: now + HOUR, error: text };
      log.error({ err: error, channel: target.where, attempts }, last ? 'question log: weekly report not posted, giving up for this week' : 'question log: weekly report not posted, retrying in an hour');
    }
    // If this write fails the week stays claimed: maybe posted, and never posted twice.
    await swap(claimed, end);
    return end.status;
  };

  const runTick = async (now: number): Promise<LearnTick> => {
    const pruned = await prune(now);
    let status: LearnTick['weekly'] = null;
    if (weekly) {
      try {
        status = await postWeekly(weekly, now);
      } catch (error) {
        log.error({ err: error }, 'question log: weekly report failed');
      }
    }
    return { pruned, weekly: status };
  };

  let chain: Promise<unknown> = Promise.resolve();
  const tick = (at?: number): Promise<LearnTick> => {
    const next = chain.then(() => runTick(at ?? clock()));
    chain = next.catch(() => undefined);
    return next;
  };

  let running = false;
  let handle: unknown = null;
  const loop = () => {
    if (!running) return;
    void tick().finally(() => {
      if (running) handle = timer.setTimeout(loop, every);
    });
  };
  return {
    tick,
    start() {
      if (running) return;
      running = true;
      loop();
    },
    async stop() {
      running = false;
      if (handle !== null) timer.clearTimeout(handle);
      handle = null;
      await chain;
    },
  };
}
