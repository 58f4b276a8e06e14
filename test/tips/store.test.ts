import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/store/pg.ts';
import { createPgTipStore } from '../../src/tips/pg-store.ts';
import { SCHEMA_VERSION, openSqliteStore, type DayKey, type TipStore } from '../../src/tips/store.ts';
import { TEST_POSTGRES_URL, createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.ts';
import { pollUntil, tempDb } from './fixtures.ts';

const KEY = { platform: 'slack' as const, channelId: 'C1' };
const DAY: DayKey = { ...KEY, localDate: '2026-05-04' };
const choose = (topicId: string) => () => ({ topicId, lang: 'en' as const, rotation: { seed: 1, cycle: 0, shown: [topicId] } });

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** One engine under the TipStore contract: a fresh, empty store, and more connections to it. */
interface Engine {
  name: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** An empty store; `connect()` opens another connection (another replica's view) to the same data. */
  fresh(): Promise<{ store: TipStore; connect(): Promise<TipStore> }>;
}

const sqlite: Engine = {
  name: 'sqlite',
  setup: async () => {},
  teardown: async () => {},
  async fresh() {
    const db = tempDb();
    cleanups.push(db.cleanup);
    const connect = async () => {
      const store = openSqliteStore(db.path);
      cleanups.push(() => store.close());
      return store;
    };
    return { store: await connect(), connect };
  },
};

function postgresEngine(): Engine {
  let database: TestDatabase | null = null;
  return {
    name: 'postgres',
    async setup() {
      database = await createTestDatabase();
    },
    async teardown() {
      await database?.drop();
    },
    async fresh() {
      const url = database!.url;
      const connect = async () => {
        const store = createPgTipStore(await openPostgres(url, { max: 3 }));
        cleanups.push(() => store.close());
        return store;
      };
      const store = await connect();
      // One database per file; each test starts from empty tables.
      const raw = await openPostgres(url, { max: 1 });
      await raw.pool.query('TRUNCATE subscriptions, rotations, ledger');
      await raw.close();
      return { store, connect };
    },
  };
}

const ENGINES: Engine[] = TEST_POSTGRES_URL ? [sqlite, postgresEngine()] : [sqlite];
// Without a cluster this warns loudly (and fails under CI=true) instead of skipping in silence.
if (!TEST_POSTGRES_URL) describePostgres('the tip store on postgres', () => {});

describe.each(ENGINES)('the tip store on $name', (engine) => {
  beforeAll(() => engine.setup());
  afterAll(() => engine.teardown());

  it('keeps data across connections and reopens', async () => {
    const { store, connect } = await engine.fresh();
    await store.saveSubscription({ ...KEY, time: '09:00', timezone: 'UTC', lang: 'en' }, 1000);
    await store.close();
    const again = await connect();
    expect(again.created).toBe(false);
    expect(await again.getSubscription(KEY)).toMatchObject({ time: '09:00', createdAt: 1000 });
  });

  describe('subscriptions', () => {
    it('creates, updates (keeping createdAt), lists and deletes', async () => {
      const { store } = await engine.fresh();
      expect(await store.getSubscription(KEY)).toBeNull();
      await store.saveSubscription({ ...KEY, time: '09:00', timezone: 'UTC', lang: 'en' }, 1000);
      const updated = await store.saveSubscription({ ...KEY, time: '10:30', timezone: 'Asia/Shanghai', lang: 'zh' }, 2000);
      expect(updated).toMatchObject({ time: '10:30', timezone: 'Asia/Shanghai', lang: 'zh', createdAt: 1000, updatedAt: 2000, pausedAt: null });
      await store.saveSubscription({ platform: 'discord', channelId: 'D1', time: '08:00', timezone: 'UTC', lang: 'en' }, 3000);
      await store.saveSubscription({ platform: 'slack', channelId: 'c0', time: '08:00', timezone: 'UTC', lang: 'en' }, 3000);
      // Binary order on both engines (a server collation would put "c0" before "C1").
      expect((await store.listSubscriptions()).map((s) => `${s.platform}/${s.channelId}`)).toEqual(['discord/D1', 'slack/C1', 'slack/c0']);
      expect(await store.deleteSubscription(KEY)).toBe(true);
      expect(await store.deleteSubscription(KEY)).toBe(false);
    });

    it('counts failure streaks, pauses, and clears both when saved again', async () => {
      const { store } = await engine.fresh();
      await store.saveSubscription({ ...KEY, time: '09:00', timezone: 'UTC', lang: 'en' }, 1000);
      await store.recordOutcome(KEY, 'gone');
      expect(await store.recordOutcome(KEY, 'failedDay')).toMatchObject({ goneStreak: 0, failStreak: 2 });
      expect(await store.recordOutcome(KEY, 'gone')).toMatchObject({ goneStreak: 1, failStreak: 3 });
      expect(await store.recordOutcome(KEY, 'ok')).toMatchObject({ goneStreak: 0, failStreak: 0 });
      expect(await store.recordOutcome({ ...KEY, channelId: 'nobody' }, 'ok')).toBeNull();
      await store.pause(KEY, 'gone', 5000);
      await store.pause(KEY, 'a later reason does not replace the first', 6000);
      expect(await store.getSubscription(KEY)).toMatchObject({ pausedAt: 5000, pauseReason: 'gone' });
      expect(await store.saveSubscription({ ...KEY, time: '09:00', timezone: 'UTC', lang: 'en' }, 6000)).toMatchObject({ pausedAt: null, pauseReason: null });
    });

    it('enforces the language column', async () => {
      const { store } = await engine.fresh();
      await expect(store.saveSubscription({ ...KEY, time: '09:00', timezone: 'UTC', lang: 'fr' as 'en' }, 1)).rejects.toThrow(/check constraint/i);
      expect(store.health()).toEqual({ ok: true });
    });
  });

  describe('rotations', () => {
    it('keeps the first stored rotation, with a full 32-bit seed', async () => {
      const { store } = await engine.fresh();
      expect(await store.getRotation(KEY)).toBeNull();
      expect(await store.initRotation(KEY, { seed: 0xfffffffe, cycle: 0, shown: [] })).toEqual({ seed: 0xfffffffe, cycle: 0, shown: [] });
      expect(await store.initRotation(KEY, { seed: 9, cycle: 3, shown: ['x'] })).toEqual({ seed: 0xfffffffe, cycle: 0, shown: [] });
    });
  });

  describe('the ledger', () => {
    it('claims a day once and advances the rotation in the same step', async () => {
      const { store } = await engine.fresh();
      const entry = await store.claimDay(DAY, 'a', 100, choose('alpha'));
      expect(entry).toMatchObject({ status: 'claimed', attempts: 1, topicId: 'alpha', claimedBy: 'a', claimedAt: 100 });
      expect(await store.getRotation(KEY)).toEqual({ seed: 1, cycle: 0, shown: ['alpha'] });
      let asked = false;
      expect(await store.claimDay(DAY, 'b', 200, () => ((asked = true), choose('bravo')()))).toBeNull();
      expect(asked).toBe(false);
      expect((await store.getRotation(KEY))?.shown).toEqual(['alpha']);
    });

    it('lets exactly one of two connections claim a day', async () => {
      const { store, connect } = await engine.fresh();
      const other = await connect();
      const a = await store.claimDay(DAY, 'a', 100, choose('alpha'));
      const b = await other.claimDay(DAY, 'b', 100, choose('bravo'));
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect(await other.getEntry(DAY)).toMatchObject({ claimedBy: 'a', topicId: 'alpha' });
      expect(await other.claimDay({ ...DAY, localDate: '2026-05-05' }, 'b', 200, choose('bravo'))).toMatchObject({ claimedBy: 'b' });
    });

    it('under concurrent claims from several connections: one winner per day, the rotation advanced once per won day', async () => {
      const { store, connect } = await engine.fresh();
      const replicas = [store, ...(await Promise.all([1, 2, 3, 4].map(() => connect())))];
      await store.initRotation(KEY, { seed: 7, cycle: 0, shown: [] });
      const days = Array.from({ length: 12 }, (_, i) => `2026-06-${String(i + 1).padStart(2, '0')}`);
      // Appends to the rotation it was given, so a lost update would show as a missing day.
      const advance = (owner: string, localDate: string) => (rotation: { seed: number; cycle: number; shown: string[] } | null) => ({
        topicId: `${owner}@${localDate}`,
        lang: 'en' as const,
        rotation: { seed: rotation!.seed, cycle: 0, shown: [...rotation!.shown, localDate] },
      });
      const claims = await Promise.all(
        days.flatMap((localDate) => replicas.map((replica, r) => replica.claimDay({ ...KEY, localDate }, `r${r}`, 1000, advance(`r${r}`, localDate)))),
      );
      const won = claims.filter((c) => c !== null);
      expect(won.map((c) => c.localDate).sort()).toEqual(days);
      for (const day of days) expect((await store.getEntry({ ...KEY, localDate: day }))?.topicId).toBe(won.find((c) => c.localDate === day)!.topicId);
      expect([...(await store.getRotation(KEY))!.shown].sort()).toEqual(days);
    });

    it('re-claims only released rows whose retry time has come, within the attempt limit, once', async () => {
      const { store, connect } = await engine.fresh();
      await store.claimDay(DAY, 'a', 100, choose('alpha'));
      expect(await store.reclaim(DAY, 'b', 200, 4)).toBeNull(); // still claimed: maybe posted
      await store.release(DAY, 500, 'PostError: ratelimited');
      expect(await store.getEntry(DAY)).toMatchObject({ status: 'released', retryAt: 500, error: 'PostError: ratelimited' });
      expect(await store.reclaim(DAY, 'b', 499, 4)).toBeNull();
      expect(await store.reclaim(DAY, 'b', 500, 1)).toBeNull();
      const other = await connect();
      const both = await Promise.all([store.reclaim(DAY, 'b', 500, 4), other.reclaim(DAY, 'c', 500, 4)]);
      expect(both.filter(Boolean)).toEqual([expect.objectContaining({ status: 'claimed', attempts: 2, retryAt: null })]);
      expect(await store.reclaim(DAY, 'd', 600, 4)).toBeNull();
    });

    it('records posts and failures, keeping a posted row posted', async () => {
      const { store } = await engine.fresh();
      await store.claimDay(DAY, 'a', 100, choose('alpha'));
      await store.markPosted(DAY, 'm-1', 150);
      await store.fail(DAY, 'late error');
      expect(await store.getEntry(DAY)).toMatchObject({ status: 'posted', messageId: 'm-1', postedAt: 150, error: null });
      const other = { ...DAY, localDate: '2026-05-05' };
      await store.claimDay(other, 'a', 200, choose('bravo'));
      await store.fail(other, 'x'.repeat(10_000));
      expect((await store.getEntry(other))?.error?.length).toBeLessThan(510);
      expect((await store.listEntries(KEY, 10)).map((e) => e.localDate)).toEqual(['2026-05-05', '2026-05-04']);
      expect(await store.listEntries(KEY, 1)).toHaveLength(1);
    });

    it('lists claims without a message id in a time window, newest first, over every channel', async () => {
      const { store } = await engine.fresh();
      await store.claimDay(DAY, 'a', 100, choose('alpha'));
      await store.claimDay({ platform: 'discord', channelId: 'D1', localDate: '2026-05-04' }, 'a', 300, choose('bravo'));
      await store.claimDay({ ...DAY, localDate: '2026-05-05' }, 'a', 200, choose('charlie'));
      await store.markPosted({ ...DAY, localDate: '2026-05-05' }, 'm-2', 250);
      await store.claimDay({ ...DAY, localDate: '2026-05-06' }, 'a', 900, choose('delta'));
      expect((await store.listMaybePosted(100, 900)).map((e) => `${e.channelId} ${e.claimedAt}`)).toEqual(['D1 300', 'C1 100']);
    });
  });
});

describe('openSqliteStore', () => {
  it('creates the file and its folder, in WAL mode, at the current schema version', () => {
    const db = tempDb();
    cleanups.push(db.cleanup);
    const store = openSqliteStore(db.path);
    cleanups.push(() => store.close());
    expect(store.created).toBe(true);
    expect(existsSync(db.path)).toBe(true);
    const raw = new Database(db.path, { readonly: true });
    cleanups.push(() => raw.close());
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['ledger', 'meta', 'questions', 'rotations', 'subscriptions', 'votes']));
  });

  it('refuses a file written by a newer schema', async () => {
    const db = tempDb();
    cleanups.push(db.cleanup);
    await openSqliteStore(db.path).close();
    const raw = new Database(db.path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openSqliteStore(db.path)).toThrow(/newer than this dockhand/);
  });
});

describePostgres('the Postgres tip store', (db) => {
  it('names the database, and reports connections cut by the server as STORE_UNREACHABLE until the next operation works', async () => {
    const store = createPgTipStore(await openPostgres(db().url));
    cleanups.push(() => store.close());
    expect(store.path).toBe(db().url);
    await store.saveSubscription({ ...KEY, time: '09:00', timezone: 'UTC', lang: 'en' }, 1);
    // Every connection of the pool is cut, as a server restart would.
    const admin = await openPostgres(db().url, { max: 1 });
    await admin.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    await admin.close();
    await pollUntil(() => !store.health().ok, 5000);
    expect(store.health()).toMatchObject({ ok: false, error: { name: 'StoreError', code: 'STORE_UNREACHABLE' } });
    expect(await store.listSubscriptions()).toHaveLength(1);
    expect(store.health()).toEqual({ ok: true });
  });
});
