/**
 * Real faults for the tips tests: a second process that holds the SQLite write lock, a worker
 * process to SIGKILL in the middle of a post, a small tmpfs to fill, and a log collector.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { createTipScheduler } from '../../src/tips/scheduler.ts';
import type { TipStore } from '../../src/tips/store.ts';
import { TOPICS, manualClock, manualTimer, pollUntil, recordingAdapter } from './fixtures.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Whether this process may mount file systems (tests that need a tmpfs are skipped otherwise). */
export const CAN_MOUNT = process.getuid?.() === 0;

/** A logger whose JSON lines land in `lines` (parsed). */
export function memoryLogger(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines, messages: (msg: string) => lines.filter((l) => l.msg === msg) };
}

/**
 * A started tip scheduler on `store` with a manual clock (from `start`) and timer, for watching
 * it back off: `fire()` runs the pending timer, moving the clock by its delay, waits until the
 * scheduler has set the next one and returns the delay it fired.
 */
export async function steppedScheduler(store: TipStore, start: string) {
  const clock = manualClock(start);
  const timer = manualTimer();
  const { logger, lines, messages } = memoryLogger();
  const slack = recordingAdapter('slack');
  const scheduler = createTipScheduler({ store, topics: TOPICS, adapters: [slack], logger, now: clock.now, timer });
  scheduler.start();
  await pollUntil(() => timer.pending.length > 0, 10_000);
  const fire = async () => {
    const { ms } = timer.pending[0]!;
    clock.advance(ms);
    timer.fire();
    await pollUntil(() => timer.pending.length > 0, 10_000);
    return ms;
  };
  return { scheduler, slack, lines, messages, fire };
}

const HOLDER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 10000');
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const ms = Number(line);
  db.exec('BEGIN IMMEDIATE');
  process.stdout.write('locked\\n');
  setTimeout(() => { db.exec('COMMIT'); process.stdout.write('unlocked\\n'); }, ms);
});
process.stdout.write('ready\\n');
`;

/** A second real process with its own connection that takes the write lock on request. */
export async function lockHolder(path: string) {
  const child = spawn(process.execPath, ['-e', HOLDER, path], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const seen = async (word: string, count: number) => {
    while (out.split('\n').filter((l) => l === word).length < count) {
      if (child.exitCode !== null) throw new Error(`lock holder exited: ${out}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  await seen('ready', 1);
  let locks = 0;
  return {
    /** Takes the write lock for `ms` and resolves once it holds it. */
    async lock(ms: number) {
      locks++;
      child.stdin!.write(`${ms}\n`);
      await seen('locked', locks);
    },
    /** Resolves once the last lock was released. */
    unlocked: () => seen('unlocked', locks),
    close: () => child.kill('SIGKILL'),
  };
}

/** A tmpfs of `size` mounted at `dir`; `fill()` writes a file until ENOSPC, `free()` removes it. */
export function smallTmpfs(dir: string, size = '1m') {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  const filler = `${dir}/filler`;
  return {
    fill() {
      const fd = openSync(filler, 'w');
      const chunk = Buffer.alloc(4096, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
    free: () => execFileSync('rm', ['-f', filler]),
    readOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir]),
    unmount: () => execFileSync('umount', ['-l', dir]),
  };
}

/** Runs a child to completion or until killed; resolves with its exit. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
