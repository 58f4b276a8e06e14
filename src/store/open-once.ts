/**
 * Picks the OnceStore for the app (src/app.ts passes it to the Slack adapter as `once`): on
 * Postgres when DATABASE_URL opened one (every replica shares the keys), in a SQLite store file
 * when asked for one (every process on one host that shares the file), else in this process's
 * memory, today's behaviour and the default for a single process without a database.
 */
import { createMemoryOnceStore, type OnceStore } from './once.ts';
import { openSqliteOnceStore } from './sqlite-once.ts';
import { pgOnceStore } from './pg-once.ts';
import type { PostgresDatabase } from './pg.ts';

/** Where the keys live; null for memory. */
export type OnceSource = { postgres: Pick<PostgresDatabase, 'run'> } | { sqlitePath: string } | null;

/** Opens the OnceStore for `source`; a Postgres one uses the caller's pool and leaves it open on close. */
export function openOnceStore(source: OnceSource): OnceStore {
  if (!source) return createMemoryOnceStore();
  if ('postgres' in source) return pgOnceStore(source.postgres);
  return openSqliteOnceStore(source.sqlitePath);
}
