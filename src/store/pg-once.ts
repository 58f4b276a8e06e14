/**
 * The OnceStore (src/store/once.ts) on Postgres: table `handled_once` (migration 3), shared by
 * every replica on the database. A take is one `INSERT … ON CONFLICT … DO UPDATE … WHERE expired`
 * statement, so when two replicas race for a key the database lets exactly one row change: the
 * other insert waits on the row, sees it unexpired, and changes nothing (rowCount 0).
 */
import { TAKE_SQL, storedKey, type OnceStore } from './once.ts';
import type { PostgresDatabase } from './pg.ts';

/**
 * The store on an open, migrated database (src/store/pg.ts). Errors are StoreErrors and count in
 * the database's health. `close` leaves the pool to its owner.
 */
export function pgOnceStore(db: Pick<PostgresDatabase, 'run'>): OnceStore {
  return {
    kind: 'postgres',
    first: (key, ttlMs, now) => db.run(async (q) => (await q.query(TAKE_SQL.postgres, [storedKey(key), now + ttlMs, now])).rowCount === 1),
    forget: (key) => db.run(async (q) => void (await q.query('DELETE FROM handled_once WHERE key = $1', [storedKey(key)]))),
    prune: (now) => db.run(async (q) => (await q.query('DELETE FROM handled_once WHERE expires <= $1', [now])).rowCount ?? 0),
    async close() {},
  };
}
