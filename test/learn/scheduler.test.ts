import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostError } from '../../src/adapter.ts';
import { buildReport } from '../../src/learn/report.ts';
import { WEEKLY_KEY, createLearnScheduler, weekStart, type WeeklyTarget } from '../../src/learn/scheduler.ts';
import { openPgLearnStore } from '../../src/learn/pg-store.ts';
import { openSqliteLearnStore, type LearnStore } from '../../src/learn/store.ts';
import { openPostgres } from '../../src/store/pg.ts';
import type { Timer } from '../../src/tips/scheduler.ts';
import { WEEKLY_MAX_CHARS, weeklyMessage } from '../../src/learn/weekly.ts';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 30 November 2026, 00:00 UTC. */
const MONDAY = Date.parse('2026-11-30T00:00:00Z');

/** Opens stores on one engine: `fresh()` before each test, then `open()` as often as processes are needed. */
interface Engine {
  fresh(): Promise<void>;
  open(): Promise<LearnStore>;
}

let store: LearnStore;
const others: LearnStore[] = [];
/** Another process (a restart, a second replica) on the same store. */
let another: () => Promise<LearnStore>;

const question = (s: LearnStore, answerId: string, at: number, text = 'how do i deploy to kubernetes') =>
  s.logQuestion({ answerId, at, platform: 'slack', lang: 'en', outcome: 'declined', topicId: null, confidence: 0.2, latencyMs: 1, text, asker: s.person('slack', 'U1') });

/** A timer whose callbacks run only when the test says so. */
function manualTimer(): Timer & { pending: { callback: () => void; ms: number }[] } {
  const pending: { callback: () => void; ms: number }[] = [];
  return {
    pending,
    setTimeout(callback, ms) {
      const entry = { callback, ms };
      pending.push(entry);
      return entry;
    },
    clearTimeout(handle) {
      const i = pending.indexOf(handle as (typeof pending)[number]);
      if (i >= 0) pending.splice(i, 1);
    },
  };
}

/** A weekly target over `s` that records what it posted, failing with `failures` first. */
function target(s: LearnStore, failures: Error[] = []): WeeklyTarget & { posted: string[] } {
  const posted: string[] = [];
  return {
    where: 'slack:C0REPORT',
    posted,
    async post(text) {
      const failure = failures.shift();
      if (failure) throw failure;
      posted.push(text);
      return `ts.${posted.length}`;
    },
    build: (since, until) => buildReport(s, { since, until }),
  };
}

