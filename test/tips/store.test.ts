import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, openSqliteStore, type DayKey, type TipStore } from '../../src/tips/store.ts';
import { tempDb } from './fixtures.ts';

const KEY = { platform: 'slack' as const, channelId: 'C1' };
const DAY: DayKey = { ...KEY, localDate: '2026-05-04' };
const choose = (topicId: string) => () => ({ topicId, lang: 'en' as const, rotation: { seed: 1, cycle: 0, shown: [topicId] } });

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

function open(path: string): TipStore {
  const store = openSqliteStore(path);
  cleanups.push(() => store.close());
  return store;
}

function fresh(): { path: string; store: TipStore } {
  const db = tempDb();
  cleanups.push(db.cleanup);
  return { path: db.path, store: open(db.path) };
}

describe('openSqliteStore', () => {
  it('creates the file and its folder, in WAL mode, at the current schema version', async () => {
    const { path } = fresh();
    expect(existsSync(path)).toBe(true);
    const raw = new Database(path, { readonly: true });
    cleanups.push(() => raw.close());
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['handled_once', 'ledger', 'meta', 'questions', 'rotations', 'subscriptions', 'votes']);
  });

  it('reopens an existing file without losing data or migrating twice', async () => {
    const { path, store } = fresh();
    await store.saveSubscription({ ...KEY, time: '09:00', timezone: 'UTC', lang: 'en' }, 1000);
    await store.close();
    const again = open(path);
    expect(await again.getSubscription(KEY)).toMatchObject({ time: '09:00', createdAt: 1000 });
  });

  it('refuses a file written by a newer schema', async () => {
    const { path, store } = fresh();
    await store.close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openSqliteStore(path)).toThrow(/newer than this dockhand/);
  });
});

describe('subscriptions', () => {
  it('creates, updates (keeping createdAt), lists and deletes', async () => {
    const { store } = fresh();
    expect(await store.getSubscription(KEY)).toBeNull();
    await store.saveSubscription({ ...KEY, time: '09:00', timezone: 'UTC', lang: 'en' }, 1000);
    const updated = await store.saveSubscription({ ...KEY, time: '10:30', timezone: 'Asia/Shanghai', lang: 'zh' }, 2000);
    expect(updated).toMatchObject({ time: '10:30', timezone: 'Asia/Shanghai', lang: 'zh', createdAt: 1000, updatedAt: 2000, pausedAt: null });
    await store.saveSubscription({ platform: 'discord', channelId: 'D1', time: '08:00', timezone: 'UTC', lang: 'en' }, 3000);
    expect((await store.listSubscriptions()).map((s) => `${s.platform}/${s.channelId}`)).toEqual(['discord/D1', 'slack/C1']);
    expect(await store.deleteSubscription(KEY)).toBe(true);
    expect(await store.deleteSubscription(KEY)).toBe(false);
  });

  it('counts failure streaks, pauses, and clears both when saved again', async () => {
    const { store } = fresh();
    await store.saveSubscription({ ...KEY, time: '09:00', timezone: 'UTC', lang: 'en' }, 1000);
    await store.recordOutcome(KEY, 'gone');
    expect(await store.recordOutcome(KEY, 'failedDay')).toMatchObject({ goneStreak: 0, failStreak: 2 });
    expect(await store.recordOutcome(KEY, 'gone')).toMatchObject({ goneStreak: 1, failStreak: 3 });
    expect(await store.recordOutcome(KEY, 'ok')).toMatchObject({ goneStreak: 0, failStreak: 0 });
    await store.pause(KEY, 'gone', 5000);
    expect(await store.getSubscription(KEY)).toMatchObject({ pausedAt: 5000, pauseReason: 'gone' });
    expect(await store.saveSubscription({ ...KEY, time: '09:00', timezone: 'UTC', lang: 'en' }, 6000)).toMatchObject({ pausedAt: null, pauseReason: null });
  });

  it('enforces the language column', async () => {
    const { store } = fresh();
    await expect(store.saveSubscription({ ...KEY, time: '09:00', timezone: 'UTC', lang: 'fr' as 'en' }, 1)).rejects.toThrow(/CHECK constraint/i);
  });
});

