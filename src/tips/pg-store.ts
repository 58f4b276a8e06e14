/**
 * The TipStore contract on Postgres (DATABASE_URL), for several dockhand replicas sharing one
 * database. Exactly-once is decided by the database, never by a lock in this process:
 * - `claimDay`: one transaction that locks the channel's rotation row (`SELECT … FOR UPDATE`),
 *   inserts the ledger row with `ON CONFLICT DO NOTHING RETURNING` (the unique key on platform,
 *   channel and local date lets one replica win; a concurrent insert of the same key waits for
 *   the winner's commit, then inserts nothing) and advances the rotation only for the winner.
 * - `reclaim`: one conditional `UPDATE … RETURNING`, which Postgres re-checks after a concurrent
 *   update of the same row commits, so two replicas cannot both retry a released day.
 * Errors are StoreErrors with `code` and `cause` (src/store/pg.ts); `health()` is the pool's last
 * operation, shared with the other stores on the same database.
 */
import type { PostgresDatabase, Queryable } from '../store/pg.ts';
import type { RotationState } from './rotation.ts';
import { clip, toEntry, toSubscription, type LedgerRecord, type SubscriptionRecord, type TipStore } from './store.ts';

/** Binary order, as SQLite sorts: the server's default collation may order "C-2" and "c-1" otherwise. */
const C = 'COLLATE "C"';

const ENTRY_KEY = 'platform = $1 AND channel_id = $2 AND local_date = $3';
const CHANNEL_KEY = 'platform = $1 AND channel_id = $2';

interface RotationRecord {
  seed: number;
  cycle: number;
  shown: string;
}

const toRotation = (r: RotationRecord): RotationState => ({ seed: r.seed, cycle: r.cycle, shown: JSON.parse(r.shown) as string[] });

async function one<R extends object>(db: Queryable, text: string, values: unknown[]): Promise<R | null> {
  const { rows } = await db.query<R>(text, values);
  return rows[0] ?? null;
}

async function all<R extends object>(db: Queryable, text: string, values: unknown[] = []): Promise<R[]> {
  return (await db.query<R>(text, values)).rows;
}

/**
 * The tips store over an open, migrated database (openPostgres). `close()` ends the database's
 * pool (idempotent), so whichever store closes last does not matter.
 */
