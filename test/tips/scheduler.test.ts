import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/adapter.ts';
import { createTipScheduler, type SchedulerOptions, type TickResult } from '../../src/tips/scheduler.ts';
import { createTipsService } from '../../src/tips/service.ts';
import { openSqliteStore, type TipStore } from '../../src/tips/store.ts';
import { addDays, slotInstant } from '../../src/tips/time.ts';
import { POOL_SIZE, TOPICS, manualClock, manualTimer, recordingAdapter, tempDb, waitFor } from './fixtures.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

/** One "process": a store connection, a service and a scheduler over the same database file. */
function boot(path: string, start: string | number, options: Partial<SchedulerOptions> = {}) {
  const store = openSqliteStore(path);
  cleanups.push(() => store.close());
  const clock = manualClock(start);
  const slack = recordingAdapter('slack');
  const discord = recordingAdapter('discord');
  const service = createTipsService({ store, topics: TOPICS, now: clock.now, defaultTimezone: 'UTC', seed: () => 4242 });
  const scheduler = createTipScheduler({ store, topics: TOPICS, adapters: options.adapters ?? [slack, discord], now: clock.now, ...options });
  return { store, clock, slack, discord, service, scheduler };
}

function database() {
  const db = tempDb();
  cleanups.push(db.cleanup);
  return db.path;
}

