/**
 * Where the tips feature keeps its state: subscriptions, the posting ledger and each channel's
 * rotation. `TipStore` is the contract: Promise-returning, so a server database fits it;
 * `openSqliteStore` is the embedded implementation (its synchronous better-sqlite3 calls wrapped)
 * and src/tips/pg-store.ts the Postgres one, with the same atomicity rules (see `claimDay` and
 * `reclaim`). There is no in-memory mirror: every exactly-once decision is made by the database.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, toStoreError } from './store-error.ts';
import type { Platform } from '../adapter.ts';
import type { Lang } from '../types.ts';
import type { RotationState } from './rotation.ts';
import type { LocalDate } from './time.ts';

/** One chat channel on one platform. */
export interface ChannelKey {
  platform: Platform;
  channelId: string;
}

/** One channel's tip on one local date: the ledger's unique key. */
export interface DayKey extends ChannelKey {
  localDate: LocalDate;
}

/** A stored subscription. Times are epoch milliseconds. */
export interface Subscription extends ChannelKey {
  /** Local "HH:MM". */
  time: string;
  timezone: string;
  lang: Lang;
  /** When the subscription started: slots before this instant are never posted (no back-fill on day one). */
  createdAt: number;
  updatedAt: number;
  /** Set when posting was paused after repeated failures; `tips on` clears it. */
  pausedAt: number | null;
  pauseReason: string | null;
  /** Consecutive posts that failed with POST_GONE. */
  goneStreak: number;
  /** Consecutive days that ended without a post, whatever the error. */
  failStreak: number;
}

/**
 * State of one ledger row.
 * - `claimed`: a scheduler owns the day and is posting, or crashed while posting ("maybe posted").
 *   Never claimed again: dockhand prefers never posting twice to always posting once.
 * - `posted`: done; `messageId` is set.
 * - `released`: a transient failure; may be claimed again at `retryAt`.
 * - `failed`: the day is given up (channel gone, retries used up, topic vanished).
 */
export type LedgerStatus = 'claimed' | 'posted' | 'released' | 'failed';

export interface LedgerEntry extends DayKey {
  topicId: string;
  lang: Lang;
  status: LedgerStatus;
  /** How many times the day was claimed (1 for the first try). */
  attempts: number;
  claimedAt: number;
  /** Which scheduler instance holds or last held the claim. */
  claimedBy: string;
  retryAt: number | null;
  postedAt: number | null;
  messageId: string | null;
  error: string | null;
}

/** What the claimer decides inside the claim's transaction: the topic, the language, the rotation after. */
export type ChooseTip = (rotation: RotationState | null) => { topicId: string; lang: Lang; rotation: RotationState };

/** Whether the store's last operation worked; `since` is when it started failing. */
export type StoreHealth = { ok: true } | { ok: false; error: StoreError; since: number };

/**
 * The store contract. Every method rejects with a StoreError (with `code`, the file or database
 * and a fix) when the store itself fails, and with any other error only for a bug.
 */
export interface TipStore {
  /** The database file (":memory:" for a throwaway store), or the database URL without its password. */
  readonly path: string;
  /** True when this open created the store: a first start, or an empty volume where one was expected. */
  readonly created: boolean;
  /** The outcome of the last operation, so /healthz and the scheduler can report and back off. */
  health(): StoreHealth;
  getSubscription(key: ChannelKey): Promise<Subscription | null>;
  listSubscriptions(): Promise<Subscription[]>;
  /**
   * Creates or updates a subscription. An update keeps `createdAt`; both clear a pause and the
   * failure streaks, since `tips on` is how a user says "try again".
   */
  saveSubscription(sub: ChannelKey & { time: string; timezone: string; lang: Lang }, now: number): Promise<Subscription>;
  /** Removes a subscription (the rotation and ledger stay, so re-subscribing does not repeat tips). */
  deleteSubscription(key: ChannelKey): Promise<boolean>;
  /** Records a post's outcome: `ok` clears the streaks; `gone` bumps both; `failedDay` bumps the day streak. */
  recordOutcome(key: ChannelKey, outcome: 'ok' | 'gone' | 'failedDay'): Promise<Subscription | null>;
  pause(key: ChannelKey, reason: string, now: number): Promise<void>;

  getRotation(key: ChannelKey): Promise<RotationState | null>;
  /** Stores a rotation unless the channel already has one; returns the stored one. */
  initRotation(key: ChannelKey, state: RotationState): Promise<RotationState>;

