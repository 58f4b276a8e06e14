/**
 * The Postgres connection shared by the tips and learn stores when DATABASE_URL is set: one
 * `pg.Pool`, the migrations of src/store/pg-migrations.ts, and the mapping of Postgres and
 * network errors to StoreError (with `code` and `cause`). TLS comes from the URL's `sslmode`
 * (handled by pg) or the `ssl` option. Several replicas may open the same database at once:
 * migrations run under a transaction-scoped advisory lock, so exactly one applies each version.
 */
import pg from 'pg';
import { StoreError, type StoreErrorCode } from '../tips/store-error.ts';
import type { StoreHealth } from '../tips/store.ts';
import { PG_MIGRATIONS } from './pg-migrations.ts';

/** Options of openPostgres. */
export interface PostgresOptions {
  /** Pool size. Default 5: dockhand's transactions are short. */
  max?: number;
  /** TLS options for pg; the URL's `sslmode` takes precedence when present. */
  ssl?: pg.PoolConfig['ssl'];
  /** How long getting a connection may take before the operation fails with STORE_UNREACHABLE. Default 5 s. */
  connectTimeoutMs?: number;
  /** Called when `health()` changes, so the owner can log once per change. */
  onHealthChange?: (health: StoreHealth) => void;
  now?: () => number;
}

/** Something that runs SQL: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** An open, migrated Postgres database. */
export interface PostgresDatabase {
  readonly pool: pg.Pool;
  /** The URL without its password: names the database in errors and logs (never the secret). */
  readonly target: string;
  /** True when this open applied migration 1, i.e. found an empty database. */
  readonly created: boolean;
  /** The outcome of the last operation run through `run` or `transaction` (or an idle connection's failure). */
  health(): StoreHealth;
  /** Asks the server (`SELECT 1`) and returns the resulting health, for /healthz and `dockhand check`. */
  ping(): Promise<StoreHealth>;
  /** Runs one operation on the pool: errors become StoreErrors (other errors pass unchanged) and health is tracked. */
  run<R>(operation: (db: Queryable) => Promise<R>): Promise<R>;
  /** Like `run`, inside BEGIN … COMMIT on one connection (ROLLBACK when `operation` throws). */
  transaction<R>(operation: (client: pg.PoolClient) => Promise<R>): Promise<R>;
  /** Ends the pool. Idempotent. */
  close(): Promise<void>;
}

/** Key of the advisory lock that serialises migrations across replicas ("dockhand" in ASCII). */
export const MIGRATION_LOCK = 0x646f636b68616e64n;

/** Fixes for Postgres, where the SQLite texts (files, folders) would mislead. */
const PG_FIX: Partial<Record<StoreErrorCode, string>> = {
  STORE_BUSY: 'it is retried; if it persists, look for long transactions or a full pool (pg_stat_activity)',
  STORE_FULL: "free space on the database server's volume",
  STORE_READONLY: 'connect to the primary (not a read-only standby) as a user that may write the tables',
  STORE_CORRUPT: "check the server's log; restore the database from a backup",
  STORE_NEWER: 'upgrade dockhand on every replica (or restore a backup made by this version)',
  STORE_IO: "check the database server and its log",
};

/** SQLSTATE (exact or by two-character class) to StoreError code; anything else is a bug in our SQL. */
function sqlstateCode(state: string): StoreErrorCode | null {
  const exact: Record<string, StoreErrorCode> = {
    '53100': 'STORE_FULL',
    '53300': 'STORE_BUSY',
    '40001': 'STORE_BUSY',
    '40P01': 'STORE_BUSY',
    '55P03': 'STORE_BUSY',
    '57014': 'STORE_BUSY',
    '25006': 'STORE_READONLY',
    '42501': 'STORE_READONLY',
    '28P01': 'STORE_AUTH',
    '28000': 'STORE_AUTH',
    '3D000': 'STORE_UNREACHABLE',
    '57P01': 'STORE_UNREACHABLE',
    '57P02': 'STORE_UNREACHABLE',
    '57P03': 'STORE_UNREACHABLE',
    XX001: 'STORE_CORRUPT',
    XX002: 'STORE_CORRUPT',
  };
  if (exact[state]) return exact[state];
  const byClass: Record<string, StoreErrorCode> = { '08': 'STORE_UNREACHABLE', '53': 'STORE_IO', '58': 'STORE_IO', XX: 'STORE_IO' };
  return byClass[state.slice(0, 2)] ?? null;
}