/** Ticks every `step` from `from` to `to` (inclusive), returning every result. */
async function tickEvery(scheduler: { tick(now?: Date): Promise<TickResult[]> }, from: number, to: number, step: number): Promise<(TickResult & { at: number })[]> {
  const all: (TickResult & { at: number })[] = [];
  for (let at = from; at <= to; at += step) for (const r of await scheduler.tick(new Date(at))) all.push({ ...r, at });
  return all;
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('posting at the local time', () => {
  it('posts once a day at 09:00 in Shanghai and in New York', async () => {
    const path = database();
    const { service, scheduler, slack, discord } = boot(path, '2026-05-03T12:00:00Z');
    await service.subscribe('slack', 'C-SH', { time: '09:00', timezone: 'Asia/Shanghai', lang: 'zh' });
    await service.subscribe('discord', 'C-NY', { time: '09:00', timezone: 'America/New_York', lang: 'en' });
    const results = await tickEvery(scheduler, Date.parse('2026-05-03T12:00:00Z'), Date.parse('2026-05-05T12:00:00Z'), 5 * MINUTE);
    expect(results.filter((r) => r.outcome === 'posted').map((r) => `${r.channelId} ${iso(r.at)} ${r.localDate}`)).toEqual([
      'C-NY 2026-05-03T13:00:00.000Z 2026-05-03',
      'C-SH 2026-05-04T01:00:00.000Z 2026-05-04',
      'C-NY 2026-05-04T13:00:00.000Z 2026-05-04',
      'C-SH 2026-05-05T01:00:00.000Z 2026-05-05',
    ]);
    expect(slack.posts.every((p) => p.channelId === 'C-SH' && p.tip.lang === 'zh')).toBe(true);
    expect(discord.posts.every((p) => p.channelId === 'C-NY' && p.tip.lang === 'en')).toBe(true);
    expect(results.every((r) => r.outcome === 'posted')).toBe(true);
  });

  it('records the message id in the ledger', async () => {
    const path = database();
    const { service, scheduler, store } = boot(path, '2026-05-04T00:00:00Z');
    await service.subscribe('slack', 'C1', { time: '09:00' });
    const [result] = await scheduler.tick(new Date('2026-05-04T09:00:00Z'));
    expect(result).toMatchObject({ outcome: 'posted', messageId: 'slack-1' });
    expect(await store.getEntry({ platform: 'slack', channelId: 'C1', localDate: '2026-05-04' })).toMatchObject({
      status: 'posted',
      messageId: 'slack-1',
      topicId: result!.topicId,
      postedAt: Date.parse('2026-05-04T09:00:00Z'),
    });
  });

  it('builds the post from the topic tip in the channel language', async () => {
    const path = database();
    const { service, scheduler, slack } = boot(path, '2026-05-04T00:00:00Z');
    await service.subscribe('slack', 'C1', { time: '09:00', lang: 'zh' });
    await scheduler.tick(new Date('2026-05-04T09:00:00Z'));
    const tip = slack.posts[0]!.tip;
    const topic = TOPICS.find((t) => t.id === tip.topicId)!;
    expect(tip).toMatchObject({ lang: 'zh', title: topic.title.zh, text: topic.tip!.zh });
  });
});

describe('daylight saving time', () => {
  async function oneDay(zone: string, date: string, time: string) {
    const path = database();
    const { service, scheduler, slack } = boot(path, Date.parse(`${addDays(date, -1)}T00:00:00Z`));
    await service.subscribe('slack', 'C1', { time, timezone: zone });
    // Every 5 minutes across the whole local day and a little beyond.
    const from = slotInstant(date, '00:00', zone);
    const results = await tickEvery(scheduler, from, from + 26 * HOUR, 5 * MINUTE);
    const posted = results.filter((r) => r.outcome === 'posted' && r.localDate === date);
    expect(posted).toHaveLength(1);
    expect(slack.posts.length).toBe(results.filter((r) => r.outcome === 'posted').length);
    return iso(posted[0]!.at);
  }

  it('spring forward: a slot in the skipped hour posts at the first instant after it (New York 2026-03-08)', async () => {
    expect(await oneDay('America/New_York', '2026-03-08', '02:30')).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT
    expect(await oneDay('America/New_York', '2026-03-08', '09:00')).toBe('2026-03-08T13:00:00.000Z'); // 09:00 EDT
  });

  it('fall back: a slot in the repeated hour posts once, at its first occurrence (New York 2026-11-01)', async () => {
    expect(await oneDay('America/New_York', '2026-11-01', '01:30')).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    expect(await oneDay('America/New_York', '2026-11-01', '09:00')).toBe('2026-11-01T14:00:00.000Z'); // 09:00 EST
  });

  it('behaves the same in Berlin (2026-03-29 and 2026-10-25)', async () => {
    expect(await oneDay('Europe/Berlin', '2026-03-29', '02:30')).toBe('2026-03-29T01:00:00.000Z'); // 03:00 CEST
    expect(await oneDay('Europe/Berlin', '2026-10-25', '02:30')).toBe('2026-10-25T00:30:00.000Z'); // first 02:30, CEST
  });

  it('does not post again when a restart lands in the repeated hour', async () => {
    const path = database();
    const first = boot(path, '2026-10-31T00:00:00Z');
    await first.service.subscribe('slack', 'C1', { time: '01:30', timezone: 'America/New_York' });
    expect(await first.scheduler.tick(new Date('2026-11-01T05:30:00Z'))).toMatchObject([{ outcome: 'posted' }]);
    await first.store.close();
    const second = boot(path, '2026-11-01T06:30:00Z'); // 01:30 EST, the second occurrence
    expect(await second.scheduler.tick()).toEqual([]);
    expect(second.slack.posts).toEqual([]);
  });
});

describe('restarts', () => {
  it('before the slot: the new process posts at the slot', async () => {
    const path = database();
    const first = boot(path, '2026-05-04T00:00:00Z');
    await first.service.subscribe('slack', 'C1', { time: '09:00' });
    expect(await first.scheduler.tick(new Date('2026-05-04T08:00:00Z'))).toEqual([]);
    await first.store.close();
    const second = boot(path, '2026-05-04T08:30:00Z');
    expect(await second.scheduler.tick(new Date('2026-05-04T08:59:00Z'))).toEqual([]);
    expect(await second.scheduler.tick(new Date('2026-05-04T09:00:00Z'))).toMatchObject([{ outcome: 'posted' }]);
    expect(second.slack.posts).toHaveLength(1);
  });

  it('down across the slot: the new process catches up once, later the same day', async () => {
    const path = database();
    const first = boot(path, '2026-05-04T00:00:00Z');
    await first.service.subscribe('slack', 'C1', { time: '09:00' });
    await first.scheduler.tick(new Date('2026-05-04T08:55:00Z'));
    await first.store.close();
    const second = boot(path, '2026-05-04T14:20:00Z');
    expect((await second.scheduler.describe())[0]).toMatchObject({ state: 'due', reason: 'due since 09:00 UTC' });
    const results = await tickEvery(second.scheduler, Date.parse('2026-05-04T14:20:00Z'), Date.parse('2026-05-04T23:55:00Z'), 5 * MINUTE);
    expect(results.map((r) => `${r.outcome} ${iso(r.at)}`)).toEqual(['posted 2026-05-04T14:20:00.000Z']);
  });

  it('after the post: nothing is posted again', async () => {
    const path = database();
    const first = boot(path, '2026-05-04T00:00:00Z');
    await first.service.subscribe('slack', 'C1', { time: '09:00' });
    await first.scheduler.tick(new Date('2026-05-04T09:00:00Z'));
    await first.store.close();
    const second = boot(path, '2026-05-04T09:30:00Z');
    expect(await tickEvery(second.scheduler, Date.parse('2026-05-04T09:30:00Z'), Date.parse('2026-05-04T23:59:00Z'), 10 * MINUTE)).toEqual([]);
    expect((await second.scheduler.describe())[0]!.reason).toMatch(/^already posted today at 09:00 UTC/);
    expect(await second.scheduler.tick(new Date('2026-05-05T09:00:00Z'))).toMatchObject([{ outcome: 'posted', localDate: '2026-05-05' }]);
  });

  it('during the post (claimed, then the process died): the day is left as maybe posted, never posted twice', async () => {
    const path = database();
    const hanging = recordingAdapter('slack');
    hanging.failures.set('C1', 'hang');
    const first = boot(path, '2026-05-04T00:00:00Z', { adapters: [hanging], timer: manualTimer() });
    await first.service.subscribe('slack', 'C1', { time: '09:00' });
    void first.scheduler.tick(new Date('2026-05-04T09:00:00Z')); // never settles: the process "dies" mid-post
    await new Promise((resolve) => setImmediate(resolve));
    expect(hanging.calls).toBe(1);
    await first.store.close();

    const second = boot(path, '2026-05-04T09:01:00Z');
    expect(await tickEvery(second.scheduler, Date.parse('2026-05-04T09:01:00Z'), Date.parse('2026-05-04T23:59:00Z'), 10 * MINUTE)).toEqual([]);
    expect(second.slack.posts).toEqual([]);
    expect((await second.scheduler.describe())[0]!.reason).toMatch(/claimed at 09:00 UTC by .*maybe posted/);
    expect(await second.scheduler.tick(new Date('2026-05-05T09:00:00Z'))).toMatchObject([{ outcome: 'posted' }]);
  });

  it('does not back-fill the day a channel subscribed after its time', async () => {
    const path = database();
    const { service, scheduler } = boot(path, '2026-05-04T10:00:00Z');
    await service.subscribe('slack', 'C1', { time: '09:00' });
    expect(await scheduler.tick()).toEqual([]);
    expect((await scheduler.describe())[0]!.reason).toBe("subscribed after today's time; not due until 2026-05-05 09:00 UTC");
  });
});

describe('two schedulers sharing one store', () => {
  it('post once per channel per day (two connections in one process, ticking together)', async () => {
    const path = database();
    const a = boot(path, '2026-05-04T00:00:00Z', { owner: 'a' });
    const b = boot(path, '2026-05-04T00:00:00Z', { owner: 'b' });
    const channels = Array.from({ length: 12 }, (_, i) => `C${i}`);
    for (const [i, id] of channels.entries()) await a.service.subscribe('slack', id, { time: `0${i % 3}:00`, timezone: i % 2 ? 'Asia/Shanghai' : 'America/New_York' });
    for (let at = Date.parse('2026-05-04T00:00:00Z'); at < Date.parse('2026-05-07T00:00:00Z'); at += 15 * MINUTE) {
      await Promise.all([a.scheduler.tick(new Date(at)), b.scheduler.tick(new Date(at))]);
    }
    const posts = [...a.slack.posts, ...b.slack.posts];
    const days = new Map<string, number>();
    const raw = new Database(path, { readonly: true });
    cleanups.push(() => raw.close());
    const ledger = raw.prepare("SELECT channel_id, local_date, message_id FROM ledger WHERE status = 'posted'").all() as { channel_id: string; local_date: string; message_id: string }[];
    for (const row of ledger) days.set(`${row.channel_id} ${row.local_date}`, (days.get(`${row.channel_id} ${row.local_date}`) ?? 0) + 1);
    expect(ledger.length).toBe(posts.length);
    expect(posts.length).toBeGreaterThanOrEqual(channels.length * 2);
    expect([...days.values()].every((n) => n === 1)).toBe(true);
    expect(a.slack.posts.length).toBeGreaterThan(0);
    expect(b.slack.posts.length).toBeGreaterThan(0);
  });

  it('post once per channel per day (two real processes)', async () => {
    const path = database();
    const setup = boot(path, '2026-05-04T00:00:00Z');
    const channels = Array.from({ length: 20 }, (_, i) => `C${i}`);
    for (const id of channels) await setup.service.subscribe('slack', id, { time: '09:00', timezone: 'Asia/Shanghai' });
    await setup.store.close();
    // Two days at the slot and just after, in both processes.
    const instants = ['2026-05-04T01:00:00Z', '2026-05-04T01:00:30Z', '2026-05-05T01:00:00Z', '2026-05-05T01:01:00Z'];
    const run = (owner: string) =>
      new Promise<{ owner: string; posted: { channelId: string; localDate: string }[]; sent: number; outcomes: Record<string, number> }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx/esm', 'test/tips/tick-worker.ts', path, owner, JSON.stringify(instants)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d));
        child.stderr.on('data', (d: Buffer) => (err += d));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`worker ${owner} exited ${code}: ${err}`))));
        // The worker reads stdin once it has loaded; both start ticking when "go" arrives.
        child.stdin.write('go\n');
      });
    const results = await Promise.all([run('p1'), run('p2')]);
    const all = results.flatMap((r) => r.posted);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(all.length);
    expect(all).toHaveLength(channels.length * 2);
    const keys = new Set(all.map((p) => `${p.channelId} ${p.localDate}`));
    expect(keys.size).toBe(channels.length * 2);
  });
});

