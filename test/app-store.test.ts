/**
 * The store as the real entry point uses it (issue #17): `dockhand check` says which store and
 * whether it answers; `dockhand start` with DATABASE_URL keeps the question log and votes in
 * Postgres, and /healthz fails while Postgres is down (a proxy in front of the test cluster
 * refusing connections, as during a server restart) and recovers when it is back, while answers
 * keep coming. The figures of the outage are printed for the README.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../src/tips/store.ts';
import { startOutageProxy } from './support/outage-proxy.ts';
import { describePostgres } from './support/postgres.ts';

const BIN = new URL('../bin/dockhand.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'dockhand-app-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const baseEnv = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });
const check = (env: Record<string, string>) => spawnSync(process.execPath, [BIN, 'check'], { cwd: dir, env: { ...baseEnv(), ...env }, encoding: 'utf8', timeout: 60_000 });

/** A URL with a password on the test cluster's database `db`, as an operator would write it. */
const withPassword = (url: string) => {
  const u = new URL(url);
  u.password = 'pw-never-printed-42';
  return u.toString();
};

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('dockhand check: the store line', () => {
  it('names the SQLite file without creating it', () => {
    const db = join(dir, 'data', 'never.sqlite');
    const run = check({ DOCKHAND_DB: db });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`store: SQLite ${db} (not created yet: the first start creates it)`);
    expect(existsSync(db)).toBe(false);
  });

  it('exits 1 when Postgres does not answer, naming host and database but never the password', async () => {
    const port = await closedPort();
    const run = check({ DATABASE_URL: `postgres://bot:pw-never-printed-42@127.0.0.1:${port}/dockhand` });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`store: Postgres postgres://bot@127.0.0.1:${port}/dockhand: NOT reachable: the database server cannot be reached`);
    expect(run.stdout + run.stderr).not.toContain('pw-never-printed-42');
  });
});

