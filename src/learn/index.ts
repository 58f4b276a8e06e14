/**
 * The learning loop, wired (as src/tips/index.ts is for tips): one call opens the store (in the
 * tips file, or on Postgres through `open`) and builds the FeedbackService; `record` wraps a platform's engine so every answer
 * gets an id and a log row; `startScheduler` prunes by the retention and posts the weekly report.
 *
 * A store that fails never fails an answer: if it cannot be opened, `openLearn` logs why and
 * resolves to null (the bot answers without a log or vote buttons); a failing write is logged by the
 * recorder and the feedback service and the answer goes out regardless.
 */
import type { Adapter, Engine, FeedbackService, Platform } from '../adapter.ts';
import type { CoreEngine } from '../engine/engine.ts';
import type { KnowledgeBase } from '../knowledge/load.ts';
import type { Logger } from '../log.ts';
import type { Timer } from '../tips/scheduler.ts';
import { createFeedbackService } from './feedback.ts';
import { recordingEngine } from './recorder.ts';
import { buildReport, rankerOf } from './report.ts';
import { createLearnScheduler, type LearnScheduler } from './scheduler.ts';
import { openSqliteLearnStore, type LearnStore } from './store.ts';

export { createFeedbackService } from './feedback.ts';
export { recordingEngine } from './recorder.ts';
export { buildReport, formatReport, type LearnReport } from './report.ts';
export { createLearnScheduler, type LearnScheduler } from './scheduler.ts';
export { openSqliteLearnStore, type LearnStore } from './store.ts';

/** Options of openLearn. */
export interface LearnOptions {
  /** The tips store file (DOCKHAND_DB): the learn tables live in it. Ignored when `open` is given. */
  dbPath: string;
  /** Opens the store instead (src/store/open.ts: Postgres or SQLite, as configured). */
  open?: () => Promise<LearnStore>;
  /** LOG_RETENTION_DAYS. */
  retentionDays: number;
  logger?: Logger;
  /** Called after each stored vote (the feedback metrics). */
  onVote?: (vote: 1 | -1, topicId: string | null) => void;
  now?: () => number;
  timer?: Timer;
}

/** Where the weekly report goes and what it needs; the adapter must implement `postText`. */
export interface WeeklyWiring {
  platform: Platform;
  channelId: string;
  adapter: Pick<Adapter, 'postText'>;
  /** The knowledge and its ranking now (read at each report, so a reload is seen). */
  knowledge: () => { kb: KnowledgeBase; engine: Pick<CoreEngine, 'explain'> };
}

/** The learning loop, opened. */
export interface Learn {
  store: LearnStore;
  feedback: FeedbackService;
  /** `engine` as `platform` sees it, with the question log. */
  record(engine: Engine, platform: Platform): Engine;
  /** Starts pruning (now and hourly) and, with `weekly`, the weekly report. Call once. */
  startScheduler(weekly?: WeeklyWiring): LearnScheduler;
  /** Stops the scheduler (waiting for a running tick) and closes the store. Idempotent. */
  close(): Promise<void>;
}

/** Opens the learning loop, or logs why it cannot and resolves to null. */
export async function openLearn(options: LearnOptions): Promise<Learn | null> {
  const log = options.logger;
  let store: LearnStore;
  try {
    store = options.open ? await options.open() : openSqliteLearnStore(options.dbPath);
  } catch (error) {
    log?.error({ err: error, path: options.open ? undefined : options.dbPath }, 'question log: cannot open the store; answering without a log or votes');
    return null;
  }
  const feedback = createFeedbackService({
    store,
    ...(log ? { logger: log } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.onVote ? { onVote: options.onVote } : {}),
  });
  let scheduler: LearnScheduler | null = null;
  let closed = false;
  return {
    store,
    feedback,
    record: (engine, platform) =>
      recordingEngine(engine, { store, platform, retentionDays: options.retentionDays, ...(log ? { logger: log } : {}), ...(options.now ? { now: options.now } : {}) }),
    startScheduler(weekly) {
      if (scheduler) throw new Error('the question log scheduler is already running');
      const post = weekly?.adapter.postText?.bind(weekly.adapter);
      if (weekly && !post) log?.warn({ platform: weekly.platform }, 'question log: this adapter cannot post text; no weekly report');
      scheduler = createLearnScheduler({
        store,
        retentionDays: options.retentionDays,
        ...(log ? { logger: log } : {}),
        ...(options.now ? { now: options.now } : {}),
        ...(options.timer ? { timer: options.timer } : {}),
        ...(weekly && post
          ? {
              weekly: {
                where: `${weekly.platform}:${weekly.channelId}`,
                post: (text: string) => post(weekly.channelId, text),
                build: (since: number, until: number) => {
                  const { kb, engine } = weekly.knowledge();
                  return buildReport(store, { since, until, ranker: rankerOf(engine.explain, kb.byId), title: (id, lang) => kb.byId.get(id)?.title[lang] ?? null });
                },
              },
            }
          : {}),
      });
      scheduler.start();
      return scheduler;
    },
    async close() {
      if (closed) return;
      closed = true;
      await scheduler?.stop();
      await store.close();
    },
  };
}