describe('rotation across days and restarts', () => {
  it('shows no tip twice until the whole pool was shown, and keeps the order over restarts', async () => {
    const path = database();
    let proc = boot(path, '2026-05-01T00:00:00Z');
    await proc.service.subscribe('slack', 'C1', { time: '09:00' });
    const shown: string[] = [];
    for (let day = 1; day <= POOL_SIZE * 3; day++) {
      if (day % 4 === 0) {
        await proc.store.close();
        proc = boot(path, Date.parse('2026-05-01T00:00:00Z') + day * DAY);
      }
      const [result] = await proc.scheduler.tick(new Date(Date.parse('2026-05-01T09:00:00Z') + day * DAY));
      shown.push(result!.topicId!);
    }
    const pool = TOPICS.filter((t) => t.tip).map((t) => t.id).sort();
    for (let c = 0; c < 3; c++) expect([...shown.slice(c * POOL_SIZE, (c + 1) * POOL_SIZE)].sort()).toEqual(pool);
    for (let i = 1; i < shown.length; i++) expect(shown[i]).not.toBe(shown[i - 1]);
  });

  it('is reproducible from the stored seed', async () => {
    const walk = async () => {
      const path = database();
      const proc = boot(path, '2026-05-01T00:00:00Z');
      await proc.service.subscribe('slack', 'C1', { time: '09:00' });
      const ids: string[] = [];
      for (let day = 1; day <= POOL_SIZE; day++) ids.push((await proc.scheduler.tick(new Date(Date.parse('2026-05-01T09:00:00Z') + day * DAY)))[0]!.topicId!);
      return ids;
    };
    expect(await walk()).toEqual(await walk());
  });
});

