/**
 * Sharded Discord through the real entry point: `dockhand start` as child processes, each running
 * the shards DISCORD_SHARDS names, against one FakeDiscord that routes guild events per shard.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStores } from '../src/store/open.ts';
import { openSqliteStore } from '../src/tips/store.ts';
import { FakeDiscord } from './support/fake-discord.ts';
import { guildMessage } from './support/fake-discord-payloads.ts';
import { describePostgres } from './support/postgres.ts';

const BIN = new URL('../bin/dockhand.js', import.meta.url).pathname;
const TOKEN = 'fake-discord-token.for-the-shards-test';

interface App {
  child: ChildProcess;
  stderr: () => string;
  /** The JSON log lines written so far. */
  lines: () => Record<string, unknown>[];
  logLine(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

interface Health {
  status: number;
  body: { ok: boolean; checks: Record<string, boolean>; discord?: { shards: { id: number; status: string; ping: number | null }[] } };
}

const apps: App[] = [];
let fake: FakeDiscord | null = null;
afterEach(async () => {
  for (const app of apps.splice(0)) if (app.child.exitCode === null) app.child.kill('SIGKILL');
  await fake?.close();
  fake = null;
});

/** `dockhand start` (or another command) with a fresh SQLite file unless DOCKHAND_DB is given. */
function startApp(env: Record<string, string>, args = ['start']): App & { stdout: () => string } {
  const dir = mkdtempSync(join(tmpdir(), 'dockhand-shards-'));
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_FORMAT: 'json', LOG_LEVEL: 'debug', HEALTH_PORT: '0', HEALTH_HOST: '127.0.0.1', DOCKHAND_DB: join(dir, 'db.sqlite'), DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake!.api, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = () => err.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  // Generous: under a full parallel test run on two cores, loading the notes alone has taken over 15 s.
  const logLine = async (msg: string, timeoutMs = 45_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const line = lines().find((l) => l.msg === msg);
      if (line) return line;
      if (child.exitCode !== null) throw new Error(`app exited (${child.exitCode}) before logging "${msg}":\n${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no "${msg}" log line within ${timeoutMs} ms:\n${err}`);
  };
  const app = { child, stderr: () => err, stdout: () => out, lines, logLine, exited };
  apps.push(app);
  return app;
}

const DAY_MS = 86_400_000;

/** Channel posts the fake received, by path. */
const channelPosts = (f: FakeDiscord) => f.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/channels/')).map((r) => r.path);

/** Starts an app and resolves with a function reading its /healthz. */
async function running(env: Record<string, string>): Promise<{ app: App; healthz: () => Promise<Health> }> {
  const app = startApp(env);
  const { port } = (await app.logLine('health endpoint listening')) as { port: number };
  await app.logLine('dockhand is running');
  const healthz = async (): Promise<Health> => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return { status: res.status, body: (await res.json()) as Health['body'] };
  };
  return { app, healthz };
}

