import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteLearnStore, type LearnStore, type VoteRecord } from '../../src/learn/store.ts';
import { MIGRATIONS, SCHEMA_VERSION, openSqliteStore } from '../../src/tips/store.ts';

let dir: string;
let store: LearnStore | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dockhand-learn-'));
});
afterEach(async () => {
  await store?.close();
  store = null;
  rmSync(dir, { recursive: true, force: true });
});

const vote = (over: Partial<VoteRecord> = {}): VoteRecord => ({ answerId: 'a1', voter: 'p1', platform: 'slack', topicId: 'run-rm', lang: 'en', vote: 1, reason: null, at: 1000, ...over });

describe('learn store', async () => {
  it('keeps one vote per person per answer: the same vote twice counts once, a change replaces it', async () => {
    store = openSqliteLearnStore(join(dir, 'd.db'));
    expect(await store.recordVote(vote())).toBe('new');
    expect(await store.recordVote(vote({ at: 2000 }))).toBe('same');
    expect(await store.recordVote(vote({ vote: -1, at: 3000 }))).toBe('changed');
    expect(await store.recordVote(vote({ voter: 'p2' }))).toBe('new');
    const votes = await store.votesSince(0);
    expect(votes).toHaveLength(2);
    expect(votes.find((v) => v.voter === 'p1')).toMatchObject({ vote: -1, at: 3000 });
    expect(await store.setReason('a1', 'p1', 'outdated')).toBe(true);
    expect(await store.setReason('a1', 'p2', 'outdated')).toBe(false);
    expect((await store.votesSince(0)).find((v) => v.voter === 'p1')?.reason).toBe('outdated');
  });

  it('hashes people with a salt kept in the file: stable across opens, different per store', async () => {
    const path = join(dir, 'd.db');
    store = openSqliteLearnStore(path);
    const first = store.person('slack', 'U123');
    expect(first).not.toContain('U123');
    expect(store.person('discord', 'U123')).not.toBe(first);
    await store.close();
    store = openSqliteLearnStore(path);
    expect(store.person('slack', 'U123')).toBe(first);
    const other = openSqliteLearnStore(join(dir, 'other.db'));
    expect(other.person('slack', 'U123')).not.toBe(first);
    await other.close();
  });

  it('logs questions with capped text and prunes old questions and votes', async () => {
    store = openSqliteLearnStore(join(dir, 'd.db'));
    const base = { platform: 'discord' as const, lang: 'zh' as const, outcome: 'declined' as const, topicId: null, confidence: 0.2, latencyMs: 0.8, asker: 'p1' };
    await store.logQuestion({ ...base, answerId: 'old', at: 1000, text: 'x'.repeat(5000) });
    await store.logQuestion({ ...base, answerId: 'new', at: 5000, text: null });
    await store.recordVote(vote({ answerId: 'old', at: 1000 }));
    expect((await store.question('old'))?.text).toHaveLength(500);
    expect((await store.question('new'))?.text).toBeNull();
    expect(await store.prune(2000)).toBe(2);
    expect((await store.questionsSince(0)).map((q) => q.answerId)).toEqual(['new']);
    expect(await store.votesSince(0)).toEqual([]);
  });

  it('upgrades a store of the first schema in place, keeping its subscriptions', async () => {
    const path = join(dir, 'd.db');
    const raw = new Database(path);
    raw.exec(MIGRATIONS[0]!);
    raw.prepare(`INSERT INTO subscriptions (platform, channel_id, time, timezone, lang, created_at, updated_at) VALUES ('slack', 'C1', '09:00', 'UTC', 'en', 1, 1)`).run();
    raw.pragma('user_version = 1');
    raw.close();
    store = openSqliteLearnStore(path);
    await store.logQuestion({ answerId: 'a', at: 1, platform: 'slack', lang: 'en', outcome: 'answered', topicId: 'run-rm', confidence: 0.9, latencyMs: 1, text: 'q', asker: null });
    const tips = openSqliteStore(path);
    expect((await tips.listSubscriptions()).map((s) => s.channelId)).toEqual(['C1']);
    await tips.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
    expect(SCHEMA_VERSION).toBeGreaterThan(1);
  });
});