describe('failures', () => {
  it('pauses a gone channel after 3 days while the others keep posting, and logs it', async () => {
    const path = database();
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const proc = boot(path, '2026-05-01T00:00:00Z', { logger });
    for (const id of ['A-gone', 'B-ok', 'C-ok']) await proc.service.subscribe('slack', id, { time: '09:00' });
    proc.slack.failures.set('A-gone', 'gone');
    const outcomes: string[] = [];
    for (let day = 1; day <= 5; day++) {
      for (const r of await proc.scheduler.tick(new Date(Date.parse('2026-05-01T09:00:00Z') + day * DAY))) outcomes.push(`${day} ${r.channelId} ${r.outcome}${r.paused ? ' paused' : ''}`);
    }
    expect(outcomes.filter((o) => o.includes('A-gone'))).toEqual(['1 A-gone failed', '2 A-gone failed', '3 A-gone failed paused']);
    expect(outcomes.filter((o) => o.includes('-ok posted'))).toHaveLength(10);
    expect(await proc.service.status('slack', 'A-gone')).toMatchObject({ paused: true, nextAt: null });
    expect((await proc.scheduler.describe()).find((r) => r.channelId === 'A-gone')).toMatchObject({ state: 'paused', reason: expect.stringMatching(/^paused after 3 failures/) });
    expect(lines.some((l) => l.includes('tips: channel paused') && l.includes('A-gone'))).toBe(true);
    // `tips on` again is how a user says "try again".
    proc.slack.failures.delete('A-gone');
    await proc.service.subscribe('slack', 'A-gone', {});
    expect((await proc.scheduler.tick(new Date('2026-05-07T09:00:00Z'))).map((r) => `${r.channelId} ${r.outcome}`)).toEqual(['A-gone posted', 'B-ok posted', 'C-ok posted']);
  });

  it('retries a transient failure later the same day, a bounded number of times', async () => {
    const path = database();
    const proc = boot(path, '2026-05-01T00:00:00Z');
    await proc.service.subscribe('slack', 'C1', { time: '09:00' });
    proc.slack.failures.set('C1', 'transient');
    const results = await tickEvery(proc.scheduler, Date.parse('2026-05-02T09:00:00Z'), Date.parse('2026-05-02T23:55:00Z'), 5 * MINUTE);
    expect(results.map((r) => `${r.outcome} ${iso(r.at).slice(11, 16)}`)).toEqual(['retry 09:00', 'retry 09:10', 'retry 09:40', 'failed 11:10']);
    expect(proc.slack.calls).toBe(4);
    expect((await proc.scheduler.describe(new Date('2026-05-02T12:00:00Z')))[0]!.reason).toMatch(/^gave up for today after 4 tries/);
  });

  it('posts on a retry that succeeds, once', async () => {
    const path = database();
    const proc = boot(path, '2026-05-01T00:00:00Z');
    await proc.service.subscribe('slack', 'C1', { time: '09:00' });
    proc.slack.failures.set('C1', ['transient', null]);
    const results = await tickEvery(proc.scheduler, Date.parse('2026-05-02T09:00:00Z'), Date.parse('2026-05-02T23:55:00Z'), 5 * MINUTE);
    expect(results.map((r) => `${r.outcome} ${iso(r.at).slice(11, 16)}`)).toEqual(['retry 09:00', 'posted 09:10']);
    expect(proc.slack.posts).toHaveLength(1);
    expect((await proc.scheduler.describe(new Date('2026-05-02T09:05:00Z')))[0]!.reason).toMatch(/^already posted/);
  });

  it('gives up for the day when the next retry would fall on tomorrow', async () => {
    const path = database();
    const proc = boot(path, '2026-05-01T00:00:00Z');
    await proc.service.subscribe('slack', 'C1', { time: '23:55' });
    proc.slack.failures.set('C1', 'transient');
    expect(await proc.scheduler.tick(new Date('2026-05-02T23:55:00Z'))).toMatchObject([{ outcome: 'failed' }]);
    expect(await proc.scheduler.tick(new Date('2026-05-03T00:05:00Z'))).toEqual([]);
  });

  it('pauses after 5 days in a row without a post', async () => {
    const path = database();
    const proc = boot(path, '2026-05-01T00:00:00Z', { limits: { attemptsPerDay: 1 } });
    await proc.service.subscribe('slack', 'C1', { time: '09:00' });
    proc.slack.failures.set('C1', 'transient');
    const paused: boolean[] = [];
    for (let day = 1; day <= 6; day++) paused.push(...(await proc.scheduler.tick(new Date(Date.parse('2026-05-01T09:00:00Z') + day * DAY))).map((r) => Boolean(r.paused)));
    expect(paused).toEqual([false, false, false, false, true]);
  });

  it('resets the streak after a successful post', async () => {
    const path = database();
    const proc = boot(path, '2026-05-01T00:00:00Z');
    await proc.service.subscribe('slack', 'C1', { time: '09:00' });
    proc.slack.failures.set('C1', ['gone', 'gone', null, 'gone', 'gone', null]);
    const outcomes: string[] = [];
    for (let day = 1; day <= 6; day++) outcomes.push(...(await proc.scheduler.tick(new Date(Date.parse('2026-05-01T09:00:00Z') + day * DAY))).map((r) => r.outcome));
    expect(outcomes).toEqual(['failed', 'failed', 'posted', 'failed', 'failed', 'posted']);
  });

  it('skips a channel whose stored data cannot be scheduled and still posts the others', async () => {
    const path = database();
    const proc = boot(path, '2026-05-01T00:00:00Z');
    for (const id of ['A-bad', 'B-ok']) await proc.service.subscribe('slack', id, { time: '09:00' });
    const raw = new Database(path);
    raw.prepare("UPDATE subscriptions SET timezone = 'Not/AZone' WHERE channel_id = 'A-bad'").run();
    raw.close();
    expect(await proc.scheduler.tick(new Date('2026-05-02T09:00:00Z'))).toMatchObject([{ channelId: 'B-ok', outcome: 'posted' }]);
    expect((await proc.scheduler.describe(new Date('2026-05-02T09:00:00Z')))[0]!.reason).toMatch(/^cannot be scheduled/);
  });

  it('leaves a post that never answers as maybe posted and moves on to the next channel', async () => {
    const path = database();
    const timer = manualTimer();
    const proc = boot(path, '2026-05-01T00:00:00Z', { timer, postTimeoutMs: 30_000 });
    for (const id of ['A-hang', 'B-ok']) await proc.service.subscribe('slack', id, { time: '09:00' });
    proc.slack.failures.set('A-hang', 'hang');
    const ticking = proc.scheduler.tick(new Date('2026-05-02T09:00:00Z'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(timer.pending.map((p) => p.ms)).toEqual([30_000]);
    timer.fire();
    expect(await ticking).toMatchObject([
      { channelId: 'A-hang', outcome: 'unknown' },
      { channelId: 'B-ok', outcome: 'posted' },
    ]);
    expect(await proc.scheduler.tick(new Date('2026-05-02T10:00:00Z'))).toEqual([]);
  });

  it('treats a platform without an adapter as waiting, not failing', async () => {
    const path = database();
    const proc = boot(path, '2026-05-01T00:00:00Z', { adapters: [recordingAdapter('slack')] });
    await proc.service.subscribe('discord' as Platform, 'D1', { time: '09:00' });
    expect(await proc.scheduler.tick(new Date('2026-05-02T09:00:00Z'))).toEqual([]);
    expect((await proc.scheduler.describe(new Date('2026-05-02T09:00:00Z')))[0]).toMatchObject({ state: 'noAdapter' });
    expect(await proc.scheduler.nextWake(new Date('2026-05-02T09:00:00Z'))).toBeNull();
  });
});

describe('start and stop', () => {
  it('sleeps until the next slot through the injected timer, posts, and sleeps until tomorrow', async () => {
    const path = database();
    const timer = manualTimer();
    const proc = boot(path, '2026-05-04T07:00:00Z', { timer, maxSleepMs: DAY });
    await proc.service.subscribe('slack', 'C1', { time: '09:00' });
    proc.scheduler.start();
    proc.scheduler.start();
    await waitFor(() => timer.pending.length > 0);
    expect(timer.pending.map((p) => p.ms)).toEqual([2 * HOUR]);
    proc.clock.set('2026-05-04T09:00:00Z');
    timer.fire();
    await waitFor(() => timer.pending.length > 0);
    expect(proc.slack.posts).toHaveLength(1);
    expect(timer.pending.map((p) => p.ms)).toEqual([DAY]);
    await proc.scheduler.stop();
    expect(timer.pending).toEqual([]);
  });

  it('wakes at least every maxSleepMs so new subscriptions are noticed', async () => {
    const path = database();
    const timer = manualTimer();
    const proc = boot(path, '2026-05-04T07:00:00Z', { timer });
    proc.scheduler.start();
    await waitFor(() => timer.pending.length > 0);
    expect(timer.pending.map((p) => p.ms)).toEqual([60_000]);
    await proc.scheduler.stop();
    expect(timer.pending).toEqual([]);
  });

  it('wakes for a retry at its retry time', async () => {
    const path = database();
    const timer = manualTimer();
    const proc = boot(path, '2026-05-04T09:00:00Z', { timer, maxSleepMs: DAY });
    await proc.service.subscribe('slack', 'C1', { time: '09:00' });
    proc.slack.failures.set('C1', ['transient', null]);
    await proc.scheduler.tick(new Date('2026-05-05T09:00:00Z'));
    expect(await proc.scheduler.nextWake(new Date('2026-05-05T09:00:00Z'))).toBe(Date.parse('2026-05-05T09:10:00Z'));
  });
});

describe('a store shared with the service', () => {
  it('sees subscriptions made through another connection', async () => {
    const path = database();
    const a = boot(path, '2026-05-04T00:00:00Z');
    const other: TipStore = openSqliteStore(path);
    cleanups.push(() => other.close());
    await createTipsService({ store: other, topics: TOPICS, now: a.clock.now }).subscribe('slack', 'C9', { time: '09:00' });
    expect(await a.scheduler.tick(new Date('2026-05-04T09:00:00Z'))).toMatchObject([{ channelId: 'C9', outcome: 'posted' }]);
  });
});