interface App {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first JSON log line with this msg (after `from` lines). */
  logLine(msg: string, from?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}
const apps: App[] = [];
afterEach(() => {
  for (const app of apps.splice(0)) if (app.child.exitCode === null) app.child.kill('SIGKILL');
});

function startApp(env: Record<string, string>): App {
  const child = spawn(process.execPath, [BIN, 'start'], { cwd: dir, env: { ...baseEnv(), LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const logLine = async (msg: string, from = 0) => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const lines = err.split('\n').slice(from).filter((l) => l.startsWith('{'));
      const hit = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === msg);
      if (hit) return hit;
      if (child.exitCode !== null) throw new Error(`app exited (${child.exitCode}) before logging "${msg}":\n${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no "${msg}" log line:\n${err}`);
  };
  const app = { child, stdout: () => out, stderr: () => err, logLine, exited };
  apps.push(app);
  return app;
}

/** Waits until stdout holds `text` `n` times; returns how long that took. */
async function untilOutput(app: App, text: string, n = 1): Promise<number> {
  const started = Date.now();
  while (app.stdout().split(text).length - 1 < n) {
    if (Date.now() - started > 20_000) throw new Error(`stdout never showed "${text}" ×${n}:\n${app.stdout()}\n${app.stderr()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

/** Waits until the app has logged `n` answers. */
async function answers(app: App, n: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (app.stderr().split('\n').filter((l) => l.includes('"msg":"answered"')).length < n) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} answers logged:\n${app.stderr()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function healthz(port: number): Promise<{ status: number; store: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  const body = (await res.json()) as { checks: Record<string, unknown> };
  return { status: res.status, store: body.checks.store };
}

/** Polls /healthz every 100 ms until it answers `status`; returns how long that took. */
async function untilHealth(port: number, status: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if ((await healthz(port)).status === status) return Date.now() - started;
    if (Date.now() - started > 20_000) throw new Error(`/healthz never answered ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describePostgres('dockhand on Postgres (DATABASE_URL)', (db) => {
  const rows = async <R extends object>(sql: string): Promise<R[]> => {
    const client = new pg.Client({ connectionString: db().url });
    await client.connect();
    try {
      return (await client.query<R>(sql)).rows;
    } finally {
      await client.end();
    }
  };

  it('check says the database answers and which schema it holds, without a password and without migrating', async () => {
    const run = check({ DATABASE_URL: withPassword(db().url) });
    expect(run.status).toBe(0);
    const target = new URL(db().url);
    expect(run.stdout).toMatch(new RegExp(`store: Postgres postgres://dockhand@127\\.0\\.0\\.1:${target.port}/${db().name}: reachable \\(PostgreSQL [^,]+, empty database: the first start creates the tables\\)`));
    expect(run.stdout).toContain(`tips: on, store postgres://dockhand@127.0.0.1:${target.port}/${db().name}`);
    expect(run.stdout + run.stderr).not.toContain('pw-never-printed-42');
    expect(await rows(`SELECT to_regclass('schema_migrations') AS t`)).toEqual([{ t: null }]);
  });

  it('logs questions and votes in Postgres; /healthz fails while it is down and recovers, and answers keep coming', async () => {
    const proxy = await startOutageProxy(db().url);
    try {
      const app = startApp({ DATABASE_URL: withPassword(proxy.url), HEALTH_PORT: '0', HEALTH_HOST: '127.0.0.1' });
      const { port } = (await app.logLine('health endpoint listening')) as { port: number };
      app.child.stdin!.write('cmd vs entrypoint\n+\n');
      await untilOutput(app, 'Your 👍 is noted');
      expect(await healthz(port)).toEqual({ status: 200, store: true });
      const [logged] = await rows<{ answer_id: string; topic_id: string }>('SELECT answer_id, topic_id FROM questions');
      expect(logged).toMatchObject({ topic_id: 'cmd-vs-entrypoint' });
      expect(await rows('SELECT answer_id, vote, platform FROM votes')).toEqual([{ answer_id: logged!.answer_id, vote: 1, platform: 'console' }]);
      expect(check({ DATABASE_URL: db().url }).stdout).toContain(`schema version ${SCHEMA_VERSION} of ${SCHEMA_VERSION}`);

      // Postgres goes away (every connection cut, new ones refused).
      const cut = Date.now();
      await proxy.down();
      const toDown = await untilHealth(port, 503);
      expect(await healthz(port)).toEqual({ status: 503, store: false });
      const asked = Date.now();
      app.child.stdin!.write('docker run --rm\n');
      await answers(app, 2);
      const answerMs = Date.now() - asked;
      await app.logLine('question log: could not store a question');
      app.child.stdin!.write('-\n');
      await untilOutput(app, "Sorry, I couldn't save your vote.");

      // Back: the pool reconnects by itself.
      const back = Date.now();
      await proxy.up();
      const toUp = await untilHealth(port, 200);
      app.child.stdin!.write('how do i mount a volume\n');
      const deadline = Date.now() + 10_000;
      while ((await rows('SELECT answer_id FROM questions')).length < 2) {
        if (Date.now() > deadline) throw new Error(`the question after the outage was not logged:\n${app.stderr()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const afterMs = Date.now() - back;
      app.child.stdin!.end();
      expect(await app.exited).toBe(0);
      expect(app.stderr()).not.toContain('pw-never-printed-42');
      console.log(`[figures] Postgres down: /healthz 503 after ${toDown} ms (polled every 100 ms); an answer during the outage ${answerMs} ms; /healthz 200 again ${toUp} ms after it returned; first question logged again ${afterMs} ms after; outage ${back - cut} ms`);
      expect(answerMs).toBeLessThan(3000);
    } finally {
      await proxy.close();
    }
  });

  it('refuses to start when Postgres cannot be reached, naming it without the password', async () => {
    const port = await closedPort();
    const app = startApp({ DATABASE_URL: `postgres://bot:pw-never-printed-42@127.0.0.1:${port}/dockhand`, HEALTH_PORT: 'off' });
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toContain(`postgres://bot@127.0.0.1:${port}/`);
    expect(app.stderr()).toContain('the database server cannot be reached');
    expect(app.stderr()).not.toContain('pw-never-printed-42');
  });
});