  getEntry(day: DayKey): Promise<LedgerEntry | null>;
  /** Ledger rows of one channel, newest date first. */
  listEntries(key: ChannelKey, limit: number): Promise<LedgerEntry[]>;
  /**
   * Claims a day that has no ledger row: atomically inserts the row (unique on platform, channel,
   * local date) and advances the rotation with `choose`, in one transaction. Resolves to null when
   * the row already exists, i.e. another scheduler (or an earlier run) has the day; `choose` is
   * then not called, or its pick is discarded.
   */
  claimDay(day: DayKey, owner: string, now: number, choose: ChooseTip): Promise<LedgerEntry | null>;
  /** Claims a `released` row again once `retryAt` has come, if fewer than `maxAttempts` tries were made. */
  reclaim(day: DayKey, owner: string, now: number, maxAttempts: number): Promise<LedgerEntry | null>;
  markPosted(day: DayKey, messageId: string, now: number): Promise<void>;
  release(day: DayKey, retryAt: number, error: string): Promise<void>;
  fail(day: DayKey, error: string): Promise<void>;
  /**
   * Claims that never recorded a message id ("maybe posted": the poster crashed or timed out),
   * claimed in [since, before), newest first, over every channel.
   */
  listMaybePosted(since: number, before: number): Promise<LedgerEntry[]>;
  /** Releases the file or the connection pool. Idempotent. */
  close(): Promise<void>;
}

/** The operations of a TipStore (everything but the fields, `health` and `close`). */
type AsyncOperations = Omit<TipStore, 'path' | 'created' | 'health' | 'close'>;
/** The same operations as better-sqlite3 runs them: synchronously. */
type SyncOperations = { [K in keyof AsyncOperations]: (...args: Parameters<AsyncOperations[K]>) => Awaited<ReturnType<AsyncOperations[K]>> };

/** Options of openSqliteStore. */
export interface SqliteStoreOptions {
  /**
   * How long one statement waits for another process's write lock. better-sqlite3 waits on the
   * event loop's thread, so this is also how long the whole bot can freeze. Default 500 ms, ample
   * for dockhand's own millisecond transactions; a longer lock fails with STORE_BUSY and is retried.
   */
  busyTimeoutMs?: number;
  /** Called when `health()` changes, so the owner can log once per change instead of once per call. */
  onHealthChange?: (health: StoreHealth) => void;
  now?: () => number;
}

/** Schema steps; `PRAGMA user_version` records how many ran. Append, never edit. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE subscriptions (
     platform TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     time TEXT NOT NULL,
     timezone TEXT NOT NULL,
     lang TEXT NOT NULL CHECK (lang IN ('en', 'zh')),
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     paused_at INTEGER,
     pause_reason TEXT,
     gone_streak INTEGER NOT NULL DEFAULT 0,
     fail_streak INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (platform, channel_id)
   );
   CREATE TABLE rotations (
     platform TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     seed INTEGER NOT NULL,
     cycle INTEGER NOT NULL,
     shown TEXT NOT NULL,
     PRIMARY KEY (platform, channel_id)
   );
   CREATE TABLE ledger (
     platform TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     local_date TEXT NOT NULL,
     topic_id TEXT NOT NULL,
     lang TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'released', 'failed')),
     attempts INTEGER NOT NULL,
     claimed_at INTEGER NOT NULL,
     claimed_by TEXT NOT NULL,
     retry_at INTEGER,
     posted_at INTEGER,
     message_id TEXT,
     error TEXT,
     UNIQUE (platform, channel_id, local_date)
   );`,
  // The learning loop (src/learn/store.ts): the question log, votes, and the salt that turns a
  // platform user id into an opaque "distinct person" key.
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE questions (
     id INTEGER PRIMARY KEY,
     answer_id TEXT NOT NULL UNIQUE,
     at INTEGER NOT NULL,
     platform TEXT NOT NULL,
     lang TEXT NOT NULL,
     outcome TEXT NOT NULL,
     topic_id TEXT,
     confidence REAL NOT NULL,
     latency_ms REAL NOT NULL,
     text TEXT,
     asker TEXT
   );
   CREATE INDEX questions_at ON questions (at);
   CREATE TABLE votes (
     answer_id TEXT NOT NULL,
     voter TEXT NOT NULL,
     platform TEXT NOT NULL,
     topic_id TEXT,
     lang TEXT NOT NULL,
     vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
     reason TEXT,
     at INTEGER NOT NULL,
     PRIMARY KEY (answer_id, voter)
   );
   CREATE INDEX votes_at ON votes (at);`,
  // Keys handled once across processes (src/store/once.ts): Slack event ids and Share clicks.
  // `expires` is epoch ms; an expired row may be taken over, and prune() deletes them.
  `CREATE TABLE handled_once (key TEXT PRIMARY KEY, expires INTEGER NOT NULL);
   CREATE INDEX handled_once_expires ON handled_once (expires);`,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** A subscriptions row as both engines return it. */
