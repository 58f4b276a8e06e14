/**
 * Daily tips, wired: one call opens the store and builds the TipsService (which the adapters take
 * as a dependency); once the adapters exist, `startScheduler(adapters)` starts posting.
 */
import type { TipsService } from '../adapter.ts';
import type { Logger } from '../log.ts';
import type { Lang, Topic } from '../types.ts';
import { maybePostedDays } from './due.ts';
import { createTipScheduler, type FailureLimits, type Timer, type TipPoster, type TipScheduler } from './scheduler.ts';
import { createTipsService } from './service.ts';
import { openSqliteStore, type StoreHealth, type TipStore } from './store.ts';

export { parseTipsCommand, TipsError, type TipsCommand } from './command.ts';
export { runTipsCommand, type TipsCommandDeps } from './cli.ts';
export { createTipScheduler, type TipScheduler, type TipPoster, type Timer, type TickResult, type DueReport } from './scheduler.ts';
export { createTipsService, type TipsServiceOptions } from './service.ts';
export { openSqliteStore, type TipStore, type StoreHealth } from './store.ts';
export { StoreError, type StoreErrorCode } from './store-error.ts';

/** Options of openTips. */
export interface TipsOptions {
  /** The SQLite file (and its folder) are created on first start, with a warning naming it. Ignored when `store` is given. */
  dbPath: string;
  /** An already opened store (Postgres, src/tips/pg-store.ts); closed by `close()` like an own one. */
  store?: TipStore;
  topics: readonly Topic[];
  defaultTimezone?: string;
  defaultLang?: Lang;
  defaultTime?: string;
  logger?: Logger;
  now?: () => Date;
  timer?: Timer;
  limits?: Partial<FailureLimits>;
  /**
   * Report a newly created store at info instead of warn. The terminal chat's first `npm start`
   * always creates one, and a warning in the middle of the prompt would only alarm a new user.
   */
  quietCreate?: boolean;
}

/** The tips feature, opened: its store, the chat-facing service and the scheduler once started. */
export interface Tips {
  store: TipStore;
  service: TipsService;
  /** The store's health for /healthz. */
  health(): StoreHealth;
  /** How many days of the last week are "maybe posted" (for /metrics). */
  maybePosted(): Promise<number>;
  /** Creates and starts the scheduler over the adapters that can post. Call once. */
  startScheduler(adapters: readonly TipPoster[]): TipScheduler;
  /** Stops the scheduler (waiting for a running tick) and closes the store. */
  close(): Promise<void>;
}

/** Opens the store unless given one (throwing a StoreError that names the file and the fix) and builds the service. */
export function openTips(options: TipsOptions): Tips {
  const store = options.store ?? openSqliteStore(options.dbPath);
  if (store.created) {
    // A new file is right on a first start and wrong on a volume that did not mount: say which
    // file it is, so an empty store is never a silent surprise (issue 18).
    const say = options.quietCreate ? options.logger?.info.bind(options.logger) : options.logger?.warn.bind(options.logger);
    say?.({ path: store.path }, 'tips: created a new, empty store (first start; if subscriptions were expected, the data volume is not mounted)');
  }
  const service = createTipsService({
    store,
    topics: options.topics,
    ...(options.defaultTimezone ? { defaultTimezone: options.defaultTimezone } : {}),
    ...(options.defaultLang ? { defaultLang: options.defaultLang } : {}),
    ...(options.defaultTime ? { defaultTime: options.defaultTime } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.limits?.attemptsPerDay ? { attemptsPerDay: options.limits.attemptsPerDay } : {}),
  });
  let scheduler: TipScheduler | null = null;
  const now = options.now ?? (() => new Date());
  return {
    store,
    service,
    health: () => store.health(),
    maybePosted: async () => (await maybePostedDays(store, now().getTime())).length,
    startScheduler(adapters) {
      if (scheduler) throw new Error('the tips scheduler is already running');
      scheduler = createTipScheduler({
        store,
        topics: options.topics,
        adapters,
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.now ? { now: options.now } : {}),
        ...(options.timer ? { timer: options.timer } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
      });
      scheduler.start();
      return scheduler;
    },
    async close() {
      await scheduler?.stop();
      await store.close();
    },
  };
}
