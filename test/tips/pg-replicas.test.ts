/**
 * Issue #17's done-when: three dockhand scheduler processes on one Postgres post every
 * subscribed channel's tip exactly once per local day, also when one of them is SIGKILLed in the
 * middle of posting. Real processes (replica-worker.ts: the real scheduler, Postgres store and
 * Slack adapter), a real Postgres, a fake Slack on 127.0.0.1; only the clock is driven by this
 * test, which sends every replica the same instants in lockstep.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { openPostgres } from '../../src/store/pg.ts';
import { createPgTipStore } from '../../src/tips/pg-store.ts';
import { createTipsService } from '../../src/tips/service.ts';
import type { LedgerRecord } from '../../src/tips/store.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { describePostgres } from '../support/postgres.ts';
import { ROOT, exited } from './faults.ts';
import { TOPICS } from './fixtures.ts';

const MINUTE = 60_000;
const ZONES = ['Asia/Shanghai', 'Asia/Kolkata', 'Europe/Berlin', 'UTC', 'America/New_York'];
const TIMES = ['09:00', '12:30', '18:45'];
const DAYS = ['2026-05-04', '2026-05-05'];

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** One replica process and its stdout, line by line. */
interface Replica {
  owner: string;
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line from index `from` on that `match`es. */
  line(match: (line: string) => boolean, from?: number, timeoutMs?: number): Promise<string>;
  send(line: string): void;
}

