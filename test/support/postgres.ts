/**
 * Postgres for tests. `DOCKHAND_TEST_DATABASE_URL` names a cluster (scripts/test-postgres.sh
 * starts a throw-away one); each test file creates its own database there (`t_<random>`) and
 * drops it afterwards, so files and helpers running at once never see each other's rows.
 *
 * Without the variable the Postgres tests are skipped with a loud warning, except under
 * `CI=true`, where the skip is a failing test: CI must never go green without running them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';

/** The cluster to create test databases on, or null when none is configured. */
export const TEST_POSTGRES_URL: string | null = process.env.DOCKHAND_TEST_DATABASE_URL?.trim() || null;

/** A database of its own for one test file. */
export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  name: string;
  /** Drops it (terminating leftover connections). Idempotent. */
  drop(): Promise<void>;
}

/** The cluster's URL with another database name. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<R>(work: (client: pg.Client) => Promise<R>): Promise<R> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL! });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database `t_<random>` on the test cluster. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!TEST_POSTGRES_URL) throw new Error('DOCKHAND_TEST_DATABASE_URL is not set');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  let dropped = false;
  return {
    name,
    url: withDatabase(TEST_POSTGRES_URL, name),
    async drop() {
      if (dropped) return;
      dropped = true;
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** What a skipped Postgres block says. */
const SKIP_TEXT = 'DOCKHAND_TEST_DATABASE_URL is not set: Postgres tests SKIPPED (start a cluster with `source scripts/test-postgres.sh && pg_test_start`)';

/**
 * `describe` for tests that need Postgres: one fresh database for the block (created before its
 * tests, dropped after); `db()` returns it inside tests and hooks. Without a cluster: skipped
 * with a warning, or a failing test under CI=true.
 */
export function describePostgres(name: string, body: (db: () => TestDatabase) => void): void {
  if (!TEST_POSTGRES_URL) {
    if (process.env.CI === 'true') {
      describe(name, () => {
        it('runs against Postgres (CI=true requires DOCKHAND_TEST_DATABASE_URL)', () => {
          throw new Error(SKIP_TEXT);
        });
      });
      return;
    }
    console.warn(`\n⚠ ${name}: ${SKIP_TEXT}\n`);
    describe.skip(name, () => body(() => {
      throw new Error('no test database');
    }));
    return;
  }
  describe(name, () => {
    let database: TestDatabase | null = null;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => {
      await database?.drop();
    });
    body(() => {
      if (!database) throw new Error('the test database is not created yet (use db() inside a test or hook)');
      return database;
    });
  });
}
