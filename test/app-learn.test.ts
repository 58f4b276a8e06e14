/**
 * The learning loop as src/app.ts wires it, through the real entry point: questions logged in the
 * DOCKHAND_DB file (also with tips off), old rows pruned at start, the metrics, `dockhand report
 * --json` reading that file back, LOG_RETENTION_DAYS=0, and the weekly report through Slack.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { LearnReport } from '../src/learn/report.ts';
import { weekStart } from '../src/learn/scheduler.ts';
import { openSqliteLearnStore } from '../src/learn/store.ts';
import { startFakeSlack, type FakeSlack } from './support/fake-slack.ts';
import { postSigned, slashBody } from './support/fake-slack-requests.ts';

const BIN = new URL('../bin/dockhand.js', import.meta.url).pathname;
const BOT_TOKEN = 'xoxb-learn-test-token-1234';
const SIGNING_SECRET = 'learn-test-signing-secret-0987654321';
const DAY = 86_400_000;

interface App {
  child: ChildProcess;
  stdout: () => string;
  logLine(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves once `n` answers have been logged. */
  answers(n: number): Promise<void>;
  exited: Promise<number | null>;
}
const apps: App[] = [];
const fakes: FakeSlack[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) if (app.child.exitCode === null) app.child.kill('SIGKILL');
  for (const fake of fakes.splice(0)) await fake.close();
});