describe('rotations', () => {
  it('keeps the first stored rotation', async () => {
    const { store } = fresh();
    expect(await store.getRotation(KEY)).toBeNull();
    expect(await store.initRotation(KEY, { seed: 5, cycle: 0, shown: [] })).toEqual({ seed: 5, cycle: 0, shown: [] });
    expect(await store.initRotation(KEY, { seed: 9, cycle: 3, shown: ['x'] })).toEqual({ seed: 5, cycle: 0, shown: [] });
  });
});

describe('the ledger', () => {
  it('claims a day once and advances the rotation in the same step', async () => {
    const { store } = fresh();
    const entry = await store.claimDay(DAY, 'a', 100, choose('alpha'));
    expect(entry).toMatchObject({ status: 'claimed', attempts: 1, topicId: 'alpha', claimedBy: 'a', claimedAt: 100 });
    expect(await store.getRotation(KEY)).toEqual({ seed: 1, cycle: 0, shown: ['alpha'] });
    let asked = false;
    expect(await store.claimDay(DAY, 'b', 200, () => ((asked = true), choose('bravo')()))).toBeNull();
    expect(asked).toBe(false);
    expect((await store.getRotation(KEY))?.shown).toEqual(['alpha']);
  });

  it('lets exactly one of two connections to the same file claim a day', async () => {
    const { path, store } = fresh();
    const other = open(path);
    const a = await store.claimDay(DAY, 'a', 100, choose('alpha'));
    const b = await other.claimDay(DAY, 'b', 100, choose('bravo'));
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await other.getEntry(DAY)).toMatchObject({ claimedBy: 'a', topicId: 'alpha' });
    expect(await other.claimDay({ ...DAY, localDate: '2026-05-05' }, 'b', 200, choose('bravo'))).toMatchObject({ claimedBy: 'b' });
  });

  it('re-claims only released rows whose retry time has come, within the attempt limit', async () => {
    const { store } = fresh();
    await store.claimDay(DAY, 'a', 100, choose('alpha'));
    expect(await store.reclaim(DAY, 'b', 200, 4)).toBeNull(); // still claimed: maybe posted
    await store.release(DAY, 500, 'PostError: ratelimited');
    expect(await store.getEntry(DAY)).toMatchObject({ status: 'released', retryAt: 500, error: 'PostError: ratelimited' });
    expect(await store.reclaim(DAY, 'b', 499, 4)).toBeNull();
    expect(await store.reclaim(DAY, 'b', 500, 1)).toBeNull();
    expect(await store.reclaim(DAY, 'b', 500, 4)).toMatchObject({ status: 'claimed', attempts: 2, claimedBy: 'b', retryAt: null });
    expect(await store.reclaim(DAY, 'c', 600, 4)).toBeNull();
  });

  it('records posts and failures, keeping a posted row posted', async () => {
    const { store } = fresh();
    await store.claimDay(DAY, 'a', 100, choose('alpha'));
    await store.markPosted(DAY, 'm-1', 150);
    await store.fail(DAY, 'late error');
    expect(await store.getEntry(DAY)).toMatchObject({ status: 'posted', messageId: 'm-1', postedAt: 150, error: null });
    const other = { ...DAY, localDate: '2026-05-05' };
    await store.claimDay(other, 'a', 200, choose('bravo'));
    await store.fail(other, 'x'.repeat(10_000));
    expect((await store.getEntry(other))?.error?.length).toBeLessThan(510);
    expect((await store.listEntries(KEY, 10)).map((e) => e.localDate)).toEqual(['2026-05-05', '2026-05-04']);
  });
});