export function createPgTipStore(database: PostgresDatabase): TipStore {
  const { run } = database;
  const getRotation = (db: Queryable, platform: string, channelId: string) =>
    one<RotationRecord>(db, `SELECT seed, cycle, shown FROM rotations WHERE ${CHANNEL_KEY}`, [platform, channelId]).then((r) => (r ? toRotation(r) : null));

  return {
    path: database.target,
    created: database.created,
    health: () => database.health(),
    getSubscription: (key) =>
      run((db) => one<SubscriptionRecord>(db, `SELECT * FROM subscriptions WHERE ${CHANNEL_KEY}`, [key.platform, key.channelId])).then((r) => (r ? toSubscription(r) : null)),
    listSubscriptions: () =>
      run((db) => all<SubscriptionRecord>(db, `SELECT * FROM subscriptions ORDER BY platform ${C}, channel_id ${C}`)).then((rows) => rows.map(toSubscription)),
    saveSubscription: (sub, now) =>
      run((db) =>
        one<SubscriptionRecord>(
          db,
          `INSERT INTO subscriptions (platform, channel_id, time, timezone, lang, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6)
           ON CONFLICT (platform, channel_id) DO UPDATE SET time = excluded.time, timezone = excluded.timezone,
             lang = excluded.lang, updated_at = excluded.updated_at, paused_at = NULL, pause_reason = NULL,
             gone_streak = 0, fail_streak = 0
           RETURNING *`,
          [sub.platform, sub.channelId, sub.time, sub.timezone, sub.lang, now],
        ),
      ).then((r) => toSubscription(r!)),
    deleteSubscription: (key) => run((db) => db.query(`DELETE FROM subscriptions WHERE ${CHANNEL_KEY}`, [key.platform, key.channelId])).then((r) => (r.rowCount ?? 0) > 0),
    recordOutcome(key, outcome) {
      const set = outcome === 'ok' ? 'gone_streak = 0, fail_streak = 0' : outcome === 'gone' ? 'gone_streak = gone_streak + 1, fail_streak = fail_streak + 1' : 'gone_streak = 0, fail_streak = fail_streak + 1';
      return run((db) => one<SubscriptionRecord>(db, `UPDATE subscriptions SET ${set} WHERE ${CHANNEL_KEY} RETURNING *`, [key.platform, key.channelId])).then((r) => (r ? toSubscription(r) : null));
    },
    async pause(key, reason, now) {
      await run((db) => db.query(`UPDATE subscriptions SET paused_at = $3, pause_reason = $4 WHERE ${CHANNEL_KEY} AND paused_at IS NULL`, [key.platform, key.channelId, now, clip(reason)]));
    },
    getRotation: (key) => run((db) => getRotation(db, key.platform, key.channelId)),
    initRotation: (key, state) =>
      run(async (db) => {
        await db.query('INSERT INTO rotations (platform, channel_id, seed, cycle, shown) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (platform, channel_id) DO NOTHING', [
          key.platform,
          key.channelId,
          state.seed >>> 0,
          state.cycle,
          JSON.stringify(state.shown),
        ]);
        return (await getRotation(db, key.platform, key.channelId))!;
      }),
    getEntry: (day) => run((db) => one<LedgerRecord>(db, `SELECT * FROM ledger WHERE ${ENTRY_KEY}`, [day.platform, day.channelId, day.localDate])).then((r) => (r ? toEntry(r) : null)),
    listEntries: (key, limit) =>
      run((db) => all<LedgerRecord>(db, `SELECT * FROM ledger WHERE ${CHANNEL_KEY} ORDER BY local_date ${C} DESC LIMIT $3`, [key.platform, key.channelId, Math.max(0, Math.floor(limit))])).then((rows) =>
        rows.map(toEntry),
      ),
    claimDay: (day, owner, now, choose) =>
      database.transaction(async (db) => {
        const key = [day.platform, day.channelId, day.localDate];
        // The common loser's path: the day is taken, so do not lock the rotation or ask `choose`.
        if (await one(db, `SELECT 1 AS taken FROM ledger WHERE ${ENTRY_KEY}`, key)) return null;
        const lockRotation = () => one<RotationRecord>(db, `SELECT seed, cycle, shown FROM rotations WHERE ${CHANNEL_KEY} FOR UPDATE`, [day.platform, day.channelId]);
        let rotation = await lockRotation();
        if (!rotation) {
          // No row to lock yet (a store written without `tips on`): serialise on the channel's
          // key instead, then look again, since the replica we waited for may have created it.
          await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`dockhand.rotation/${day.platform}/${day.channelId}`]);
          rotation = await lockRotation();
        }
        const pick = choose(rotation ? toRotation(rotation) : null);
        const inserted = await one<LedgerRecord>(
          db,
          `INSERT INTO ledger (platform, channel_id, local_date, topic_id, lang, status, attempts, claimed_at, claimed_by)
           VALUES ($1, $2, $3, $4, $5, 'claimed', 1, $6, $7)
           ON CONFLICT (platform, channel_id, local_date) DO NOTHING
           RETURNING *`,
          [...key, pick.topicId, pick.lang, now, owner],
        );
        if (!inserted) return null;
        await db.query(
          `INSERT INTO rotations (platform, channel_id, seed, cycle, shown) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (platform, channel_id) DO UPDATE SET seed = excluded.seed, cycle = excluded.cycle, shown = excluded.shown`,
          [day.platform, day.channelId, pick.rotation.seed >>> 0, pick.rotation.cycle, JSON.stringify(pick.rotation.shown)],
        );
        return toEntry(inserted);
      }),
    reclaim: (day, owner, now, maxAttempts) =>
      run((db) =>
        one<LedgerRecord>(
          db,
          `UPDATE ledger SET status = 'claimed', attempts = attempts + 1, claimed_at = $4, claimed_by = $5, retry_at = NULL
           WHERE ${ENTRY_KEY} AND status = 'released' AND retry_at <= $4 AND attempts < $6
           RETURNING *`,
          [day.platform, day.channelId, day.localDate, now, owner, maxAttempts],
        ),
      ).then((r) => (r ? toEntry(r) : null)),
    async markPosted(day, messageId, now) {
      await run((db) => db.query(`UPDATE ledger SET status = 'posted', message_id = $4, posted_at = $5, error = NULL WHERE ${ENTRY_KEY}`, [day.platform, day.channelId, day.localDate, clip(messageId), now]));
    },
    async release(day, retryAt, error) {
      await run((db) => db.query(`UPDATE ledger SET status = 'released', retry_at = $4, error = $5 WHERE ${ENTRY_KEY} AND status = 'claimed'`, [day.platform, day.channelId, day.localDate, retryAt, clip(error)]));
    },
    async fail(day, error) {
      await run((db) => db.query(`UPDATE ledger SET status = 'failed', retry_at = NULL, error = $4 WHERE ${ENTRY_KEY} AND status <> 'posted'`, [day.platform, day.channelId, day.localDate, clip(error)]));
    },
    listMaybePosted: (since, before) =>
      run((db) =>
        all<LedgerRecord>(db, `SELECT * FROM ledger WHERE status = 'claimed' AND message_id IS NULL AND claimed_at >= $1 AND claimed_at < $2 ORDER BY claimed_at DESC`, [since, before]),
      ).then((rows) => rows.map(toEntry)),
    close: () => database.close(),
  };
}
