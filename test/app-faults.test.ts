/**
 * Issue 18: the real entry point under faults: bad store files at start (corrupt, read-only,
 * full, newer schema), a store folder removed while running, SIGTERM during start, the console's
 * shutdown, and `ask --json` with an emoji at the cut.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomFillSync } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openTips } from '../src/tips/index.ts';
import { SCHEMA_VERSION, openSqliteStore } from '../src/tips/store.ts';
import { StoreError } from '../src/tips/store-error.ts';
import { startFakeSlack } from './support/fake-slack.ts';
import { CAN_MOUNT, memoryLogger, smallTmpfs } from './tips/faults.ts';
import { TOPICS } from './tips/fixtures.ts';

const BIN = new URL('../bin/dockhand.js', import.meta.url).pathname;
const BOT_TOKEN = 'xoxb-faults-test-token-1234';
const SIGNING_SECRET = 'faults-test-signing-secret-0987654321';

let cleanups: (() => unknown)[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockhand-faults-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `dockhand start` as a child process; stdin stays open so a console chat keeps running. */
function startApp(env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const logged = async (msg: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!err.includes(`"msg":"${msg}"`)) {
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before "${msg}":\n${err}`);
      if (Date.now() > deadline) throw new Error(`no "${msg}" within ${timeoutMs} ms:\n${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, exited, logged, stderr: () => err };
}

/** A store with one subscription, closed (checkpointed into the main file). */
async function storeWithData(path: string): Promise<void> {
  const store = openSqliteStore(path);
  for (let i = 0; i < 200; i++) await store.saveSubscription({ platform: 'slack', channelId: `C${i}`, time: '09:00', timezone: 'UTC', lang: 'en' }, 1000);
  await store.close();
}

/** Overwrites every page after the first two with random bytes: the header still reads fine. */
function corruptDataPages(path: string): void {
  const fd = openSync(path, 'r+');
  const junk = randomFillSync(Buffer.alloc(4096 * 8));
  writeSync(fd, junk, 0, junk.length, 4096 * 2);
  closeSync(fd);
}

/** What a failed start must look like: exit 1, one message naming the file, the problem and the fix. */
async function expectStoreRefused(app: ReturnType<typeof startApp>, path: string, problem: RegExp) {
  const { code } = await app.exited;
  expect(code, app.stderr()).toBe(1);
  expect(app.stderr()).toContain(`tips store ${path}: `);
  expect(app.stderr()).toMatch(problem);
  expect(app.stderr()).toContain('Fix: ');
  expect(app.stderr()).not.toMatch(/\n\s+at /);
}

describe('start with a bad store (points 2 and 7)', () => {
  it('stops with exit 1 before connecting Slack when the data pages are corrupt', async () => {
    const fake = await startFakeSlack({ botToken: BOT_TOKEN });
    cleanups.push(() => fake.close());
    const db = join(tempDir(), 'dockhand.sqlite');
    await storeWithData(db);
    corruptDataPages(db);
    const app = startApp({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_PORT: '0', SLACK_API_URL: fake.apiUrl, HEALTH_PORT: '0', HEALTH_HOST: '127.0.0.1', DOCKHAND_DB: db });
    // Before: Slack connected, /healthz 200, no scheduler, and the process stayed up.
    await expectStoreRefused(app, db, /the file is damaged or is not a dockhand database/);
    expect(app.stderr()).toContain('restore it from a backup');
    expect(app.stderr()).not.toContain('slack adapter ready');
    expect(app.stderr()).not.toContain('health endpoint listening');
  });

  it('names a file that is not a database at all', async () => {
    const db = join(tempDir(), 'dockhand.sqlite');
    const fd = openSync(db, 'w');
    writeSync(fd, randomFillSync(Buffer.alloc(8192)));
    closeSync(fd);
    await expectStoreRefused(startApp({ DOCKHAND_DB: db }), db, /the file is damaged or is not a dockhand database/);
  });

  it('names a file written by a newer dockhand', async () => {
    const db = join(tempDir(), 'dockhand.sqlite');
    await storeWithData(db);
    const raw = new Database(db);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    await expectStoreRefused(startApp({ DOCKHAND_DB: db }), db, /it was written by a newer dockhand .*Fix: upgrade dockhand/);
  });

  it.runIf(CAN_MOUNT)('names a store on a read-only mount', async () => {
    const dir = tempDir();
    const disk = smallTmpfs(join(dir, 'ro'), '4m');
    cleanups.push(disk.unmount);
    const db = join(dir, 'ro', 'dockhand.sqlite');
    await storeWithData(db);
    disk.readOnly();
    await expectStoreRefused(startApp({ DOCKHAND_DB: db }), db, /it cannot be written \(read-only file, folder or mount\)/);
  });

  it.runIf(CAN_MOUNT)('names a store on a full disk', async () => {
    const dir = tempDir();
    const disk = smallTmpfs(join(dir, 'full'), '4m');
    cleanups.push(disk.unmount);
    const db = join(dir, 'full', 'dockhand.sqlite');
    await storeWithData(db);
    disk.fill();
    await expectStoreRefused(startApp({ DOCKHAND_DB: db }), db, /the disk is full.*Fix: free space/);
  });
});

describe('a store folder removed while running (point 3)', () => {
  it('is an error, not a fresh start: writes are refused and health says so', async () => {
    const dir = tempDir();
    const path = join(dir, 'data', 'dockhand.sqlite');
    const { logger, messages } = memoryLogger();
    const tips = openTips({ dbPath: path, topics: TOPICS, logger });
    cleanups.push(() => tips.close());
    // A first start creates the file and says which one.
    expect(messages('tips: created a new, empty store (first start; if subscriptions were expected, the data volume is not mounted)')).toEqual([
      expect.objectContaining({ path, level: 40 }),
    ]);
    await tips.service.subscribe('slack', 'C1', { time: '09:00' });
    rmSync(join(dir, 'data'), { recursive: true, force: true });
    // Before: this "worked", into a deleted file that the next start replaced with an empty one.
    let error: unknown;
    try {
      await tips.service.subscribe('slack', 'C2', { time: '10:00' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_GONE', path });
    expect((error as Error).message).toContain('was removed or replaced while dockhand was running');
    expect(tips.health()).toMatchObject({ ok: false, error: { code: 'STORE_GONE' } });
    await expect(tips.store.listSubscriptions()).rejects.toThrow(/removed or replaced/);
  });

  it('turns /healthz 503 in the running bot', async () => {
    const dir = tempDir();
    const app = startApp({ HEALTH_PORT: '0', HEALTH_HOST: '127.0.0.1', DOCKHAND_DB: join(dir, 'data', 'dockhand.sqlite') });
    await app.logged('dockhand is running');
    const port = Number(/"port":(\d+),"msg":"health endpoint listening"/.exec(app.stderr())![1]);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    rmSync(join(dir, 'data'), { recursive: true, force: true });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, checks: { store: false } });
  });
});

describe('signals and shutdown (point 9)', () => {
  for (const afterMs of [300, 700, 1200]) {
    it(`exits 0 on a SIGTERM ${afterMs} ms into start, before it is up`, async () => {
      const app = startApp({ DOCKHAND_DB: join(tempDir(), 'dockhand.sqlite') });
      await new Promise((r) => setTimeout(r, afterMs));
      app.child.kill('SIGTERM');
      // Before: killed by the signal (code null, signal SIGTERM) up to about 1.5 s into start.
      expect(await app.exited).toEqual({ code: 0, signal: null });
    });
  }

  it('runs the console shutdown once', async () => {
    const app = startApp({ DOCKHAND_DB: join(tempDir(), 'dockhand.sqlite') });
    await app.logged('dockhand is running');
    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(app.stderr().split('\n').filter((l) => l.includes('"msg":"shutting down"'))).toHaveLength(1);
  });

  it('never prints half a surrogate pair in ask --json', () => {
    // The engine keeps the first 300 UTF-16 units of the query: the emoji straddles the cut.
    const question = `${'a'.repeat(299)}😀 docker ps`;
    const run = spawnSync(process.execPath, [BIN, 'ask', '--json', question], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i);
    expect(JSON.parse(run.stdout).query).toBe('a'.repeat(299));
  });
});
