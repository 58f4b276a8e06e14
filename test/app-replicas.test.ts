/**
 * Issue #17, done when, with the real entry point: two dockhand processes (`dockhand start`, Slack
 * HTTP mode) on one Postgres database (DATABASE_URL), one fake Slack Web API on 127.0.0.1 counting
 * chat.postMessage. The same signed event sent to both at once is answered once; a Share pressed on
 * both posts once. test/adapters/slack/replicas.test.ts covers the same in one process, with the
 * control that shows the double answers a per-process memory gives.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { ACTIONS } from '../adapters/slack/render.ts';
import { startFakeSlack, type FakeSlack } from './support/fake-slack.ts';
import { buttonBody, eventCallback, mentionEvent, postSigned, slashBody } from './support/fake-slack-requests.ts';
import { describePostgres } from './support/postgres.ts';
import { buttonsOf } from './adapters/slack/harness.ts';

const BIN = new URL('../bin/dockhand.js', import.meta.url).pathname;
const BOT_TOKEN = 'xoxb-replicas-test-secret-token-5151';
const SIGNING_SECRET = 'replicas-test-signing-secret-24680';

const dir = mkdtempSync(join(tmpdir(), 'dockhand-app-replicas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One `dockhand start` child process and its log. */
interface Replica {
  child: ChildProcess;
  stderr: () => string;
  /** JSON log lines so far. */
  lines(): Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

const children: Replica[] = [];
const fakes: FakeSlack[] = [];
afterEach(async () => {
  for (const r of children.splice(0)) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  for (const f of fakes.splice(0)) await f.close();
});

function startReplica(env: Record<string, string>): Replica {
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_FORMAT: 'json', LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  child.stdout!.resume();
  const lines = () => err.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  const replica = { child, stderr: () => err, lines, exited: new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))) };
  children.push(replica);
  return replica;
}

/** Resolves with the replica's first log line with this msg (a loaded machine takes over 15 s to load the notes). */
async function logLine(replica: Replica, msg: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = replica.lines().find((l) => l.msg === msg);
    if (line) return line;
    if (replica.child.exitCode !== null) throw new Error(`replica exited (${replica.child.exitCode}) before "${msg}":\n${replica.stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no "${msg}" within ${timeoutMs} ms:\n${replica.stderr()}`);
}

/** Waits until `check` holds (deliveries happen after Slack's 200). */
async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 500));

describePostgres('two dockhand processes on one Postgres', (db) => {
  it('answer the same signed event sent to both at once once, and post a Share pressed on both once', async () => {
    const fake = await startFakeSlack({ botToken: BOT_TOKEN });
    fakes.push(fake);
    const env = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_PORT: '0',
      SLACK_HOST: '127.0.0.1',
      SLACK_API_URL: fake.apiUrl,
      HEALTH_PORT: 'off',
      TIPS_ENABLED: 'false',
      DATABASE_URL: db().url,
      DOCKHAND_DB: join(dir, 'unused.sqlite'),
    };
    const replicas = [startReplica(env), startReplica(env)];
    const urls: string[] = [];
    for (const replica of replicas) {
      urls.push(`http://127.0.0.1:${(await logLine(replica, 'slack adapter ready')).port as number}`);
      await logLine(replica, 'dockhand is running');
    }
    const posts = (channel?: string) => fake.callsTo('chat.postMessage').filter((c) => !channel || c.params.channel === channel);

    // 10 events, each delivered to both replicas at the same moment (Slack's delivery and its retry).
    const EVENTS = 10;
    for (let i = 0; i < EVENTS; i += 1) {
      const ts = `1700000100.${String(i).padStart(6, '0')}`;
      const body = JSON.stringify(eventCallback(`EvProc${i}`, mentionEvent('<@UBOT> cmd vs entrypoint', { ts, event_ts: ts })));
      const sent = await Promise.all(urls.map((url) => postSigned(url, body, { secret: SIGNING_SECRET, contentType: 'application/json' })));
      expect(sent.map((s) => s.status)).toEqual([200, 200]);
    }
    await until(() => posts().length >= EVENTS, `${EVENTS} answers`);
    await settle();
    expect(new Set(posts().map((c) => c.params.thread_ts)).size).toBe(EVENTS);
    expect(posts()).toHaveLength(EVENTS);
    // Each event reached both processes: the one that lost the insert dropped it.
    const dropped = replicas.reduce((n, r) => n + r.lines().filter((l) => l.msg === 'dropping a retried event').length, 0);
    expect(dropped).toBe(EVENTS);

    // Share: asked on one replica, pressed on both at once.
    const asked = fake.responseUrl();
    await postSigned(urls[0]!, slashBody({ text: 'cmd vs entrypoint', responseUrl: asked, channelId: 'CSHARE' }), { secret: SIGNING_SECRET });
    await until(() => fake.repliesTo(asked).length > 0, 'the ephemeral answer');
    const share = buttonsOf(fake.repliesTo(asked)[0]).find((b) => b.action_id === ACTIONS.share)!;
    const click = buttonBody({ actionId: share.action_id, value: share.value, responseUrl: fake.responseUrl(), channelId: 'CSHARE' });
    const clicks = await Promise.all(urls.map((url) => postSigned(url, click, { secret: SIGNING_SECRET })));
    expect(clicks.map((c) => c.status)).toEqual([200, 200]);
    await until(() => posts('CSHARE').length >= 1, 'the shared answer');
    await settle();
    expect(posts('CSHARE')).toHaveLength(1);

    for (const replica of replicas) replica.child.kill('SIGTERM');
    const codes = await Promise.all(replicas.map((r) => r.exited));
    expect(codes).toEqual([0, 0]);
    for (const replica of replicas) {
      expect(replica.stderr()).not.toContain(BOT_TOKEN);
      expect(replica.stderr()).not.toContain(SIGNING_SECRET);
    }
  }, 180_000);
});
