/**
 * Daily tips, wired: one call opens the store and builds the TipsService (which the adapters take
 * as a dependency); once the adapters exist, `startScheduler(adapters)` starts posting.
 */
import type { TipsService } from '../adapter.ts';
import type { Logger } from '../log.ts';
import type { Lang, Topic } from '../types.ts';
import { createTipScheduler, type FailureLimits, type Timer, type TipPoster, type TipScheduler } from './scheduler.ts';
import { createTipsService } from './service.ts';
import { openSqliteStore, type TipStore } from './store.ts';

export { parseTipsCommand, TipsError, type TipsCommand } from './command.ts';
export { runTipsCommand, type TipsCommandDeps } from './cli.ts';
export { createTipScheduler, type TipScheduler, type TipPoster, type Timer, type TickResult, type DueReport } from './scheduler.ts';
export { createTipsService, type TipsServiceOptions } from './service.ts';
export { openSqliteStore, type TipStore } from './store.ts';

export interface TipsOptions {
  /** The SQLite file (and its folder) are created on first start. */
  dbPath: string;
  topics: readonly Topic[];
  defaultTimezone?: string;
  defaultLang?: Lang;
  defaultTime?: string;
  logger?: Logger;
  now?: () => Date;
  timer?: Timer;
  limits?: Partial<FailureLimits>;
}

export interface Tips {
  store: TipStore;
  service: TipsService;
  /** Creates and starts the scheduler over the adapters that can post. Call once. */
  startScheduler(adapters: readonly TipPoster[]): TipScheduler;
  /** Stops the scheduler (waiting for a running tick) and closes the store. */
  close(): Promise<void>;
}

export function openTips(options: TipsOptions): Tips {
  const store = openSqliteStore(options.dbPath);
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
  return {
    store,
    service,
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
      store.close();
    },
  };
}
