/**
 * `dockhand store migrate`: copies a SQLite store file into Postgres, so a single bot can move to
 * replicas without losing its subscriptions, rotations, posting ledger, question log, votes or
 * meta rows (the person salt among them, so people keep their hashes and the weekly report its state).
 *
 * Rules (README "Moving the SQLite store to Postgres"):
 * - The source is opened read-only and read in one transaction: a consistent snapshot, never changed.
 * - The target is migrated to this dockhand's schema first, then everything is written in one
 *   transaction under the migration advisory lock: all rows or none.
 * - Idempotent: a row whose key is already in Postgres with the same content is left alone, so a
 *   second run copies nothing and reports every row as already there.
 * - A key already in Postgres with DIFFERENT content (the new deployment started first and made
 *   its own salt, or a subscription changed since) is a conflict: nothing is written and the
 *   conflicts are counted per table, unless `force`, where the SQLite row wins. Rows only in
 *   Postgres are always kept.
 * - `handled_once` (Slack event ids, minutes long) is not copied.
 */
import Database from 'better-sqlite3';
import type pg from 'pg';
import { pgText } from '../learn/pg-store.ts';
import { StoreError, toStoreError } from '../tips/store-error.ts';
import { SCHEMA_VERSION } from '../tips/store.ts';
import { MIGRATION_LOCK, openPostgres } from './pg.ts';

type PgType = 'text' | 'int8' | 'int4' | 'float8';

/** One table to copy: its key and its columns with their Postgres types (the key first). */
interface TableSpec {
  name: string;
  key: string[];
  columns: [string, PgType][];
  /** SQLite ORDER BY, so Postgres' identity ids follow the original order. */
  order: string;
}

const T = (name: string, key: string[], columns: [string, PgType][], order = key.join(', ')): TableSpec => ({ name, key, columns, order });

/** Every table with state, in copy order. */
export const TABLES: readonly TableSpec[] = [
  T('subscriptions', ['platform', 'channel_id'], [['platform', 'text'], ['channel_id', 'text'], ['time', 'text'], ['timezone', 'text'], ['lang', 'text'], ['created_at', 'int8'], ['updated_at', 'int8'], ['paused_at', 'int8'], ['pause_reason', 'text'], ['gone_streak', 'int4'], ['fail_streak', 'int4']]),
  T('rotations', ['platform', 'channel_id'], [['platform', 'text'], ['channel_id', 'text'], ['seed', 'int8'], ['cycle', 'int4'], ['shown', 'text']]),
  T('ledger', ['platform', 'channel_id', 'local_date'], [['platform', 'text'], ['channel_id', 'text'], ['local_date', 'text'], ['topic_id', 'text'], ['lang', 'text'], ['status', 'text'], ['attempts', 'int4'], ['claimed_at', 'int8'], ['claimed_by', 'text'], ['retry_at', 'int8'], ['posted_at', 'int8'], ['message_id', 'text'], ['error', 'text']]),
  T('meta', ['key'], [['key', 'text'], ['value', 'text']]),
  T('questions', ['answer_id'], [['answer_id', 'text'], ['at', 'int8'], ['platform', 'text'], ['lang', 'text'], ['outcome', 'text'], ['topic_id', 'text'], ['confidence', 'float8'], ['latency_ms', 'float8'], ['text', 'text'], ['asker', 'text']], 'id'),
  T('votes', ['answer_id', 'voter'], [['answer_id', 'text'], ['voter', 'text'], ['platform', 'text'], ['topic_id', 'text'], ['lang', 'text'], ['vote', 'int4'], ['reason', 'text'], ['at', 'int8']]),
];

/** What happened to one table. */
export interface TableResult {
  table: string;
  /** Rows in the SQLite file. */
  source: number;
  /** Rows written now (new, or overwritten with `force`). */
  copied: number;
  /** Rows already in Postgres with the same content. */
  same: number;
  /** Keys in Postgres with other content: written over with `force`, else the reason nothing was written. */
  conflicts: number;
}

export interface MigrateResult {
  /** The target without password. */
  target: string;
  tables: TableResult[];
  /** False when conflicts stopped the copy (nothing written). */
  written: boolean;
}

/** Rows per INSERT: arrays of this many values per column, well under Postgres' 1 GB parameter limit. */
const BATCH = 5_000;