/** A replica posting to `slack`, or to no Slack at all (`memory`). */
function startReplica(url: string, owner: string, slack: FakeSlack | 'memory'): Replica {
  const target = slack === 'memory' ? ['memory', 'xoxb-unused'] : [slack.apiUrl, slack.options.botToken];
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'test/tips/replica-worker.ts', url, owner, ...target], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    owner,
    child,
    lines,
    async line(match, from = 0, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.slice(from).find(match);
        if (found) return found;
        if (child.exitCode !== null) throw new Error(`replica ${owner} exited ${child.exitCode}: ${stderr}`);
        if (Date.now() > deadline) throw new Error(`replica ${owner}: no matching line after ${timeoutMs} ms; stderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 2));
      }
    },
    send: (line) => void child.stdin!.write(`${line}\n`),
  };
}

/** Sends one instant to every replica and waits until each has finished its tick. */
async function round(replicas: Replica[], at: string): Promise<void> {
  const marks = replicas.map((r) => r.lines.length);
  for (const r of replicas) r.send(`tick ${at}`);
  await Promise.all(replicas.map((r, i) => r.line((l) => l.startsWith(`done ${at} `), marks[i])));
}

/** 50 channels over five zones and three local times, subscribed at the start of the run. */
async function subscribe(url: string, count: number, start: number, spread = true) {
  const database = await openPostgres(url);
  const store = createPgTipStore(database);
  const service = createTipsService({ store, topics: TOPICS, now: () => new Date(start) });
  const channels = Array.from({ length: count }, (_, i) => ({
    channelId: `C${String(i).padStart(3, '0')}`,
    timezone: spread ? ZONES[i % ZONES.length]! : 'UTC',
    time: spread ? TIMES[Math.floor(i / ZONES.length) % TIMES.length]! : '09:00',
  }));
  for (const c of channels) await service.subscribe('slack', c.channelId, { time: c.time, timezone: c.timezone });
  return { database, store, channels };
}

/** A fake Slack whose chat.postMessage takes `delayMs`, recording which ts went to which channel. */
async function slowSlack(delayMs: number) {
  const fake = await startFakeSlack();
  cleanups.push(() => fake.close());
  const delivered: { channel: string; ts: string }[] = [];
  let n = 0;
  fake.on('chat.postMessage', async (params) => {
    const ts = `1800000000.${String((n += 1)).padStart(6, '0')}`;
    delivered.push({ channel: String(params.channel), ts });
    await new Promise((r) => setTimeout(r, delayMs));
    return { ok: true, channel: params.channel, ts };
  });
  return { fake, delivered };
}

describePostgres('three scheduler processes on one Postgres', (db) => {
  it('post every channel exactly once per local day over two days, one replica SIGKILLed mid-post', async () => {
    const start = Date.parse('2026-05-04T00:00:00Z');
    const { database, channels } = await subscribe(db().url, 50, start);
    cleanups.push(() => database.close());
    const { fake, delivered } = await slowSlack(40);
    const replicas = ['r1', 'r2', 'r3'].map((owner) => startReplica(db().url, owner, fake));
    await Promise.all(replicas.map((r) => r.line((l) => l === 'ready')));

    // Every 15 minutes from the first local day's start to past the last slot of the second.
    const instants: string[] = [];
    for (let at = start; at <= Date.parse('2026-05-05T23:45:00Z'); at += 15 * MINUTE) instants.push(new Date(at).toISOString());
    const victim = replicas[1]!;
    let alive = replicas;
    let killedAt: string | null = null;
    for (const [i, at] of instants.entries()) {
      if (killedAt || i < instants.length / 4) {
        await round(alive, at);
        continue;
      }
      // From a quarter of the run on: the first instant at which the victim starts a post, it dies.
      const marks = alive.map((r) => r.lines.length);
      for (const r of alive) r.send(`tick ${at}`);
      const first = await victim.line((l) => l.startsWith('posting ') || l.startsWith(`done ${at} `), marks[1]);
      if (first.startsWith('posting ')) {
        victim.child.kill('SIGKILL');
        expect(await exited(victim.child)).toMatchObject({ signal: 'SIGKILL' });
        killedAt = at;
        alive = alive.filter((r) => r !== victim);
      }
      await Promise.all(alive.map((r) => r.line((l) => l.startsWith(`done ${at} `), marks[replicas.indexOf(r)])));
    }
    expect(killedAt).not.toBeNull();
    for (const r of alive) r.send('stop');
    await Promise.all(alive.map((r) => exited(r.child)));

    const { rows } = await database.pool.query<LedgerRecord>('SELECT * FROM ledger ORDER BY channel_id, local_date');
    const inFlight = rows.filter((r) => r.status === 'claimed' && r.message_id === null);
    // Every channel has exactly its two local days, each either posted or a claim the kill cut short.
    for (const c of channels) expect(rows.filter((r) => r.channel_id === c.channelId).map((r) => r.local_date), c.channelId).toEqual(DAYS);
    expect(rows.every((r) => r.status === 'posted' || (r.status === 'claimed' && r.claimed_by === victim.owner && r.message_id === null))).toBe(true);
    // Each recorded post is one message at Slack; a message Slack got for no recorded post belongs to a cut-short claim of that channel.
    const byTs = new Map(delivered.map((d) => [d.ts, d]));
    for (const r of rows.filter((row) => row.status === 'posted')) expect(byTs.get(r.message_id!)?.channel).toBe(r.channel_id);
    const recorded = new Set(rows.map((r) => r.message_id));
    const unrecorded = delivered.filter((d) => !recorded.has(d.ts));
    for (const c of channels) {
      const extra = unrecorded.filter((d) => d.channel === c.channelId).length;
      expect(extra).toBeLessThanOrEqual(inFlight.filter((r) => r.channel_id === c.channelId).length);
    }
    expect(delivered.length).toBeLessThanOrEqual(channels.length * DAYS.length);
    expect(delivered.length).toBeGreaterThanOrEqual(channels.length * DAYS.length - inFlight.length);
    const byOwner = Object.fromEntries(replicas.map((r) => [r.owner, rows.filter((row) => row.claimed_by === r.owner).length]));
    expect(Object.values(byOwner).filter((n) => n > 0)).toHaveLength(3);

    console.log(
      `[pg-replicas] ${rows.length} channel-days, claims by replica ${JSON.stringify(byOwner)}; ${victim.owner} SIGKILLed at ${killedAt}; ` +
        `${inFlight.length} claim(s) in flight at the kill, left as "maybe posted" and not retried: ` +
        `${inFlight.map((r) => `${r.channel_id} ${r.local_date}${unrecorded.some((d) => d.channel === r.channel_id) ? ' (reached Slack)' : ' (never reached Slack)'}`).join(', ')}`,
    );
  }, 180_000);

  /** Subscribes `count` UTC 09:00 channels on empty tables, and has three replicas post them all in one tick. */
  async function measure(count: number, slack: 'memory' | 'fake') {
    const start = Date.parse('2026-06-01T00:00:00Z');
    // Its own tables: an earlier test's ledger stays out of the count.
    const tables = await openPostgres(db().url, { max: 1 });
    await tables.pool.query('TRUNCATE subscriptions, rotations, ledger');
    await tables.close();
    const { database, channels } = await subscribe(db().url, count, start, false);
    cleanups.push(() => database.close());
    const fake = slack === 'fake' ? await slowSlack(0) : null;
    const replicas = ['m1', 'm2', 'm3'].map((owner) => startReplica(db().url, owner, fake?.fake ?? 'memory'));
    await Promise.all(replicas.map((r) => r.line((l) => l === 'ready')));
    await round(replicas, '2026-06-01T08:00:00Z'); // warm: connections open, nothing due
    const began = performance.now();
    await round(replicas, '2026-06-01T09:00:00Z');
    const seconds = (performance.now() - began) / 1000;
    for (const r of replicas) r.send('stop');
    await Promise.all(replicas.map((r) => exited(r.child)));
    const { rows } = await database.pool.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM ledger GROUP BY status');
    expect(rows).toEqual([{ status: 'posted', n: channels.length }]);
    const byOwner = await database.pool.query<{ claimed_by: string; n: number }>('SELECT claimed_by, count(*)::int AS n FROM ledger GROUP BY claimed_by ORDER BY claimed_by');
    if (fake) {
      expect(fake.delivered).toHaveLength(channels.length);
      expect(new Set(fake.delivered.map((d) => d.channel)).size).toBe(channels.length);
    }
    const rate = channels.length / seconds;
    console.log(
      `[pg-replicas] ${channels.length} tips claimed and posted in one tick by 3 replicas (${slack === 'fake' ? 'fake Slack over HTTP' : 'no Slack: the store alone'}, ` +
        `postConcurrency 4 each; by replica ${byOwner.rows.map((r) => `${r.claimed_by} ${r.n}`).join(', ')}): ${seconds.toFixed(2)} s, ${rate.toFixed(0)} tips/s`,
    );
    return rate;
  }

  it('measures tips claimed per second with three replicas on one Postgres (store alone, and posting to Slack)', async () => {
    expect(await measure(450, 'memory')).toBeGreaterThan(5);
    expect(await measure(225, 'fake')).toBeGreaterThan(5);
  }, 180_000);
});
