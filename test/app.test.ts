import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/tips/store.ts';
import { FakeDiscord } from './support/fake-discord.ts';
import { startFakeSlack, type FakeSlack } from './support/fake-slack.ts';
import { eventCallback, mentionEvent, postSigned, slashBody } from './support/fake-slack-requests.ts';

const BIN = new URL('../bin/dockhand.js', import.meta.url).pathname;
const BOT_TOKEN = 'xoxb-app-test-very-secret-token-4242';
const SIGNING_SECRET = 'app-test-signing-secret-9876543210';

/** The real entry point as a child process, with its output collected. */
interface App {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first JSON log line whose msg matches. */
  logLine(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

const running: App[] = [];
const fakes: Array<FakeSlack | FakeDiscord> = [];

afterEach(async () => {
  for (const app of running.splice(0)) if (app.child.exitCode === null) app.child.kill('SIGKILL');
  for (const fake of fakes.splice(0)) await fake.close();
});

/** `stdin: 'ignore'` gives the child /dev/null, as `docker run -d` does. */
function startApp(env: Record<string, string>, stdin: 'pipe' | 'ignore' = 'pipe'): App {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: [stdin, 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const logLine = async (msg: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const line of err.split('\n')) {
        if (!line.startsWith('{')) continue;
        const json = JSON.parse(line) as Record<string, unknown>;
        if (json.msg === msg) return json;
      }
      if (child.exitCode !== null) throw new Error(`app exited (${child.exitCode}) before logging "${msg}":\n${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no "${msg}" log line within ${timeoutMs} ms:\n${err}`);
  };
  const app = { child, stdout: () => out, stderr: () => err, logLine, exited };
  running.push(app);
  return app;
}

async function untilOutput(app: App, text: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!app.stdout().includes(text)) {
    if (Date.now() > deadline) throw new Error(`stdout never showed "${text}":\n${app.stdout()}\n${app.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('.env', () => {
  it('check reads .env from the working directory and says so; the environment wins over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-env-'));
    writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxb-from-dotenv-secret\nSLACK_SIGNING_SECRET=from-dotenv-secret\nSLACK_PORT=3999\nTIPS_ENABLED=false\n');
    const run = spawnSync(process.execPath, [BIN, 'check'], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SLACK_PORT: '3111' }, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`env: loaded ${join(dir, '.env')}`);
    expect(run.stdout).toContain('slack: HTTP mode on 0.0.0.0 port 3111');
    expect(run.stdout).not.toContain('xoxb-from-dotenv-secret');
    const bare = spawnSync(process.execPath, [BIN, 'check'], { cwd: mkdtempSync(join(tmpdir(), 'dockhand-env-')), env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, encoding: 'utf8' });
    expect(bare.stdout).toContain('env: no .env file');
    expect(bare.stdout).toContain('console: no chat tokens set');
  });
});

describe('the entry point', () => {
  it('runs the console chat with health and metrics, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-app-'));
    const app = startApp({ HEALTH_PORT: '0', HEALTH_HOST: '127.0.0.1', DOCKHAND_DB: join(dir, 'db.sqlite') });
    const { port } = (await app.logLine('health endpoint listening')) as { port: number };
    await app.logLine('dockhand is running');
    app.child.stdin!.write('cmd vs entrypoint\n');
    await untilOutput(app, 'CMD vs ENTRYPOINT');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, checks: { knowledge: true, store: true, console: true } });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/dockhand_questions_total\{platform="console",outcome="answered"\} 1/);
    expect(metrics).toContain('dockhand_answer_seconds_bucket');
    const answered = await app.logLine('answered');
    expect(answered).toMatchObject({ platform: 'console', topic: 'cmd-vs-entrypoint', confidence: 1 });
    expect(JSON.stringify(answered)).not.toContain('cmd vs entrypoint');
    const sent = Date.now();
    app.child.kill('SIGTERM');
    const { code, at } = await app.exited;
    expect(code).toBe(0);
    expect(at - sent).toBeLessThan(5000);
  });

  it('ends the console chat at the end of piped input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-app-'));
    const app = startApp({ DOCKHAND_DB: join(dir, 'db.sqlite') });
    app.child.stdin!.end('容器和虚拟机有什么区别\n');
    const { code } = await app.exited;
    expect(code).toBe(0);
    expect(app.stdout()).toContain('容器与虚拟机');
  });

  it('with no chat tokens and nothing on stdin (docker run -d), exits 1 naming the variables to set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-app-'));
    const app = startApp({ DOCKHAND_DB: join(dir, 'db.sqlite') }, 'ignore');
    const { code } = await app.exited;
    expect(code).toBe(1);
    const fatal = app.stderr().split('\n').find((l) => l.includes('"level":60'));
    expect(fatal).toBeDefined();
    const line = JSON.parse(fatal!) as { code: string; msg: string; err?: unknown };
    expect(line.code).toBe('NO_CHAT');
    for (const variable of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'DISCORD_TOKEN', '-it']) expect(line.msg).toContain(variable);
    expect(line.err).toBeUndefined();
    expect(app.stderr()).not.toContain('console closed');
  });

  it('stops on a half-configured Slack, naming what is missing', async () => {
    const app = startApp({ SLACK_BOT_TOKEN: BOT_TOKEN });
    const { code } = await app.exited;
    expect(code).toBe(1);
    expect(app.stderr()).toContain('SLACK_BOT_TOKEN: is set, but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is');
    expect(app.stderr()).not.toContain(BOT_TOKEN);
  });

  it('follows the Discord gateway in /healthz and exits 1 with what to fix when Discord closes it for good', async () => {
    const fake = await FakeDiscord.start();
    fakes.push(fake);
    const token = 'fake-discord-token.for-the-app-test';
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-app-'));
    const app = startApp({ DISCORD_TOKEN: token, DISCORD_API_URL: fake.api, HEALTH_PORT: '0', HEALTH_HOST: '127.0.0.1', DOCKHAND_DB: join(dir, 'db.sqlite') });
    const { port } = (await app.logLine('health endpoint listening')) as { port: number };
    await app.logLine('dockhand is running');
    const healthz = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return { status: res.status, discord: ((await res.json()) as { checks: Record<string, boolean> }).checks.discord };
    };
    expect(await healthz()).toEqual({ status: 200, discord: true });
    // An outage: the gateway drops and stays away for a while.
    fake.gatewayDown = true;
    fake.closeGateway(4000);
    await expect.poll(healthz, { timeout: 5000 }).toEqual({ status: 503, discord: false });
    fake.gatewayDown = false;
    await expect.poll(healthz, { timeout: 15_000 }).toEqual({ status: 200, discord: true });
    // The token is reset in the Developer Portal: Discord closes with 4004 and never takes it again.
    fake.identifyCloseCode = 4004;
    fake.closeGateway(4004);
    const { code } = await app.exited;
    expect(code).toBe(1);
    expect(app.stderr()).toContain('gateway close 4004');
    expect(app.stderr()).toContain('DISCORD_TOKEN');
    expect(app.stderr()).not.toContain(token);
  }, 30_000);

  it('with Slack slow, acknowledges at once and, on SIGTERM, finishes the delivery and exits 0', async () => {
    const fake = await startFakeSlack({ botToken: BOT_TOKEN });
    fakes.push(fake);
    fake.responseDelayMs = 1500;
    fake.on('users.info', async () => (await new Promise((r) => setTimeout(r, 1500)), { ok: true, user: { id: 'U0001', name: 'alice', locale: 'en-US', profile: {} } }));
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-app-'));
    const app = startApp({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_PORT: '0', SLACK_HOST: '127.0.0.1', SLACK_API_URL: fake.apiUrl, HEALTH_PORT: 'off', DOCKHAND_DB: join(dir, 'db.sqlite') });
    const { port } = (await app.logLine('slack adapter ready')) as { port: number };
    await app.logLine('dockhand is running');
    const responseUrl = fake.responseUrl();
    const started = Date.now();
    const ack = await postSigned(`http://127.0.0.1:${port}`, slashBody({ text: 'help', responseUrl }), { secret: SIGNING_SECRET });
    expect(ack.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    app.child.kill('SIGTERM');
    const { code, at } = await app.exited;
    expect(code, app.stderr()).toBe(0);
    // The answer still went out (users.info, then the slow response_url), inside the shutdown limit.
    expect(fake.repliesTo(responseUrl)).toHaveLength(1);
    expect(at - started).toBeLessThan(4500);
  }, 20_000);

  it('serves Slack over HTTP, drains an in-flight answer on SIGTERM, keeps the store and never logs secrets', async () => {
    const fake = await startFakeSlack({ botToken: BOT_TOKEN });
    fakes.push(fake);
    fake.channels.set('C0001', { is_member: true });
    let answerStarted = 0;
    let answerDone = 0;
    fake.on('chat.postMessage', async (params) => {
      answerStarted = Date.now();
      await new Promise((r) => setTimeout(r, 1500));
      answerDone = Date.now();
      return { ok: true, channel: params.channel, ts: '1700000300.000300' };
    });
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-app-'));
    const db = join(dir, 'data', 'dockhand.sqlite');
    const app = startApp({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_PORT: '0',
      SLACK_HOST: '127.0.0.1',
      SLACK_API_URL: fake.apiUrl,
      HEALTH_PORT: '0',
      HEALTH_HOST: '127.0.0.1',
      DOCKHAND_DB: db,
    });
    const { port, host } = (await app.logLine('slack adapter ready')) as { port: number; host: string };
    expect(host).toBe('127.0.0.1');
    const health = (await app.logLine('health endpoint listening')) as { port: number };
    await app.logLine('dockhand is running');
    expect((await fetch(`http://127.0.0.1:${health.port}/healthz`)).status).toBe(200);
    const events = `http://127.0.0.1:${port}`;

    const subscribe = await postSigned(events, slashBody({ text: 'tips on 08:30 Asia/Shanghai zh', responseUrl: fake.responseUrl() }), { secret: SIGNING_SECRET });
    expect(subscribe.status).toBe(200);
    await fake.waitFor(() => fake.responses.length > 0, 'the tips reply');

    const mention = postSigned(events, JSON.stringify(eventCallback('Ev0APP', mentionEvent('<@UBOT> how do I see container logs'))), {
      secret: SIGNING_SECRET,
      contentType: 'application/json',
    }).catch((error: unknown) => error);
    await fake.waitFor(() => answerStarted, 'the answer to start');
    const sent = Date.now();
    app.child.kill('SIGTERM');
    const { code, at } = await app.exited;
    expect(code, app.stderr()).toBe(0);
    // Slack got its HTTP 200 for the event too, so it will not retry the answered mention.
    expect(await mention).toMatchObject({ status: 200 });
    expect(at - sent).toBeLessThan(5000);
    expect(answerDone).toBeGreaterThan(0);
    expect(at).toBeGreaterThanOrEqual(answerDone);

    const store = openSqliteStore(db);
    try {
      expect(store.getSubscription({ platform: 'slack', channelId: 'C0001' })).toMatchObject({ time: '08:30', timezone: 'Asia/Shanghai', lang: 'zh' });
    } finally {
      store.close();
    }
    const logs = app.stdout() + app.stderr();
    expect(logs).toContain('"msg":"stopped"');
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(SIGNING_SECRET);
  });
});