export interface SubscriptionRecord {
  platform: Platform;
  channel_id: string;
  time: string;
  timezone: string;
  lang: Lang;
  created_at: number;
  updated_at: number;
  paused_at: number | null;
  pause_reason: string | null;
  gone_streak: number;
  fail_streak: number;
}

/** A ledger row as both engines return it. */
export interface LedgerRecord {
  platform: Platform;
  channel_id: string;
  local_date: string;
  topic_id: string;
  lang: Lang;
  status: LedgerStatus;
  attempts: number;
  claimed_at: number;
  claimed_by: string;
  retry_at: number | null;
  posted_at: number | null;
  message_id: string | null;
  error: string | null;
}

export const toSubscription = (r: SubscriptionRecord): Subscription => ({
  platform: r.platform,
  channelId: r.channel_id,
  time: r.time,
  timezone: r.timezone,
  lang: r.lang,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  pausedAt: r.paused_at,
  pauseReason: r.pause_reason,
  goneStreak: r.gone_streak,
  failStreak: r.fail_streak,
});

export const toEntry = (r: LedgerRecord): LedgerEntry => ({
  platform: r.platform,
  channelId: r.channel_id,
  localDate: r.local_date,
  topicId: r.topic_id,
  lang: r.lang,
  status: r.status,
  attempts: r.attempts,
  claimedAt: r.claimed_at,
  claimedBy: r.claimed_by,
  retryAt: r.retry_at,
  postedAt: r.posted_at,
  messageId: r.message_id,
  error: r.error,
});

/** Error texts are stored for diagnosis only; cap them so a huge platform error cannot bloat the file. */
export const clip = (text: string) => (text.length > 500 ? `${text.slice(0, 500)}…` : text);