function startApp(env: Record<string, string>): App {
  const child = spawn(process.execPath, [BIN, 'start'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const logLine = async (msg: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const line of err.split('\n')) if (line.startsWith('{') && (JSON.parse(line) as { msg?: string }).msg === msg) return JSON.parse(line) as Record<string, unknown>;
      if (child.exitCode !== null) throw new Error(`app exited (${child.exitCode}) before logging "${msg}":\n${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no "${msg}" log line within ${timeoutMs} ms:\n${err}`);
  };
  const answers = async (n: number) => {
    const deadline = Date.now() + 15_000;
    while (err.split('\n').filter((l) => l.includes('"msg":"answered"')).length < n) {
      if (Date.now() > deadline) throw new Error(`fewer than ${n} answers logged:\n${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const app = { child, stdout: () => out, logLine, answers, exited };
  apps.push(app);
  return app;
}

async function untilOutput(app: App, text: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!app.stdout().includes(text)) {
    if (Date.now() > deadline) throw new Error(`stdout never showed "${text}":\n${app.stdout()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const report = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, 'report', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 });

describe('the question log in the running app', () => {
  it('logs every answer in DOCKHAND_DB with tips off, prunes old rows at start, counts declined questions, and report --json reads it back', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dockhand-app-learn-')), 'db.sqlite');
    const seed = openSqliteLearnStore(db);
    await seed.logQuestion({ answerId: 'ancient', at: Date.now() - 100 * DAY, platform: 'slack', lang: 'en', outcome: 'declined', topicId: null, confidence: 0.1, latencyMs: 1, text: 'very old question', asker: null });
    await seed.close();
    const app = startApp({ HEALTH_PORT: '0', HEALTH_HOST: '127.0.0.1', DOCKHAND_DB: db, TIPS_ENABLED: 'false', LOG_RETENTION_DAYS: '90' });
    const { port } = (await app.logLine('health endpoint listening')) as { port: number };
    expect(await app.logLine('question log: deleted old rows')).toMatchObject({ pruned: 1, retentionDays: 90 });
    app.child.stdin!.write('cmd vs entrypoint\n');
    await untilOutput(app, 'CMD vs ENTRYPOINT');
    app.child.stdin!.write('what is the best pizza in naples\n');
    await app.answers(2);
    const answered = await app.logLine('answered');
    expect(answered.answerId).toEqual(expect.any(String));
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('dockhand_declined_questions_total{platform="console",lang="en"} 1');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);

    const viaEnv = report(['--json'], { DOCKHAND_DB: db });
    expect(viaEnv.status, viaEnv.stderr).toBe(0);
    const json = JSON.parse(viaEnv.stdout) as LearnReport;
    expect(json).toMatchObject({ questions: 2, outcomes: { answered: 1, declined: 1 }, platforms: { console: 2 }, answerRate: 0.5 });
    expect(json.gaps).toEqual([expect.objectContaining({ text: 'what is the best pizza in naples', count: 1, people: 1 })]);
    expect(json.mostAsked).toEqual([expect.objectContaining({ id: 'cmd-vs-entrypoint', count: 1 })]);
    const viaFlag = report(['--json', '--since', '1h', '--db', db], { DOCKHAND_DB: join(tmpdir(), 'nowhere', 'x.sqlite') });
    expect(JSON.parse(viaFlag.stdout).questions).toBe(2);
    expect(report(['--since', '30d'], { DOCKHAND_DB: db }).stdout).toContain('1× (1 person) "what is the best pizza in naples"');
  }, 60_000);

  it('with LOG_RETENTION_DAYS=0 stores no question and no text at all', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dockhand-app-learn-')), 'db.sqlite');
    const app = startApp({ HEALTH_PORT: 'off', DOCKHAND_DB: db, LOG_RETENTION_DAYS: '0' });
    await app.logLine('dockhand is running');
    app.child.stdin!.write('a secret question about my-private-host.example\n');
    await app.answers(1);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM questions').get()).toEqual({ n: 0 });
    raw.close();
    expect(JSON.parse(report(['--json'], { DOCKHAND_DB: db }).stdout).questions).toBe(0);
  }, 60_000);

  it('says so when there is no store at the path, and refuses a bad --since', () => {
    const missing = report(['--json'], { DOCKHAND_DB: join(tmpdir(), 'dockhand-no-such-dir', 'db.sqlite') });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no store at');
    const bad = report(['--since', 'last week']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--since must look like 7d');
  });

  it('logs Slack questions with a hashed asker and posts the weekly report to REPORT_CHANNEL once, across a restart', async () => {
    const fake = await startFakeSlack({ botToken: BOT_TOKEN });
    fakes.push(fake);
    const db = join(mkdtempSync(join(tmpdir(), 'dockhand-app-learn-')), 'db.sqlite');
    const seed = openSqliteLearnStore(db);
    await seed.logQuestion({ answerId: 'seed', at: Date.now() - DAY, platform: 'slack', lang: 'en', outcome: 'declined', topicId: null, confidence: 0.1, latencyMs: 1, text: 'how do i deploy to kubernetes', asker: seed.person('slack', 'U9') });
    await seed.close();
    const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_PORT: '0', SLACK_HOST: '127.0.0.1', SLACK_API_URL: fake.apiUrl, HEALTH_PORT: 'off', DOCKHAND_DB: db, REPORT_CHANNEL: 'slack:C0REPORT' };
    const due = Date.now() >= weekStart(Date.now()) + 9 * 3_600_000;
    for (let run = 0; run < 2; run++) {
      const app = startApp(env);
      const { port } = (await app.logLine('slack adapter ready')) as { port: number };
      await app.logLine('dockhand is running');
      if (run === 0) {
        const responseUrl = fake.responseUrl();
        const ack = await postSigned(`http://127.0.0.1:${port}`, slashBody({ text: 'cmd vs entrypoint', responseUrl, userId: 'U0ALICE' }), { secret: SIGNING_SECRET });
        expect(ack.status).toBe(200);
        const deadline = Date.now() + 10_000;
        while (!fake.repliesTo(responseUrl).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        if (due) await app.logLine('question log: weekly report posted');
      }
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    }
    const reports = fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0REPORT');
    // Posted from Monday 09:00 UTC; a run earlier on a Monday posts nothing yet.
    expect(reports).toHaveLength(due ? 1 : 0);
    if (due) expect(String(reports[0]!.params.text)).toContain('"how do i deploy to kubernetes"');
    const rows = new Database(db, { readonly: true }).prepare(`SELECT platform, topic_id, asker FROM questions WHERE answer_id != 'seed'`).all() as { platform: string; topic_id: string; asker: string }[];
    expect(rows).toEqual([{ platform: 'slack', topic_id: 'cmd-vs-entrypoint', asker: expect.any(String) }]);
    expect(rows[0]!.asker).not.toContain('U0ALICE');
  }, 90_000);
});
