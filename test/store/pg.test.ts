import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgres, redactUrl, toPgStoreError } from '../../src/store/pg.ts';
import { PG_MIGRATIONS } from '../../src/store/pg-migrations.ts';
import { StoreError } from '../../src/tips/store-error.ts';
import { MIGRATIONS } from '../../src/tips/store.ts';
import { createTestDatabase, describePostgres } from '../support/postgres.ts';

describe('the Postgres migrations', () => {
  it('have the same versions as the SQLite ones', () => {
    expect(PG_MIGRATIONS.length).toBe(MIGRATIONS.length);
  });
});

describe('redactUrl', () => {
  it('drops the password and the query string, keeping what names the database', () => {
    expect(redactUrl('postgres://bot:s3cret@db.example:5433/dockhand?sslmode=require&sslkey=/k')).toBe('postgres://bot@db.example:5433/dockhand');
    expect(redactUrl('not a url')).not.toContain('not a url');
  });
});

describe('toPgStoreError', () => {
  const target = 'postgres://bot@db/dockhand';
  const coded = (code: string, message = 'boom') => Object.assign(new Error(message), { code });
  it.each([
    ['53100', 'STORE_FULL'],
    ['40P01', 'STORE_BUSY'],
    ['25006', 'STORE_READONLY'],
    ['28P01', 'STORE_AUTH'],
    ['3D000', 'STORE_UNREACHABLE'],
    ['08006', 'STORE_UNREACHABLE'],
    ['XX001', 'STORE_CORRUPT'],
    ['ECONNREFUSED', 'STORE_UNREACHABLE'],
  ])('maps %s to %s, keeping the cause', (code, expected) => {
    const cause = coded(code);
    const mapped = toPgStoreError(cause, target) as StoreError;
    expect(mapped).toBeInstanceOf(StoreError);
    expect(mapped.code).toBe(expected);
    expect(mapped.cause).toBe(cause);
    expect(mapped.message).toContain(target);
  });

  it('leaves errors of our own SQL (a broken constraint) alone', () => {
    const bug = coded('23514');
    expect(toPgStoreError(bug, target)).toBe(bug);
    const plain = new TypeError('x is undefined');
    expect(toPgStoreError(plain, target)).toBe(plain);
  });
});

describe('openPostgres without a server', () => {
  it('fails with STORE_UNREACHABLE naming the database but not the password', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r));
    const error = await openPostgres(`postgres://bot:hunter2@127.0.0.1:${port}/dockhand`, { connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STORE_UNREACHABLE');
    expect((error as StoreError).message).toContain(`127.0.0.1:${port}/dockhand`);
    expect((error as StoreError).message).not.toContain('hunter2');
  });
});

describePostgres('openPostgres', (db) => {
  it('migrates an empty database once, even when replicas open it at the same moment', async () => {
    const opened = await Promise.all([1, 2, 3, 4].map(() => openPostgres(db().url, { max: 2 })));
    try {
      expect(opened.filter((o) => o.created)).toHaveLength(1);
      const { rows } = await opened[0]!.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
      const tables = await opened[0]!.pool.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
      expect(tables.rows.map((r) => r.tablename)).toEqual(['handled_once', 'ledger', 'meta', 'questions', 'rotations', 'schema_migrations', 'subscriptions', 'votes']);
    } finally {
      await Promise.all(opened.map((o) => o.close()));
    }
    const again = await openPostgres(db().url);
    expect(again.created).toBe(false);
    expect(await again.ping()).toEqual({ ok: true });
    await again.close();
    await again.close();
  });

  it('refuses a database migrated by a newer dockhand', async () => {
    const fresh = await createTestDatabase();
    try {
      await (await openPostgres(fresh.url)).close();
      const raw = new pg.Client({ connectionString: fresh.url });
      await raw.connect();
      await raw.query('INSERT INTO schema_migrations (version) VALUES ($1)', [PG_MIGRATIONS.length + 1]);
      await raw.end();
      await expect(openPostgres(fresh.url)).rejects.toMatchObject({ code: 'STORE_NEWER' });
    } finally {
      await fresh.drop();
    }
  });

  it('rolls back a failed transaction and reports the failure in health, then recovery', async () => {
    const store = await openPostgres(db().url);
    try {
      await expect(
        store.transaction(async (c) => {
          await c.query("INSERT INTO meta (key, value) VALUES ('k', 'v')");
          await c.query("SELECT pg_terminate_backend(pg_backend_pid())");
        }),
      ).rejects.toMatchObject({ code: 'STORE_UNREACHABLE' });
      const health = store.health();
      expect(health.ok).toBe(false);
      expect(await store.run((q) => q.query("SELECT count(*) AS n FROM meta WHERE key = 'k'"))).toMatchObject({ rows: [{ n: 0 }] });
      expect(store.health()).toEqual({ ok: true });
    } finally {
      await store.close();
    }
  });
});
