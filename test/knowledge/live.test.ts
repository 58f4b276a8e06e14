import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveKnowledge, type LiveKnowledge, type Timers } from '../../src/knowledge/live.ts';
import { resolveLayers } from '../../src/knowledge/layers.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { watchFolders } from '../../src/knowledge/watch.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.ts';
import { note, writeKnowledge } from '../support/kb.ts';

/** A debounce the test ends by hand: `pending()` says a file event arrived, `fire()` ends the wait. */
function manualTimers(): Timers & { pending(): number; fire(): void; scheduled: number } {
  let live: Array<{ fn: () => void; cancelled: boolean }> = [];
  const timers = {
    scheduled: 0,
    setTimeout(fn: () => void) {
      const handle = { fn, cancelled: false };
      live.push(handle);
      timers.scheduled++;
      return handle;
    },
    clearTimeout(handle: unknown) {
      (handle as { cancelled: boolean }).cancelled = true;
    },
    pending: () => live.filter((h) => !h.cancelled).length,
    fire() {
      const due = live.filter((h) => !h.cancelled);
      live = [];
      for (const h of due) h.fn();
    },
  };
  return timers;
}

/** Log lines as the real logger would receive them. */
function memoryLog() {
  const lines: Array<{ level: string; msg: string; [k: string]: unknown }> = [];
  const at = (level: string) => (obj: object, msg: string) => void lines.push({ level, msg, ...obj });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

const opened: LiveKnowledge[] = [];
afterEach(() => {
  for (const live of opened.splice(0)) live.close();
});

function setup() {
  const dir = writeKnowledge({ 'cli/alpha.md': note('alpha', { aliasEn: 'frobnicate the widget' }), 'cli/beta.md': note('beta') });
  const layers = resolveLayers([dir], { cwd: process.cwd(), bundledDir: DEFAULT_KNOWLEDGE_DIR });
  const timers = manualTimers();
  const log = memoryLog();
  const live = createLiveKnowledge({ layers, initial: loadKnowledge(layers), logger: log, timers, debounceMs: 50 });
  opened.push(live);
  live.watch();
  return { dir, live, timers, log };
}

/** Waits for a real file-system event to reach the watcher (it schedules the debounce). */
async function untilScheduled(timers: { pending(): number }): Promise<void> {
  await expect.poll(() => timers.pending(), { timeout: 5000, interval: 10 }).toBeGreaterThan(0);
}

describe('reloading the notes while answering', () => {
  it('swaps in an edit with no failed answer, ignores a broken edit (path and field logged) and recovers', async () => {
    const { dir, live, timers, log } = setup();
    const first = live.status();
    expect(first).toMatchObject({ notes: 2, reloads: 0, reload: true, lastError: null });
    // Questions keep coming the whole time, through the engine adapters hold.
    const answers: Array<{ kind: string; id: string | undefined; summary: string }> = [];
    let asking = true;
    const asker = (async () => {
      while (asking) {
        const a = live.engine.answer('frobnicate the widget');
        answers.push({ kind: a.kind, id: a.topic?.id, summary: a.summary });
        await new Promise((r) => setImmediate(r));
      }
    })();

    writeFileSync(join(dir, 'cli/alpha.md'), note('alpha', { aliasEn: 'frobnicate the widget' }).replace('A summary of alpha.', 'A fresh summary of alpha.'));
    await untilScheduled(timers);
    timers.fire();
    await live.settled();
    const edited = live.status();
    expect(edited).toMatchObject({ notes: 2, reloads: 1, lastError: null });
    expect(edited.version).not.toBe(first.version);
    expect(live.engine.answer('frobnicate the widget').summary).toBe('A fresh summary of alpha.');

    // A broken edit, saved the way editors do: a temporary file renamed over the note.
    writeFileSync(join(dir, 'cli/beta.md.tmp'), note('beta').replace('  en: Title of beta', '  en: CMD: the default command'));
    renameSync(join(dir, 'cli/beta.md.tmp'), join(dir, 'cli/beta.md'));
    await untilScheduled(timers);
    timers.fire();
    await live.settled();
    const broken = live.status();
    expect(broken.version).toBe(edited.version);
    expect(broken.reloads).toBe(1);
    expect(broken.lastError).toMatchObject({ count: 1, problems: [{ file: 'cli/beta.md', field: 'front matter', message: expect.stringContaining('quote values that contain a colon') }] });
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'error', file: 'cli/beta.md', field: 'front matter' }));
    expect(live.engine.answer('frobnicate the widget').summary).toBe('A fresh summary of alpha.');

    writeFileSync(join(dir, 'cli/beta.md'), note('beta', { aliasEn: 'beta fixed' }));
    await untilScheduled(timers);
    timers.fire();
    await live.settled();
    expect(live.status()).toMatchObject({ reloads: 2, lastError: null });
    expect(live.engine.answer('beta fixed').topic?.id).toBe('beta');

    asking = false;
    await asker;
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((a) => a.kind !== 'topic' || a.id !== 'alpha')).toEqual([]);
    const summaries = [...new Set(answers.map((a) => a.summary))];
    expect(summaries).toEqual(['A summary of alpha.', 'A fresh summary of alpha.']);
  }, 30_000);

  it('debounces a burst of events into one reload, and picks up a new group folder', async () => {
    const { dir, live, timers } = setup();
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, 'cli/beta.md'), note('beta', { aliasEn: `beta take ${i}` }));
    await untilScheduled(timers);
    // Let the rest of the burst arrive: each event replaces the pending timer.
    await new Promise((r) => setTimeout(r, 200));
    expect(timers.pending()).toBe(1);
    timers.fire();
    await live.settled();
    expect(live.status().reloads).toBe(1);
    expect(live.engine.answer('beta take 4').topic?.id).toBe('beta');

    mkdirSync(join(dir, 'ops'));
    await untilScheduled(timers);
    timers.fire();
    await live.settled();
    writeFileSync(join(dir, 'ops/gamma.md'), note('gamma', { aliasEn: 'gamma rays' }));
    await untilScheduled(timers);
    timers.fire();
    await live.settled();
    expect(live.kb().byId.has('gamma')).toBe(true);
    expect(live.engine.answer('gamma rays').topic?.id).toBe('gamma');
    rmSync(join(dir, 'ops'), { recursive: true });
    await untilScheduled(timers);
    timers.fire();
    await live.settled();
    expect(live.kb().byId.has('gamma')).toBe(false);
  }, 30_000);
});

