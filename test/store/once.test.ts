import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MAX_KEY_LENGTH, createMemoryOnceStore, storedKey, type OnceStore } from '../../src/store/once.ts';
import { openPostgres, type PostgresDatabase } from '../../src/store/pg.ts';
import { openOnceStore } from '../../src/store/open-once.ts';
import { pgOnceStore } from '../../src/store/pg-once.ts';
import { openSqliteOnceStore } from '../../src/store/sqlite-once.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/tips/store.ts';
import { TEST_POSTGRES_URL, createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'dockhand-once-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const sqlitePath = () => join(dir, `once-${(files += 1)}.db`);

/** Each engine: a fresh store, and a second store on the same data (another process's view). */
interface Engine {
  name: string;
  open(): Promise<{ a: OnceStore; b: OnceStore }>;
}

const ENGINES: Engine[] = [
  {
    name: 'sqlite',
    async open() {
      const path = sqlitePath();
      return { a: openSqliteOnceStore(path), b: openSqliteOnceStore(path) };
    },
  },
];

// Postgres: two pools on one database (two replicas), a fresh database per test file.
let database: TestDatabase | null = null;
const pools: PostgresDatabase[] = [];
if (TEST_POSTGRES_URL) {
  ENGINES.push({
    name: 'postgres',
    async open() {
      database ??= await createTestDatabase();
      const [one, two] = await Promise.all([openPostgres(database.url, { max: 4 }), openPostgres(database.url, { max: 4 })]);
      pools.push(one!, two!);
      // Each test starts empty, as the SQLite ones do with a new file.
      await one!.pool.query('TRUNCATE handled_once');
      return { a: pgOnceStore(one!), b: pgOnceStore(two!) };
    },
  });
}
afterAll(async () => {
  await database?.drop();
});

const open: OnceStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

// Says loudly (or fails under CI=true) when the Postgres half above did not run.
describePostgres('OnceStore on Postgres is tested', () => {
  it('has a test database', () => {
    expect(ENGINES.map((e) => e.name)).toContain('postgres');
  });
});
const both = async (engine: Engine) => {
  const pair = await engine.open();
  open.push(pair.a, pair.b);
  return pair;
};

describe.each(ENGINES)('OnceStore on $name', (engine) => {
  it('takes a key once within its ttl, from either connection, and again once it has expired', async () => {
    const { a, b } = await both(engine);
    expect(await a.first('Ev1', 1_000, 10_000)).toBe(true);
    expect(await a.first('Ev1', 1_000, 10_500)).toBe(false);
    expect(await b.first('Ev1', 1_000, 10_999)).toBe(false);
    expect(await b.first('Ev2', 1_000, 10_999)).toBe(true);
    // Expired at 11,000: the next take wins, and holds for its own ttl.
    expect(await b.first('Ev1', 1_000, 11_000)).toBe(true);
    expect(await a.first('Ev1', 1_000, 11_500)).toBe(false);
  });

  it('forget releases a key for the next take', async () => {
    const { a, b } = await both(engine);
    expect(await a.first('share:C1', 60_000, 0)).toBe(true);
    await b.forget('share:C1');
    expect(await a.first('share:C1', 60_000, 1)).toBe(true);
    expect(await b.first('share:C1', 60_000, 2)).toBe(false);
    await a.forget('never-taken');
  });

  it('prune deletes expired keys only', async () => {
    const { a, b } = await both(engine);
    await a.first('old', 100, 0);
    await a.first('new', 10_000, 0);
    expect(await b.prune(100)).toBe(1);
    expect(await b.prune(100)).toBe(0);
    expect(await a.first('new', 10_000, 200)).toBe(false);
    expect(await a.first('old', 10_000, 200)).toBe(true);
  });

  it('keeps long keys apart and small (2,000-character button values)', async () => {
    const { a, b } = await both(engine);
    const long = (c: string) => `C1:1700000000.000001:${c.repeat(2_000)}`;
    expect(await a.first(long('x'), 60_000, 0)).toBe(true);
    expect(await b.first(long('x'), 60_000, 1)).toBe(false);
    expect(await b.first(long('y'), 60_000, 1)).toBe(true);
  });

  it('gives each of 200 keys to exactly one of two connections racing for them', async () => {
    const { a, b } = await both(engine);
    const keys = Array.from({ length: 200 }, (_, i) => `race${i}`);
    const wins = await Promise.all(keys.flatMap((k) => [a.first(k, 60_000, 5), b.first(k, 60_000, 5)]));
    expect(wins.filter(Boolean)).toHaveLength(200);
    for (let i = 0; i < keys.length; i += 1) expect(wins[2 * i]! !== wins[2 * i + 1]!, keys[i]).toBe(true);
  });
});

describe('OnceStore in memory', () => {
  it('takes a key once within its ttl, forgets on request, and stays bounded under a flood', async () => {
    const store = createMemoryOnceStore({ max: 100 });
    expect(await store.first('Ev1', 1_000, 0)).toBe(true);
    expect(await store.first('Ev1', 1_000, 999)).toBe(false);
    expect(await store.first('Ev1', 1_000, 1_000)).toBe(true);
    await store.forget('Ev1');
    expect(await store.first('Ev1', 1_000, 1_001)).toBe(true);
    for (let i = 0; i < 10_000; i += 1) await store.first(`flood${i}`, 60_000, 2_000);
    // The newest are still remembered; the oldest made room.
    expect(await store.first('flood9999', 60_000, 2_001)).toBe(false);
    expect(await store.first('flood0', 60_000, 2_001)).toBe(true);
    expect(await store.prune(2_000 + 60_000)).toBe(99);
    expect(await store.prune(2_001 + 60_000)).toBe(1);
  });

  it('is the only kind that does not share: a second store takes the same key again', async () => {
    const a = createMemoryOnceStore();
    const b = createMemoryOnceStore();
    expect(await a.first('Ev1', 1_000, 0)).toBe(true);
    expect(await b.first('Ev1', 1_000, 0)).toBe(true);
    expect(a.kind).toBe('memory');
  });
});

describe('storedKey', () => {
  it('keeps short keys and hashes long ones', () => {
    expect(storedKey('Ev123')).toBe('Ev123');
    expect(storedKey('x'.repeat(MAX_KEY_LENGTH))).toHaveLength(MAX_KEY_LENGTH);
    expect(storedKey('x'.repeat(MAX_KEY_LENGTH + 1))).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('OnceStore on SQLite across processes', () => {
  it('three processes on one file take each of 300 keys exactly once', async () => {
    const path = sqlitePath();
    // Created and migrated once up front, as the app does before its workers would start.
    await openSqliteOnceStore(path).close();
    const run = () =>
      new Promise<string[]>((done, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx/esm', 'test/store/once-worker.ts', path, '300'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d));
        child.stderr.on('data', (d: Buffer) => (err += d));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? done(JSON.parse(out.trim()) as string[]) : reject(new Error(`worker exited ${code}: ${err}`))));
        child.stdin.write('go\n');
      });
    const won = (await Promise.all([run(), run(), run()])).flat();
    expect(won).toHaveLength(300);
    expect(new Set(won).size).toBe(300);
  }, 60_000);

  it('migration 3 adds handled_once to an existing store file, keeping its subscriptions', async () => {
    const path = sqlitePath();
    const raw = new Database(path);
    raw.exec(MIGRATIONS[0]!);
    raw.exec(MIGRATIONS[1]!);
    raw.prepare(`INSERT INTO subscriptions (platform, channel_id, time, timezone, lang, created_at, updated_at) VALUES ('slack', 'C1', '09:00', 'UTC', 'en', 1, 1)`).run();
    raw.pragma('user_version = 2');
    raw.close();
    const once = openSqliteOnceStore(path);
    open.push(once);
    expect(await once.first('Ev1', 1_000, 0)).toBe(true);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(check.prepare('SELECT channel_id FROM subscriptions').all()).toEqual([{ channel_id: 'C1' }]);
    expect(check.prepare('SELECT key FROM handled_once').all()).toEqual([{ key: 'Ev1' }]);
    check.close();
  });
});

describe('openOnceStore', () => {
  it('gives memory without a source and the SQLite file for a path', async () => {
    expect(openOnceStore(null).kind).toBe('memory');
    const path = sqlitePath();
    const [a, b] = [openOnceStore({ sqlitePath: path }), openOnceStore({ sqlitePath: path })];
    open.push(a, b);
    expect(a.kind).toBe('sqlite');
    expect(await a.first('Ev1', 1_000, 0)).toBe(true);
    expect(await b.first('Ev1', 1_000, 0)).toBe(false);
  });
});

describePostgres('openOnceStore on Postgres', (db) => {
  it('uses the database it is given and leaves its pool open', async () => {
    const database = await openPostgres(db().url);
    try {
      const store = openOnceStore({ postgres: database });
      expect(store.kind).toBe('postgres');
      expect(await store.first('Ev1', 1_000, 0)).toBe(true);
      expect(await store.first('Ev1', 1_000, 1)).toBe(false);
      await store.close();
      expect(await database.ping()).toEqual({ ok: true });
    } finally {
      await database.close();
    }
  });
});
