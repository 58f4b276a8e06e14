import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/tips/store.ts';
import { FakeDiscord } from './support/fake-discord.ts';
import { startFakeSlack, type FakeSlack } from './support/fake-slack.ts';
import { eventCallback, mentionEvent, postSigned, slashBody } from './support/fake-slack-requests.ts';
import { note } from './support/kb.ts';

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
function startApp(env: Record<string, string>, stdin: 'pipe' | 'ignore' = 'pipe', cwd?: string): App {
  const child = spawn(process.execPath, [BIN, 'start'], {
    ...(cwd ? { cwd } : {}),
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
    expect(await health.json()).toEqual({
      ok: true,
      checks: { knowledge: true, store: true, console: true },
      knowledge: { version: expect.stringMatching(/^[0-9a-f]{12}$/), notes: expect.any(Number), loadedAt: expect.any(String), reload: true, reloads: 0, lastError: null },
    });
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

  it('on a first start of the terminal chat, prints no log line into the conversation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-app-'));
    // The terminal chat's own default level (warn): no LOG_LEVEL, as after a fresh `npm start`.
    const app = startApp({ DOCKHAND_DB: join(dir, 'db.sqlite'), LOG_LEVEL: '' });
    app.child.stdin!.end('docker logs\n');
    const { code } = await app.exited;
    expect(code).toBe(0);
    expect(existsSync(join(dir, 'db.sqlite'))).toBe(true);
    expect(app.stdout()).toContain('docker logs');
    expect(app.stderr()).not.toContain('created a new, empty store');
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
      expect(await store.getSubscription({ platform: 'slack', channelId: 'C0001' })).toMatchObject({ time: '08:30', timezone: 'Asia/Shanghai', lang: 'zh' });
    } finally {
      await store.close();
    }
    const logs = app.stdout() + app.stderr();
    expect(logs).toContain('"msg":"stopped"');
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(SIGNING_SECRET);
    // SLACK_HOST was set, so no warning about listening on every interface.
    expect(logs).not.toContain('SLACK_HOST is not set');
  });
});

describe('start: what it loaded (issue 12)', () => {
  it('says in its log which .env it loaded, and that there was none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-env-'));
    writeFileSync(join(dir, '.env'), 'TIPS_ENABLED=false\nHEALTH_PORT=off\n');
    const app = startApp({}, 'pipe', dir);
    expect(await app.logLine('loaded .env')).toMatchObject({ level: 30, file: join(dir, '.env') });
    // And the values in it took effect.
    await app.logLine('tips: off');
    await app.logLine('dockhand is running');
    app.child.stdin!.end();
    expect((await app.exited).code).toBe(0);
    const bare = startApp({}, 'pipe', mkdtempSync(join(tmpdir(), 'dockhand-env-')));
    await bare.logLine('no .env file: configuration from the environment only');
    bare.child.stdin!.end();
    expect((await bare.exited).code).toBe(0);
  });

  it('warns that Slack HTTP mode listens on every interface without SLACK_HOST, and says how to restrict it', async () => {
    const fake = await startFakeSlack({ botToken: BOT_TOKEN });
    fakes.push(fake);
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-app-'));
    const app = startApp({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_PORT: '0', SLACK_API_URL: fake.apiUrl, HEALTH_PORT: 'off', DOCKHAND_DB: join(dir, 'db.sqlite') });
    const warning = await app.logLine('Slack HTTP mode listens on every interface because SLACK_HOST is not set: set SLACK_HOST=127.0.0.1 behind a reverse proxy on this machine, or the one address Slack should reach');
    expect(warning).toMatchObject({ level: 40, host: '0.0.0.0' });
    await app.logLine('dockhand is running');
    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
  });

  it('logs each knowledge folder, reloads an edited team note and keeps serving through a broken edit (issue 16)', async () => {
    const team = mkdtempSync(join(tmpdir(), 'dockhand-team-'));
    mkdirSync(join(team, 'ours'));
    const file = join(team, 'ours', 'deploy-runbook.md');
    const runbook = (summary: string) => note('deploy-runbook', { aliasEn: 'how we deploy the shop' }).replace('A summary of deploy-runbook.', summary);
    writeFileSync(file, runbook('We deploy by hand.'));
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-app-'));
    const app = startApp({ DOCKHAND_KNOWLEDGE_DIRS: `bundled,${team}`, HEALTH_PORT: '0', HEALTH_HOST: '127.0.0.1', DOCKHAND_DB: join(dir, 'db.sqlite') });
    const { port } = (await app.logLine('health endpoint listening')) as { port: number };
    expect(await app.logLine(`knowledge folder ${team}: 1 note`)).toMatchObject({ folder: team, notes: 1 });
    await app.logLine('watching the knowledge folders: an edited note is reloaded without a restart');
    const knowledge = async () => ((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { knowledge: { version: string; reloads: number; lastError: unknown } }).knowledge;
    const asked = async (expected: string) => {
      const from = app.stdout().length;
      app.child.stdin!.write('how we deploy the shop\n');
      await expect.poll(() => app.stdout().slice(from), { timeout: 10_000 }).toContain(expected);
    };
    await asked('We deploy by hand.');
    const first = await knowledge();

    writeFileSync(file, runbook('We deploy with compose, then smoke-test.'));
    await expect.poll(async () => (await knowledge()).reloads, { timeout: 20_000 }).toBe(1);
    const edited = await knowledge();
    expect(edited.version).not.toBe(first.version);
    await asked('We deploy with compose, then smoke-test.');

    // An unquoted colon: the YAML parser refuses the front matter.
    writeFileSync(file, runbook('Broken.').replace('  en: Title of deploy-runbook', '  en: Deploy: the runbook'));
    await expect.poll(async () => (await knowledge()).lastError, { timeout: 20_000 }).toMatchObject({ count: 1, problems: [{ file: `${team}/ours/deploy-runbook.md`, field: 'front matter' }] });
    expect(app.stderr()).toContain(`"file":"${team}/ours/deploy-runbook.md","field":"front matter"`);
    expect((await knowledge()).version).toBe(edited.version);
    await asked('We deploy with compose, then smoke-test.');
    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
  }, 60_000);

  it('with DOCKHAND_RELOAD=off, watches nothing and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-app-'));
    const app = startApp({ DOCKHAND_RELOAD: 'off', HEALTH_PORT: '0', HEALTH_HOST: '127.0.0.1', DOCKHAND_DB: join(dir, 'db.sqlite') });
    const { port } = (await app.logLine('health endpoint listening')) as { port: number };
    await app.logLine('knowledge reload is off (DOCKHAND_RELOAD=off): restart to pick up edited notes');
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toMatchObject({ knowledge: { reload: false, lastError: null } });
    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
  });
});
