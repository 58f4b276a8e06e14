/**
 * The LearnStore contract, run on both engines: the SQLite file (a temp dir) and Postgres (a
 * database of its own on the test cluster, test/support/postgres.ts). Two stores opened on the
 * same file or database stand for two processes (replicas) sharing it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPgLearnStore } from '../../src/learn/pg-store.ts';
import { openSqliteLearnStore, type LearnStore, type QuestionRecord, type VoteRecord } from '../../src/learn/store.ts';
import { openPostgres } from '../../src/store/pg.ts';
import { MIGRATIONS, SCHEMA_VERSION, openSqliteStore } from '../../src/tips/store.ts';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.ts';

/** How a contract test opens stores on one engine. */
interface Engine {
  /** A store on the shared file or database (each call: another connection, as another process). */
  open(): Promise<LearnStore>;
  /** A store on a different, empty file or database. */
  openOther(): Promise<LearnStore>;
}

const vote = (over: Partial<VoteRecord> = {}): VoteRecord => ({ answerId: 'a1', voter: 'p1', platform: 'slack', topicId: 'run-rm', lang: 'en', vote: 1, reason: null, at: 1000, ...over });
const question = (over: Partial<QuestionRecord> = {}): QuestionRecord => ({
  answerId: 'q1',
  at: 1000,
  platform: 'discord',
  lang: 'zh',
  outcome: 'declined',
  topicId: null,
  confidence: 0.2,
  latencyMs: 0.8,
  text: 'how do i',
  asker: 'p1',
  ...over,
});

/** The contract tests; `engine()` is called inside tests, once the engine's hooks ran. */
function contract(engine: () => Engine): void {
  const opened: LearnStore[] = [];
  const open = async (other = false) => {
    const store = await (other ? engine().openOther() : engine().open());
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });

  it('keeps one vote per person per answer: the same vote twice counts once, a change replaces it', async () => {
    const store = await open();
    expect(await store.recordVote(vote())).toBe('new');
    expect(await store.recordVote(vote({ at: 2000 }))).toBe('same');
    expect(await store.recordVote(vote({ vote: -1, at: 3000 }))).toBe('changed');
    expect(await store.recordVote(vote({ voter: 'p2' }))).toBe('new');
    const votes = await store.votesSince(0);
    expect(votes).toHaveLength(2);
    expect(votes.find((v) => v.voter === 'p1')).toEqual(vote({ vote: -1, at: 3000 }));
    expect(await store.setReason('a1', 'p1', 'outdated')).toBe(true);
    expect(await store.setReason('a1', 'p2', 'outdated')).toBe(false);
    expect((await store.votesSince(0)).find((v) => v.voter === 'p1')?.reason).toBe('outdated');
    // The same down vote again, now without the reason: a change (the reason is cleared).
    expect(await store.recordVote(vote({ vote: -1, at: 4000 }))).toBe('changed');
  });

  it('hashes people with a salt kept in the store: stable across opens and processes, different per store', async () => {
    const store = await open();
    const first = store.person('slack', 'U123');
    expect(first).not.toContain('U123');
    expect(store.person('discord', 'U123')).not.toBe(first);
    const again = await open();
    expect(again.person('slack', 'U123')).toBe(first);
    const other = await open(true);
    expect(other.person('slack', 'U123')).not.toBe(first);
  });

  it('logs questions with capped text, ignores an answer id logged twice, and prunes old questions and votes', async () => {
    const store = await open();
    await store.logQuestion(question({ answerId: 'old', at: 1000, text: 'x'.repeat(5000) }));
    await store.logQuestion(question({ answerId: 'new', at: 5000, text: null, outcome: 'answered', topicId: 'run-rm', confidence: 0.91, latencyMs: 2.345 }));
    await store.logQuestion(question({ answerId: 'new', at: 6000, text: 'a replay' }));
    await store.recordVote(vote({ answerId: 'old', at: 1000 }));
    expect((await store.question('old'))?.text).toHaveLength(500);
    // Every field comes back with its JS type (numbers, not strings).
    expect(await store.question('new')).toEqual(question({ answerId: 'new', at: 5000, text: null, outcome: 'answered', topicId: 'run-rm', confidence: 0.91, latencyMs: 2.345 }));
    expect(await store.question('nope')).toBeNull();
    expect((await store.questionsSince(0)).map((q) => q.answerId)).toEqual(['old', 'new']);
    expect((await store.questionsSince(2000)).map((q) => q.answerId)).toEqual(['new']);
    expect(await store.prune(2000)).toBe(2);
    expect((await store.questionsSince(0)).map((q) => q.answerId)).toEqual(['new']);
    expect(await store.votesSince(0)).toEqual([]);
  });

  it('decides in the store: two processes voting at once store one first vote, two swaps of the same value let one win', async () => {
    const [a, b] = [await open(), await open()];
    const votes = await Promise.all([a.recordVote(vote({ answerId: 'race' })), b.recordVote(vote({ answerId: 'race' }))]);
    expect(votes.sort()).toEqual(['new', 'same']);
    expect(await a.meta('k')).toBeNull();
    const firsts = await Promise.all([a.swapMeta('k', null, 'a'), b.swapMeta('k', null, 'b')]);
    expect(firsts.filter(Boolean)).toHaveLength(1);
    const held = await a.meta('k');
    const seconds = await Promise.all([a.swapMeta('k', held, 'a2'), b.swapMeta('k', held, 'b2')]);
    expect(seconds.filter(Boolean)).toHaveLength(1);
    expect(['a2', 'b2']).toContain(await b.meta('k'));
    expect(await a.swapMeta('k', 'stale', 'x')).toBe(false);
  });

  it('keeps a question holding a NUL character or any Unicode', async () => {
    const store = await open();
    await store.logQuestion(question({ answerId: 'nul', text: 'docker\0run 容器 🐳' }));
    const text = (await store.question('nul'))?.text;
    expect(text).toMatch(/^docker.run 容器 🐳$/);
  });

  it('finishes the writes in flight before close resolves, and fails clearly after it', async () => {
    const store = await engine().open();
    const writes = Array.from({ length: 20 }, (_, i) => store.logQuestion(question({ answerId: `w${i}`, at: 1000 + i })));
    await store.close();
    await Promise.all(writes);
    await expect(store.logQuestion(question({ answerId: 'late' }))).rejects.toThrow();
    const reader = await open();
    expect(await reader.questionsSince(0)).toHaveLength(20);
  });
}