/** pg's own connection failures carry no code, only these messages. */
const CONNECTION_LOST = /Connection terminated|timeout exceeded when trying to connect|not queryable|does not support SSL|Client was closed/i;

/**
 * Maps an error from pg or the network to a StoreError naming `target`; returns anything else
 * (a constraint our SQL broke, a bad argument) unchanged, so a bug is not disguised as an outage.
 */
export function toPgStoreError(error: unknown, target: string): unknown {
  if (error instanceof StoreError) return error;
  const raw = String((error as { code?: unknown } | null)?.code ?? '');
  const message = (error as Error | null)?.message ?? '';
  let code: StoreErrorCode | null = null;
  if (/^[0-9A-Z]{5}$/.test(raw)) code = sqlstateCode(raw);
  else if (/^E[A-Z]+$/.test(raw) || CONNECTION_LOST.test(message)) code = 'STORE_UNREACHABLE';
  if (!code) return error;
  const fix = PG_FIX[code];
  return new StoreError(code, target, { cause: error, ...(message ? { detail: message } : {}), ...(fix ? { fix } : {}) });
}

/** The URL with its password (and any query string, which may hold key material) removed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable DATABASE_URL)';
  }
}

/** BIGINT columns hold epoch milliseconds, well inside a JS number; pg returns them as strings by default. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Opens a pool on `url`, checks that the server answers, and applies the pending migrations.
 * Throws a StoreError (the server is unreachable, refuses the credentials, is read-only, or holds
 * a newer schema than this dockhand's) after ending the pool.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
  const target = redactUrl(url);
  const now = options.now ?? Date.now;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 5,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    application_name: 'dockhand',
    types,
    ...(options.ssl !== undefined ? { ssl: options.ssl } : {}),
  });

  let health: StoreHealth = { ok: true };
  const setHealth = (next: StoreHealth) => {
    if (next.ok === health.ok && (next.ok || health.ok || next.error.code === health.error.code)) return;
    health = next;
    options.onHealthChange?.(health);
  };
  const failed = (error: StoreError) => setHealth({ ok: false, error, since: health.ok ? now() : health.since });
  // An idle connection that the server drops emits 'error' on the pool; unhandled, it would kill the process.
  pool.on('error', (error) => {
    const mapped = toPgStoreError(error, target);
    if (mapped instanceof StoreError) failed(mapped);
  });

  const guard = async <R>(operation: () => Promise<R>): Promise<R> => {
    try {
      const result = await operation();
      setHealth({ ok: true });
      return result;
    } catch (error) {
      const mapped = toPgStoreError(error, target);
      if (mapped instanceof StoreError) failed(mapped);
      throw mapped;
    }
  };
  const transaction = <R>(operation: (client: pg.PoolClient) => Promise<R>): Promise<R> =>
    guard(async () => {
      const client = await pool.connect();
      // A checked-out client that loses its connection emits 'error' besides failing the query;
      // the query's rejection is what we act on, the event must only not crash the process.
      const ignore = () => {};
      client.on('error', ignore);
      let broken: unknown;
      try {
        await client.query('BEGIN');
        const result = await operation(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: unknown) => (broken = rollback));
        throw error;
      } finally {
        // A connection whose ROLLBACK failed is in an unknown state: destroy it instead of reusing it.
        client.off('error', ignore);
        client.release(broken instanceof Error ? broken : undefined);
      }
    });

  let created: boolean;
  try {
    created = await transaction((client) => migrate(client, target));
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }

  let closed = false;
  return {
    pool,
    target,
    created,
    health: () => health,
    async ping() {
      await guard(() => pool.query('SELECT 1')).catch(() => {});
      return health;
    },
    run: (operation) => guard(() => operation(pool)),
    transaction,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** Applies the pending migrations inside the caller's transaction; returns whether the database was empty. */
async function migrate(client: pg.PoolClient, target: string): Promise<boolean> {
  // Held until COMMIT: a second replica starting at the same moment waits here, then finds nothing to do.
  await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
  // Also a write on every start, so a read-only standby is found now rather than after a tip was posted.
  await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
  const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  const version = rows[0]?.version ?? 0;
  if (version > PG_MIGRATIONS.length) {
    throw new StoreError('STORE_NEWER', target, { detail: `schema version ${version}, newer than this dockhand's ${PG_MIGRATIONS.length}`, fix: PG_FIX.STORE_NEWER! });
  }
  for (let v = version; v < PG_MIGRATIONS.length; v++) {
    await client.query(PG_MIGRATIONS[v]!);
    await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1]);
  }
  return version === 0;
}