describe('shutting down during a reload', () => {
  it('ends the build at once and swaps nothing in', async () => {
    const { dir, live } = setup();
    writeFileSync(join(dir, 'cli/beta.md'), note('beta', { aliasEn: 'too late' }));
    const version = live.status().version;
    const started = Date.now();
    const reloading = live.reload();
    live.close();
    expect(await reloading).toBe(false);
    // A build of even two notes takes longer than this in a worker started from the sources.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(live.status()).toMatchObject({ version, reloads: 0, lastError: null });
  });
});

describe('watching folders', () => {
  it('reports note changes and stops reporting once closed', async () => {
    const dir = writeKnowledge({ 'cli/alpha.md': note('alpha') });
    const seen: string[] = [];
    const watcher = watchFolders([dir], (path) => seen.push(path));
    expect(watcher.modes()).toEqual([{ dir, mode: 'events' }]);
    writeFileSync(join(dir, 'cli/alpha.md'), note('alpha', { aliasEn: 'changed' }));
    await expect.poll(() => seen, { timeout: 5000 }).toContain(join(dir, 'cli/alpha.md'));
    writeFileSync(join(dir, 'cli/notes.swp'), 'editor scratch');
    watcher.close();
    const count = seen.length;
    writeFileSync(join(dir, 'cli/alpha.md'), note('alpha'));
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.length).toBe(count);
    expect(seen.filter((p) => p.endsWith('.swp'))).toEqual([]);
  });
});