describe('sharded Discord in the app', () => {
  it('reports each shard (id, status, ping) in /healthz and fails while one of them is down', async () => {
    // Heartbeats every 2 s, for a ping soon; not shorter: a loaded machine stalling the loop past one
    // interval makes @discordjs/ws take the late ACK for a zombie connection and resume.
    fake = await FakeDiscord.start({ maxConcurrency: 2, heartbeatIntervalMs: 2000 });
    const { app, healthz } = await running({ DISCORD_SHARDS: '0-1', DISCORD_SHARD_COUNT: '2' });
    expect(app.lines().some((l) => l.msg === 'discord: gateway, shards 0-1 of 2')).toBe(true);
    // Both heartbeats acknowledged: a ping for each shard.
    await expect.poll(async () => (await healthz()).body.discord?.shards.every((s) => typeof s.ping === 'number'), { timeout: 15_000 }).toBe(true);
    const up = await healthz();
    expect(up.status).toBe(200);
    expect(up.body.checks.discord).toBe(true);
    expect(up.body.discord!.shards.map((s) => [s.id, s.status])).toEqual([
      [0, 'ready'],
      [1, 'ready'],
    ]);

    fake.gatewayDown = true;
    fake.closeShard(1, 4000);
    await expect.poll(async () => (await healthz()).status, { timeout: 15_000 }).toBe(503);
    const down = await healthz();
    expect(down.body.checks.discord).toBe(false);
    expect(down.body.discord!.shards[0]).toMatchObject({ id: 0, status: 'ready' });
    expect(down.body.discord!.shards[1]!.status).not.toBe('ready');

    fake.gatewayDown = false;
    await expect.poll(async () => (await healthz()).status, { timeout: 15_000 }).toBe(200);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(app.stderr()).not.toContain(TOKEN);
  }, 90_000);

  it('splits the shards between two processes: each identifies its own and answers only its guilds', async () => {
    fake = await FakeDiscord.start();
    const guilds = [fake.addGuild(0, 2), fake.addGuild(1, 2)];
    const procs = await Promise.all([running({ DISCORD_SHARDS: '0', DISCORD_SHARD_COUNT: '2' }), running({ DISCORD_SHARDS: '1', DISCORD_SHARD_COUNT: '2' })]);
    expect(fake.identifiedShards().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const [i, { healthz }] of procs.entries()) {
      const health = await healthz();
      expect(health.status).toBe(200);
      expect(health.body.discord!.shards.map((s) => s.id)).toEqual([i]);
    }
    for (const [i, guild] of guilds.entries()) {
      const message = guildMessage(fake, `<@${fake.ids.bot}> docker ps`, { guild, mentions: [fake.botUser] });
      fake.dispatch('MESSAGE_CREATE', message);
      await fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${guild.channel}/messages`, 15_000);
      const seen = procs.map(({ app }) => app.lines().filter((l) => l.msg === 'discord mention' && l.messageId === message.id).length);
      expect(seen).toEqual(i === 0 ? [1, 0] : [0, 1]);
    }
  }, 90_000);

  it('posts a due tip from the process holding shard 0 to a channel of a shard-1 guild (tips run --once)', async () => {
    fake = await FakeDiscord.start();
    const g1 = fake.addGuild(1, 2);
    const db = join(mkdtempSync(join(tmpdir(), 'dockhand-shards-')), 'db.sqlite');
    const store = openSqliteStore(db);
    // Subscribed two days ago for 00:00 UTC: today's tip is due whenever the test runs.
    await store.saveSubscription({ platform: 'discord', channelId: g1.channel, time: '00:00', timezone: 'UTC', lang: 'en' }, Date.now() - 2 * DAY_MS);
    await store.close();
    const run = startApp({ DOCKHAND_DB: db, DISCORD_SHARDS: '0', DISCORD_SHARD_COUNT: '2' }, ['tips', 'run', '--once']);
    expect(await run.exited, run.stderr()).toBe(0);
    expect(fake.identifiedShards()).toEqual([[0, 2]]);
    expect(channelPosts(fake)).toEqual([`/channels/${g1.channel}/messages`]);
    expect(run.stdout()).toMatch(new RegExp(`discord\\s+${g1.channel} .*posted \\S+ \\(message \\d+\\)`));
  }, 60_000);

  it('refuses to start with a shard outside DISCORD_SHARD_COUNT, saying so', async () => {
    fake = await FakeDiscord.start();
    const app = startApp({ DISCORD_SHARDS: '0,2', DISCORD_SHARD_COUNT: '2' });
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toContain('DISCORD_SHARDS: names shard 2, but DISCORD_SHARD_COUNT=2 has shards 0 to 1 only');
    expect(fake.identifies).toEqual([]);
  }, 45_000);
});

describePostgres('sharded Discord on one Postgres', (db) => {
  it('two shard processes run the due tips at once: the shard-1 guild’s tip is posted once, by whichever claimed it', async () => {
    fake = await FakeDiscord.start();
    const g1 = fake.addGuild(1, 2);
    const stores = await openStores({ dbPath: '', database: { url: db().url, poolMax: 2 } });
    await stores.openTips().saveSubscription({ platform: 'discord', channelId: g1.channel, time: '00:00', timezone: 'UTC', lang: 'en' }, Date.now() - 2 * DAY_MS);
    await stores.close();
    const runs = ['0', '1'].map((shard) => startApp({ DATABASE_URL: db().url, DISCORD_SHARDS: shard, DISCORD_SHARD_COUNT: '2' }, ['tips', 'run', '--once']));
    const codes = await Promise.all(runs.map((r) => r.exited));
    expect(codes, runs.map((r) => r.stderr()).join('\n')).toEqual([0, 0]);
    expect(fake.identifiedShards().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(channelPosts(fake)).toEqual([`/channels/${g1.channel}/messages`]);
    const said = runs.map((r) => r.stdout().split('\n').find((l) => l.includes(g1.channel)) ?? '');
    expect(said.filter((l) => /posted \S+ \(message \d+\)/.test(l))).toHaveLength(1);
    expect(said.filter((l) => /another dockhand process posted it|already posted today/.test(l))).toHaveLength(1);
  }, 90_000);
});