/** Reads every table of the file in one read transaction. Throws a StoreError for a missing, unreadable or newer file. */
function readSource(path: string): Map<string, Record<string, unknown>[]> {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw toStoreError(error, path);
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new StoreError('STORE_NEWER', path, { detail: `schema version ${version}, newer than this dockhand's ${SCHEMA_VERSION}` });
    const present = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    const read = db.transaction(() => new Map(TABLES.map((t) => [t.name, present.has(t.name) ? (db.prepare(`SELECT ${t.columns.map(([c]) => c).join(', ')} FROM ${t.name} ORDER BY ${t.order}`).all() as Record<string, unknown>[]) : []])));
    return read();
  } catch (error) {
    throw toStoreError(error, path);
  } finally {
    db.close();
  }
}

/** The value as Postgres gets it: text without NUL (as the Postgres store writes it), numbers as they are. */
const value = (v: unknown, type: PgType): unknown => (v === null || v === undefined ? null : type === 'text' ? pgText(String(v)) : v);

/** Loads `rows` into a temporary copy of `table` named `src_<table>`, in batches through unnest. */
async function stage(client: pg.PoolClient, table: TableSpec, rows: Record<string, unknown>[]): Promise<void> {
  const cols = table.columns.map(([c]) => c).join(', ');
  await client.query(`CREATE TEMP TABLE src_${table.name} AS SELECT ${cols} FROM ${table.name} WITH NO DATA`);
  // The SQLite order, kept through the copy so questions get ids in the order they were asked.
  await client.query(`ALTER TABLE src_${table.name} ADD COLUMN src_order BIGSERIAL`);
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const arrays = table.columns.map(([c, type]) => batch.map((r) => value(r[c], type)));
    const unnest = table.columns.map(([, type], n) => `$${n + 1}::${type}[]`).join(', ');
    await client.query(`INSERT INTO src_${table.name} (${cols}) SELECT * FROM unnest(${unnest})`, arrays);
  }
}

/** Counts the staged rows that are already in the table (same) and the keys held with other content (conflicts). */
async function compare(client: pg.PoolClient, table: TableSpec): Promise<{ same: number; conflicts: number }> {
  const on = table.key.map((k) => `t.${k} = s.${k}`).join(' AND ');
  const rest = table.columns.map(([c]) => c).filter((c) => !table.key.includes(c));
  const differs = rest.map((c) => `t.${c} IS DISTINCT FROM s.${c}`).join(' OR ') || 'false';
  const { rows } = await client.query<{ same: string; conflicts: string }>(
    `SELECT count(*) FILTER (WHERE NOT (${differs})) AS same, count(*) FILTER (WHERE ${differs}) AS conflicts FROM src_${table.name} s JOIN ${table.name} t ON ${on}`,
  );
  return { same: Number(rows[0]!.same), conflicts: Number(rows[0]!.conflicts) };
}

/** Writes the staged rows: new keys always; keys held with other content only with `force` (the file wins). */
async function write(client: pg.PoolClient, table: TableSpec, force: boolean): Promise<number> {
  const cols = table.columns.map(([c]) => c);
  const rest = cols.filter((c) => !table.key.includes(c));
  const onConflict =
    force && rest.length
      ? `DO UPDATE SET ${rest.map((c) => `${c} = excluded.${c}`).join(', ')} WHERE ${rest.map((c) => `${table.name}.${c} IS DISTINCT FROM excluded.${c}`).join(' OR ')}`
      : 'DO NOTHING';
  const result = await client.query(`INSERT INTO ${table.name} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM src_${table.name} ORDER BY src_order ON CONFLICT (${table.key.join(', ')}) ${onConflict}`);
  return result.rowCount ?? 0;
}

/**
 * Copies the SQLite store at `path` into the Postgres database at `url` (see the module comment
 * for the rules). Throws a StoreError when either store cannot be used.
 */
export async function migrateToPostgres(path: string, url: string, options: { force?: boolean } = {}): Promise<MigrateResult> {
  const source = readSource(path);
  const database = await openPostgres(url, { max: 1 });
  try {
    return await database.transaction(async (client) => {
      // The same lock as the schema migrations: a replica starting now waits for the copy.
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
      const tables: TableResult[] = [];
      for (const table of TABLES) {
        const rows = source.get(table.name)!;
        await stage(client, table, rows);
        tables.push({ table: table.name, source: rows.length, copied: 0, ...(await compare(client, table)) });
      }
      const blocked = !options.force && tables.some((t) => t.conflicts > 0);
      if (!blocked) for (const [i, table] of TABLES.entries()) tables[i]!.copied = await write(client, table, Boolean(options.force));
      for (const table of TABLES) await client.query(`DROP TABLE src_${table.name}`);
      return { target: database.target, tables, written: !blocked };
    });
  } finally {
    await database.close();
  }
}
