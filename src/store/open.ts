/**
 * Which database the app's state lives in, decided once from the configuration: with
 * DATABASE_URL, Postgres for both the tips and the learn store, on one pool (every replica shares
 * it); without, the SQLite file DOCKHAND_DB, as before. The app asks this module for its stores
 * and never looks at the engine again.
 *
 * Failure policy (stated here, followed by src/app.ts):
 * - At start, Postgres that cannot be reached (or refuses the credentials, or holds a newer
 *   schema) throws a StoreError: the process exits 1 and its orchestrator restarts it. Running on
 *   without the shared state would break what replicas rely on.
 * - While running, an outage fails single operations with StoreErrors (the question log drops a
 *   row, a vote says it was not saved, the tip scheduler retries); `ping()` reports it to /healthz
 *   and the pool reconnects by itself once the server is back.
 */
import type { LearnStore } from '../learn/store.ts';
import { openPgLearnStore } from '../learn/pg-store.ts';
import { openSqliteLearnStore } from '../learn/store.ts';
import { createPgTipStore } from '../tips/pg-store.ts';
import { StoreError } from '../tips/store-error.ts';
import { openSqliteStore, type StoreHealth, type TipStore } from '../tips/store.ts';
import { openPostgres, type PostgresDatabase, type PostgresOptions } from './pg.ts';

/** What openStores needs from the configuration (Config's `tips.dbPath` and `database`). */
export interface StoreSettings {
  /** The SQLite file, used when `database` is null. */
  dbPath: string;
  /** DATABASE_URL and DATABASE_POOL_MAX, or null for SQLite. */
  database: { url: string; poolMax: number } | null;
}

/** The opened stores. Each `open…` may be called once; `close()` closes whatever was opened. */
export interface Stores {
  readonly kind: 'sqlite' | 'postgres';
  /** The SQLite file, or the URL without its password: for logs and `dockhand check`. */
  readonly target: string;
  /** The shared pool when on Postgres, for other tables on the same database (the OnceStore); null on SQLite. */
  readonly postgres: PostgresDatabase | null;
  /** The tip store (throws a StoreError on SQLite when the file is unusable). */
  openTips(options?: { onHealthChange?: (health: StoreHealth) => void }): TipStore;
  /** The learn store (rejects with a StoreError when it cannot be opened). */
  openLearn(): Promise<LearnStore>;
  /**
   * Whether the database answers now. Postgres: a `SELECT 1`, at most one at a time and cut
   * short after `timeoutMs`; SQLite: the tip store's health (the file is checked on each call).
   */
  ping(): Promise<StoreHealth>;
  /** Closes the stores and then the pool. Idempotent. */
  close(): Promise<void>;
}

/** How long /healthz waits for the database before calling it down. */
const PING_TIMEOUT_MS = 2_000;

/** Opens the database the settings name: the Postgres pool (migrated), or nothing yet for SQLite. */
export async function openStores(settings: StoreSettings, options: Pick<PostgresOptions, 'onHealthChange' | 'connectTimeoutMs'> & { pingTimeoutMs?: number } = {}): Promise<Stores> {
  if (!settings.database) return sqliteStores(settings.dbPath);
  const database = await openPostgres(settings.database.url, { max: settings.database.poolMax, ...options });
  return postgresStores(database, options.pingTimeoutMs ?? PING_TIMEOUT_MS);
}

function sqliteStores(path: string): Stores {
  let tips: TipStore | null = null;
  let learn: LearnStore | null = null;
  return {
    kind: 'sqlite',
    target: path,
    postgres: null,
    openTips(options = {}) {
      tips = openSqliteStore(path, options);
      return tips;
    },
    async openLearn() {
      learn = openSqliteLearnStore(path);
      return learn;
    },
    ping: async () => tips?.health() ?? { ok: true },
    async close() {
      await Promise.allSettled([tips?.close(), learn?.close()]);
    },
  };
}

function postgresStores(database: PostgresDatabase, pingTimeoutMs: number): Stores {
  // Both stores close "their" database; the pool ends only when the last of them (and the app) let go.
  let holders = 1;
  let ended: Promise<void> | null = null;
  const release = () => {
    holders--;
    if (holders === 0) ended ??= database.close();
    return ended ?? Promise.resolve();
  };
  const share = (): PostgresDatabase => {
    holders++;
    let released = false;
    return {
      ...database,
      close: () => {
        if (released) return ended ?? Promise.resolve();
        released = true;
        return release();
      },
    };
  };
  const opened: { close(): Promise<void> }[] = [];
  let pinging: Promise<StoreHealth> | null = null;
  let closed = false;
  return {
    kind: 'postgres',
    target: database.target,
    postgres: database,
    openTips() {
      const store = createPgTipStore(share());
      opened.push(store);
      return store;
    },
    async openLearn() {
      const handle = share();
      try {
        const store = await openPgLearnStore(handle);
        opened.push(store);
        return store;
      } catch (error) {
        await handle.close();
        throw error;
      }
    },
    ping() {
      pinging ??= timed(database.ping(), pingTimeoutMs, database.target).finally(() => (pinging = null));
      return pinging;
    },
    async close() {
      if (closed) return ended ?? Promise.resolve();
      closed = true;
      await Promise.allSettled(opened.map((s) => s.close()));
      await release();
    },
  };
}

/** The ping's health, or "unreachable" when the server has not answered within `ms` (a black-holed host). */
async function timed(ping: Promise<StoreHealth>, ms: number, target: string): Promise<StoreHealth> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<StoreHealth>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: new StoreError('STORE_UNREACHABLE', target, { detail: `no answer to SELECT 1 within ${ms} ms` }), since: Date.now() }), ms);
  });
  try {
    return await Promise.race([ping, late]);
  } finally {
    clearTimeout(timer);
  }
}
