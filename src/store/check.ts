/**
 * The `store:` line of `dockhand check`: which store the configuration selects and whether it can
 * be used, without changing it (no file is created, no migration runs). Never shows a password.
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { SCHEMA_VERSION } from '../tips/store.ts';
import { StoreError } from '../tips/store-error.ts';
import { redactUrl, toPgStoreError } from './pg.ts';
import type { StoreSettings } from './open.ts';

/** The line to print, and false when the store cannot be used (check then exits 1). */
export interface StoreCheck {
  line: string;
  ok: boolean;
}

/** Describes the store; for Postgres, connects once (at most `timeoutMs`) and reads the schema version. */
export async function checkStore(settings: StoreSettings, timeoutMs = 5_000): Promise<StoreCheck> {
  if (!settings.database) {
    const path = settings.dbPath;
    return { ok: true, line: `store: SQLite ${path} (${existsSync(path) ? 'exists' : 'not created yet: the first start creates it'})` };
  }
  const target = redactUrl(settings.database.url);
  const client = new pg.Client({ connectionString: settings.database.url, connectionTimeoutMillis: timeoutMs, application_name: 'dockhand check' });
  // A connection the server drops mid-check emits 'error' besides failing the query.
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ server: string; migrated: boolean }>(`SELECT current_setting('server_version') AS server, to_regclass('schema_migrations') IS NOT NULL AS migrated`);
    const { server, migrated } = rows[0]!;
    const version = migrated ? ((await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations')).rows[0]?.version ?? null) : null;
    const schema = version === null ? 'empty database: the first start creates the tables' : version > SCHEMA_VERSION ? `schema version ${version}, NEWER than this dockhand's ${SCHEMA_VERSION}: upgrade dockhand` : `schema version ${version} of ${SCHEMA_VERSION}`;
    return { ok: version === null || version <= SCHEMA_VERSION, line: `store: Postgres ${target}: reachable (PostgreSQL ${server}, ${schema})` };
  } catch (error) {
    const mapped = toPgStoreError(error, target);
    const why = mapped instanceof StoreError ? `${mapped.problem}${mapped.cause instanceof Error ? ` (${mapped.cause.message})` : ''}. Fix: ${mapped.fix}` : String((error as Error).message ?? error);
    return { ok: false, line: `store: Postgres ${target}: NOT reachable: ${why}` };
  } finally {
    await client.end().catch(() => {});
  }
}