describe('learn store on SQLite', () => {
  let dir: string;
  let shared: string;
  let n = 0;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dockhand-learn-'));
  });
  beforeEach(() => {
    shared = join(dir, `shared-${++n}.db`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  contract(() => ({
    open: async () => openSqliteLearnStore(shared),
    openOther: async () => openSqliteLearnStore(join(dir, `other-${++n}.db`)),
  }));

  it('upgrades a store of the first schema in place, keeping its subscriptions', async () => {
    const path = join(dir, 'v1.db');
    const raw = new Database(path);
    raw.exec(MIGRATIONS[0]!);
    raw.prepare(`INSERT INTO subscriptions (platform, channel_id, time, timezone, lang, created_at, updated_at) VALUES ('slack', 'C1', '09:00', 'UTC', 'en', 1, 1)`).run();
    raw.pragma('user_version = 1');
    raw.close();
    const store = openSqliteLearnStore(path);
    await store.logQuestion(question({ answerId: 'a' }));
    await store.close();
    const tips = openSqliteStore(path);
    expect((await tips.listSubscriptions()).map((s) => s.channelId)).toEqual(['C1']);
    await tips.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
    expect(SCHEMA_VERSION).toBeGreaterThan(1);
  });
});

describePostgres('learn store on Postgres', (db) => {
  // A database per test, so each starts empty as on SQLite; all dropped at the end.
  const databases: TestDatabase[] = [];
  let shared: TestDatabase;
  beforeEach(async () => {
    shared = await createTestDatabase();
    databases.push(shared);
  });
  afterAll(async () => {
    for (const d of databases) await d.drop();
  });
  contract(() => ({
    open: async () => openPgLearnStore(await openPostgres(shared.url)),
    async openOther() {
      const other = await createTestDatabase();
      databases.push(other);
      return openPgLearnStore(await openPostgres(other.url));
    },
  }));

  it('stores the rows in the tables of migration 2, the salt once in meta', async () => {
    const store = await openPgLearnStore(await openPostgres(db().url));
    await store.logQuestion(question({ answerId: 'p' }));
    await openPgLearnStore(await openPostgres(db().url)).then((s) => s.close());
    await store.close();
    const client = new pg.Client({ connectionString: db().url });
    await client.connect();
    try {
      expect((await client.query('SELECT answer_id, at FROM questions')).rows).toEqual([{ answer_id: 'p', at: '1000' }]);
      expect((await client.query(`SELECT count(*)::int AS n FROM meta WHERE key = 'person_salt'`)).rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });
});