/** The scheduler's tests over one engine's store. */
function schedulerTests(engine: () => Engine): void {
  beforeEach(async () => {
    await engine().fresh();
    store = await engine().open();
    another = async () => engine().open();
  });
  afterEach(async () => {
    await store.close();
    for (const s of others.splice(0)) await s.close();
  });

  describe('retention', () => {
    it('deletes questions and votes older than LOG_RETENTION_DAYS at start and at every tick after, by the injected clock', async () => {
      let now = MONDAY;
      await question(store, 'old', now - 91 * DAY);
      await question(store, 'edge', now - 89 * DAY);
      await store.recordVote({ answerId: 'old', voter: 'v', platform: 'slack', topicId: 'run-rm', lang: 'en', vote: -1, reason: null, at: now - 91 * DAY });
      const timer = manualTimer();
      const scheduler = createLearnScheduler({ store, retentionDays: 90, now: () => now, timer });
      scheduler.start();
      await scheduler.stop().then(() => undefined);
      // The tick at start ran before stop returned.
      expect((await store.questionsSince(0)).map((q) => q.answerId)).toEqual(['edge']);
      expect(await store.votesSince(0)).toEqual([]);

      const again = createLearnScheduler({ store, retentionDays: 90, now: () => now, timer });
      again.start();
      await again.tick();
      expect(timer.pending.map((p) => p.ms)).toEqual([HOUR]);
      now += 2 * DAY;
      timer.pending.shift()!.callback();
      await again.tick();
      expect(await store.questionsSince(0)).toEqual([]);
      await again.stop();
      expect(timer.pending).toEqual([]);
    });

    it('with 0 keeps nothing: every vote older than the tick goes', async () => {
      await store.recordVote({ answerId: 'a', voter: 'v', platform: 'slack', topicId: null, lang: 'en', vote: 1, reason: null, at: MONDAY - 1 });
      const result = await createLearnScheduler({ store, retentionDays: 0, now: () => MONDAY }).tick();
      expect(result.pruned).toBe(1);
      expect(await store.votesSince(0)).toEqual([]);
    });

    it('logs a failing store and keeps ticking', async () => {
      const lines: string[] = [];
      const { default: pino } = await import('pino');
      const logger = pino({ level: 'error' }, { write: (l: string) => void lines.push(l) });
      await store.close();
      const result = await createLearnScheduler({ store, retentionDays: 90, logger, now: () => MONDAY }).tick();
      expect(result).toEqual({ pruned: 0, weekly: null });
      expect(lines.join('')).toContain('could not delete old rows');
    });
  });

  describe('weekly report', () => {
    it('weekStart is Monday 00:00 UTC', () => {
      expect(weekStart(MONDAY)).toBe(MONDAY);
      expect(weekStart(MONDAY + 6 * DAY + 23 * HOUR)).toBe(MONDAY);
      expect(weekStart(MONDAY - 1)).toBe(MONDAY - 7 * DAY);
    });

    it('posts once a week from Monday 09:00 UTC, never twice: not across ticks, restarts or a second instance', async () => {
      await question(store, 'q1', MONDAY - 2 * DAY);
      const first = target(store);
      const sched = createLearnScheduler({ store, retentionDays: 90, weekly: first });
      expect((await sched.tick(MONDAY + 8 * HOUR)).weekly).toBeNull();
      expect((await sched.tick(MONDAY + 9 * HOUR)).weekly).toBe('posted');
      expect((await sched.tick(MONDAY + 10 * HOUR)).weekly).toBeNull();
      // Another process on the same file (a restart, or a second replica).
      const other = await another();
      others.push(other);
      const second = target(other);
      expect((await createLearnScheduler({ store: other, retentionDays: 90, weekly: second }).tick(MONDAY + 3 * DAY)).weekly).toBeNull();
      expect(first.posted).toHaveLength(1);
      expect(second.posted).toEqual([]);
      expect(first.posted[0]).toContain('1 questions from 1 person');
      expect(first.posted[0]).toContain('"how do i deploy to kubernetes"');
      expect(JSON.parse((await store.meta(WEEKLY_KEY))!)).toMatchObject({ week: '2026-11-30', status: 'posted', messageId: 'ts.1', attempts: 1 });
      // The next week posts again, once.
      await question(store, 'q2', MONDAY + 7 * DAY + HOUR);
      expect((await sched.tick(MONDAY + 7 * DAY + 9 * HOUR)).weekly).toBe('posted');
      expect((await sched.tick(MONDAY + 7 * DAY + 9 * HOUR + 1)).weekly).toBeNull();
      expect(first.posted).toHaveLength(2);
    });

    it('two ticks at once post once', async () => {
      await question(store, 'q1', MONDAY);
      const other = await another();
      others.push(other);
      const a = target(store);
      const b = target(other);
      const at = MONDAY + 10 * HOUR;
      const results = await Promise.all([createLearnScheduler({ store, retentionDays: 90, weekly: a }).tick(at), createLearnScheduler({ store: other, retentionDays: 90, weekly: b }).tick(at)]);
      expect(results.map((r) => r.weekly).sort()).toEqual(['posted', null].sort());
      expect(a.posted.length + b.posted.length).toBe(1);
    });

    it('retries a passing failure an hour later, three tries a week at most; a gone channel is not retried', async () => {
      await question(store, 'q1', MONDAY);
      const transient = () => new PostError('transient', 'Slack is down');
      const flaky = target(store, [transient(), transient(), transient()]);
      const sched = createLearnScheduler({ store, retentionDays: 90, weekly: flaky });
      const at = MONDAY + 9 * HOUR;
      expect((await sched.tick(at)).weekly).toBe('retry');
      expect((await sched.tick(at + 30 * 60_000)).weekly).toBeNull();
      expect((await sched.tick(at + HOUR)).weekly).toBe('retry');
      expect((await sched.tick(at + 2 * HOUR)).weekly).toBe('failed');
      expect((await sched.tick(at + 5 * HOUR)).weekly).toBeNull();
      expect(flaky.posted).toEqual([]);
      expect(JSON.parse((await store.meta(WEEKLY_KEY))!)).toMatchObject({ status: 'failed', attempts: 3, error: 'Slack is down' });

      await question(store, 'q2', MONDAY + 7 * DAY);
      const gone = target(store, [new PostError('gone', 'channel_not_found')]);
      const next = createLearnScheduler({ store, retentionDays: 90, weekly: gone });
      expect((await next.tick(at + 7 * DAY)).weekly).toBe('failed');
      expect((await next.tick(at + 7 * DAY + HOUR)).weekly).toBeNull();
    });

    it('skips a week with nothing logged, without posting', async () => {
      const quiet = target(store);
      expect((await createLearnScheduler({ store, retentionDays: 90, weekly: quiet }).tick(MONDAY + 9 * HOUR)).weekly).toBe('empty');
      expect(quiet.posted).toEqual([]);
    });

    it('keeps the message within the chat limits, however long the questions and however many gaps', async () => {
      for (let i = 0; i < 300; i++) await question(store, `q${i}`, MONDAY, `${'很长的问题'.repeat(100)} ${i} ${'x'.repeat(i)}`);
      const text = weeklyMessage(await buildReport(store, { since: 0, until: MONDAY + 1 }));
      expect(text.length).toBeLessThanOrEqual(WEEKLY_MAX_CHARS);
      expect(text).toContain('What to write next:');
      expect(text).toContain('Details: dockhand report --since 7d');
    });
  });
}

describe('learn scheduler on SQLite', () => {
  let dir: string;
  let path: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dockhand-learn-sched-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  schedulerTests(() => ({
    fresh: async () => void (path = join(dir, `d${++n}.db`)),
    open: async () => openSqliteLearnStore(path),
  }));
});

describePostgres('learn scheduler on Postgres', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of databases) await d.drop();
  });
  schedulerTests(() => ({
    async fresh() {
      databases.push(await createTestDatabase());
    },
    open: async () => openPgLearnStore(await openPostgres(databases.at(-1)!.url)),
  }));
});