/**
 * Opens (creating if needed) the SQLite tips store at `path`: WAL, a short busy timeout so two
 * processes can share the file, an integrity check of an existing file, and migrations up to
 * SCHEMA_VERSION. Throws a StoreError naming the file, the problem and the fix for a read-only,
 * corrupt, full or newer-schema file.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): TipStore {
  const { db, created, memory } = openSqliteDatabase(path, options);
  // The file we opened, so a removed folder or a remounted volume is noticed instead of writing
  // on into a deleted file that a restart would replace with an empty one.
  const identity = memory ? null : statSync(path);

  const q = {
    getSub: db.prepare<[string, string], SubscriptionRecord>('SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?'),
    listSubs: db.prepare<[], SubscriptionRecord>('SELECT * FROM subscriptions ORDER BY platform, channel_id'),
    upsertSub: db.prepare(
      `INSERT INTO subscriptions (platform, channel_id, time, timezone, lang, created_at, updated_at)
       VALUES (@platform, @channelId, @time, @timezone, @lang, @now, @now)
       ON CONFLICT (platform, channel_id) DO UPDATE SET time = excluded.time, timezone = excluded.timezone,
         lang = excluded.lang, updated_at = excluded.updated_at, paused_at = NULL, pause_reason = NULL,
         gone_streak = 0, fail_streak = 0`,
    ),
    deleteSub: db.prepare('DELETE FROM subscriptions WHERE platform = ? AND channel_id = ?'),
    outcomeOk: db.prepare('UPDATE subscriptions SET gone_streak = 0, fail_streak = 0 WHERE platform = ? AND channel_id = ?'),
    outcomeGone: db.prepare('UPDATE subscriptions SET gone_streak = gone_streak + 1, fail_streak = fail_streak + 1 WHERE platform = ? AND channel_id = ?'),
    outcomeFailed: db.prepare('UPDATE subscriptions SET gone_streak = 0, fail_streak = fail_streak + 1 WHERE platform = ? AND channel_id = ?'),
    pause: db.prepare('UPDATE subscriptions SET paused_at = ?, pause_reason = ? WHERE platform = ? AND channel_id = ? AND paused_at IS NULL'),
    getRot: db.prepare<[string, string], { seed: number; cycle: number; shown: string }>('SELECT seed, cycle, shown FROM rotations WHERE platform = ? AND channel_id = ?'),
    insertRot: db.prepare('INSERT OR IGNORE INTO rotations (platform, channel_id, seed, cycle, shown) VALUES (?, ?, ?, ?, ?)'),
    saveRot: db.prepare(
      `INSERT INTO rotations (platform, channel_id, seed, cycle, shown) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (platform, channel_id) DO UPDATE SET seed = excluded.seed, cycle = excluded.cycle, shown = excluded.shown`,
    ),
    getEntry: db.prepare<[string, string, string], LedgerRecord>('SELECT * FROM ledger WHERE platform = ? AND channel_id = ? AND local_date = ?'),
    listEntries: db.prepare<[string, string, number], LedgerRecord>('SELECT * FROM ledger WHERE platform = ? AND channel_id = ? ORDER BY local_date DESC LIMIT ?'),
    insertEntry: db.prepare(
      `INSERT OR IGNORE INTO ledger (platform, channel_id, local_date, topic_id, lang, status, attempts, claimed_at, claimed_by)
       VALUES (?, ?, ?, ?, ?, 'claimed', 1, ?, ?)`,
    ),
    reclaim: db.prepare(
      `UPDATE ledger SET status = 'claimed', attempts = attempts + 1, claimed_at = ?, claimed_by = ?, retry_at = NULL
       WHERE platform = ? AND channel_id = ? AND local_date = ? AND status = 'released' AND retry_at <= ? AND attempts < ?`,
    ),
    posted: db.prepare(`UPDATE ledger SET status = 'posted', message_id = ?, posted_at = ?, error = NULL WHERE platform = ? AND channel_id = ? AND local_date = ?`),
    release: db.prepare(`UPDATE ledger SET status = 'released', retry_at = ?, error = ? WHERE platform = ? AND channel_id = ? AND local_date = ? AND status = 'claimed'`),
    maybePosted: db.prepare<[number, number], LedgerRecord>(
      `SELECT * FROM ledger WHERE status = 'claimed' AND message_id IS NULL AND claimed_at >= ? AND claimed_at < ? ORDER BY claimed_at DESC`,
    ),
    fail: db.prepare(`UPDATE ledger SET status = 'failed', retry_at = NULL, error = ? WHERE platform = ? AND channel_id = ? AND local_date = ? AND status <> 'posted'`),
  };

  const getSubscription = (key: ChannelKey) => {
    const r = q.getSub.get(key.platform, key.channelId);
    return r ? toSubscription(r) : null;
  };
  const getRotation = (key: ChannelKey): RotationState | null => {
    const r = q.getRot.get(key.platform, key.channelId);
    return r ? { seed: r.seed, cycle: r.cycle, shown: JSON.parse(r.shown) as string[] } : null;
  };
  const getEntry = (day: DayKey) => {
    const r = q.getEntry.get(day.platform, day.channelId, day.localDate);
    return r ? toEntry(r) : null;
  };

  const claimDay = db.transaction((day: DayKey, owner: string, now: number, choose: ChooseTip): LedgerEntry | null => {
    if (q.getEntry.get(day.platform, day.channelId, day.localDate)) return null;
    const pick = choose(getRotation(day));
    const inserted = q.insertEntry.run(day.platform, day.channelId, day.localDate, pick.topicId, pick.lang, now, owner);
    if (inserted.changes !== 1) return null;
    q.saveRot.run(day.platform, day.channelId, pick.rotation.seed, pick.rotation.cycle, JSON.stringify(pick.rotation.shown));
    return getEntry(day);
  });

  const operations = {
    getSubscription,
    listSubscriptions: () => q.listSubs.all().map(toSubscription),
    saveSubscription(sub, now) {
      q.upsertSub.run({ platform: sub.platform, channelId: sub.channelId, time: sub.time, timezone: sub.timezone, lang: sub.lang, now });
      return getSubscription(sub)!;
    },
    deleteSubscription: (key) => q.deleteSub.run(key.platform, key.channelId).changes > 0,
    recordOutcome(key, outcome) {
      const statement = outcome === 'ok' ? q.outcomeOk : outcome === 'gone' ? q.outcomeGone : q.outcomeFailed;
      statement.run(key.platform, key.channelId);
      return getSubscription(key);
    },
    pause(key, reason, now) {
      q.pause.run(now, clip(reason), key.platform, key.channelId);
    },
    getRotation,
    initRotation(key, state) {
      q.insertRot.run(key.platform, key.channelId, state.seed >>> 0, state.cycle, JSON.stringify(state.shown));
      return getRotation(key)!;
    },
    getEntry,
    listEntries: (key, limit) => q.listEntries.all(key.platform, key.channelId, Math.max(0, Math.floor(limit))).map(toEntry),
    // IMMEDIATE takes the write lock before reading, so two processes cannot both see "no row".
    claimDay: (day, owner, now, choose) => claimDay.immediate(day, owner, now, choose),
    reclaim(day, owner, now, maxAttempts) {
      const changed = q.reclaim.run(now, owner, day.platform, day.channelId, day.localDate, now, maxAttempts).changes;
      return changed === 1 ? getEntry(day) : null;
    },
    markPosted(day, messageId, now) {
      q.posted.run(clip(messageId), now, day.platform, day.channelId, day.localDate);
    },
    release(day, retryAt, error) {
      q.release.run(retryAt, clip(error), day.platform, day.channelId, day.localDate);
    },
    fail(day, error) {
      q.fail.run(clip(error), day.platform, day.channelId, day.localDate);
    },
    listMaybePosted: (since, before) => q.maybePosted.all(since, before).map(toEntry),
  } satisfies SyncOperations;

  let health: StoreHealth = { ok: true };
  const now = options.now ?? Date.now;
  const setHealth = (next: StoreHealth) => {
    if (next.ok === health.ok && (next.ok || health.ok || next.error.code === health.error.code)) return;
    health = next;
    options.onHealthChange?.(health);
  };
  const present = () => {
    if (!identity) return;
    const current = statSync(path, { throwIfNoEntry: false });
    if (!current || current.ino !== identity.ino || current.dev !== identity.dev) throw new StoreError('STORE_GONE', path);
  };
  /**
   * Runs one operation: refuses a vanished file, maps SQLite errors to StoreErrors and tracks
   * health. Async only in its signature: the work happens synchronously on the caller's turn, so
   * a claim's IMMEDIATE transaction never spans an await.
   */
  const guarded = <A extends unknown[], R>(operation: (...args: A) => R) => async (...args: A): Promise<R> => {
    try {
      present();
      const result = operation(...args);
      setHealth({ ok: true });
      return result;
    } catch (error) {
      const mapped = toStoreError(error, path);
      if (mapped instanceof StoreError) setHealth({ ok: false, error: mapped, since: health.ok ? now() : health.since });
      throw mapped;
    }
  };
  const store = Object.fromEntries(Object.entries(operations).map(([name, op]) => [name, guarded(op as (...args: unknown[]) => unknown)])) as unknown as AsyncOperations;
  return {
    ...store,
    path,
    created,
    health() {
      // Checked on every call too, so /healthz notices a removed folder even when nothing writes.
      try {
        present();
      } catch (error) {
        setHealth({ ok: false, error: error as StoreError, since: health.ok ? now() : health.since });
      }
      return health;
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

/** An open, checked and migrated database handle; see openSqliteStore for what is checked. */
export interface SqliteDatabase {
  db: Database.Database;
  created: boolean;
  memory: boolean;
}

/**
 * Opens the store file with the same checks and migrations as openSqliteStore, for the other
 * features that keep their tables in the same file (src/learn/store.ts). Throws a StoreError.
 */
export function openSqliteDatabase(path: string, options: Pick<SqliteStoreOptions, 'busyTimeoutMs'> = {}): SqliteDatabase {
  const memory = path === ':memory:';
  const created = !memory && !existsSync(path);
  let db: Database.Database;
  try {
    if (!memory) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (error) {
    throw toStoreError(error, path);
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 500))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // A file with damaged data pages opens and reads its header fine, then fails on the first
    // query: check it now, so a start either works fully or stops here (issue 18).
    if (!created) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new StoreError('STORE_CORRUPT', path, { detail: `quick_check: ${String(check).slice(0, 200)}` });
    }
    migrate(db, path);
  } catch (error) {
    db.close();
    throw toStoreError(error, path);
  }
  return { db, created, memory };
}

function migrate(db: Database.Database, path: string): void {
  const run = db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new StoreError('STORE_NEWER', path, { detail: `schema version ${version}, newer than this dockhand's ${MIGRATIONS.length}` });
    }
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    // Written even when unchanged: a write at start is how a read-only file is found now rather
    // than at the first subscription or, worse, after a tip was posted.
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  run.immediate();
}
