/**
 * The OnceStore (src/store/once.ts) in the SQLite store file: table `handled_once` (migration 3),
 * shared by every dockhand process on the host that opens the same file. SQLite runs one writer
 * at a time, so the one-statement take is decided by the file's write lock.
 */
import type Database from 'better-sqlite3';
import { toStoreError } from '../tips/store-error.ts';
import { openSqliteDatabase } from '../tips/store.ts';
import { TAKE_SQL, storedKey, type OnceStore } from './once.ts';

/**
 * The store in the SQLite file (table `handled_once`, migration 3), through its own connection:
 * every dockhand process on the host that shares the file shares the keys. Its calls are
 * synchronous underneath; the Promise is the contract's. Errors become StoreErrors naming the file.
 */
export function openSqliteOnceStore(path: string): OnceStore {
  const { db } = openSqliteDatabase(path);
  return sqliteOnceStore(db, path, () => db.close());
}

/** The SQLite store over an open, migrated handle (`close` runs `onClose`). */
export function sqliteOnceStore(db: Database.Database, path: string, onClose: () => void = () => {}): OnceStore {
  const q = {
    take: db.prepare(TAKE_SQL.sqlite),
    forget: db.prepare('DELETE FROM handled_once WHERE key = ?'),
    prune: db.prepare('DELETE FROM handled_once WHERE expires <= ?'),
  };
  const run = async <T>(work: () => T): Promise<T> => {
    try {
      return work();
    } catch (error) {
      throw toStoreError(error, path);
    }
  };
  let closed = false;
  return {
    kind: 'sqlite',
    first: (key, ttlMs, now) => run(() => q.take.run(storedKey(key), now + ttlMs, now).changes === 1),
    forget: (key) => run(() => void q.forget.run(storedKey(key))),
    prune: (now) => run(() => q.prune.run(now).changes),
    async close() {
      if (closed) return;
      closed = true;
      onClose();
    },
  };
}
