import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ExpiringMap, HandledOnce } from '../../../adapters/slack/memory.ts';
import { openSqliteOnceStore } from '../../../src/store/sqlite-once.ts';

const dir = mkdtempSync(join(tmpdir(), 'dockhand-slack-once-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const silent = pino({ level: 'silent' });

describe('HandledOnce', () => {
  it('without a store: accepts a key once within the window and again after it', async () => {
    let now = 0;
    const once = new HandledOnce(null, () => now, silent, { ttlMs: 1_000 });
    expect(await once.first('Ev1')).toBe(true);
    expect(await once.first('Ev1')).toBe(false);
    now = 999;
    expect(await once.first('Ev1')).toBe(false);
    now = 1_000 + 999;
    expect(await once.first('Ev1')).toBe(true);
    await once.forget('Ev1');
    expect(await once.first('Ev1')).toBe(true);
  });

  it('two replicas on one store: a key the first took is refused by the second until forgotten', async () => {
    const path = join(dir, 'two.db');
    const [storeA, storeB] = [openSqliteOnceStore(path), openSqliteOnceStore(path)];
    const a = new HandledOnce(storeA, () => 5, silent);
    const b = new HandledOnce(storeB, () => 5, silent);
    expect(await a.first('slack:event:Ev1')).toBe(true);
    expect(await b.first('slack:event:Ev1')).toBe(false);
    expect(await b.first('slack:event:Ev2')).toBe(true);
    await a.forget('slack:event:Ev1');
    expect(await b.first('slack:event:Ev1')).toBe(true);
    await Promise.all([storeA.close(), storeB.close()]);
  });

  it('while the store fails, decides from this process and warns once', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l) as { level: number; msg: string }) });
    const store = openSqliteOnceStore(join(dir, 'closed.db'));
    await store.close();
    const once = new HandledOnce(store, () => 5, log);
    expect(await once.first('Ev1')).toBe(true);
    expect(await once.first('Ev1')).toBe(false);
    expect(await once.first('Ev2')).toBe(true);
    await once.forget('Ev2');
    const warned = lines.filter((l) => l.level === 40 && /cannot tell whether another replica/.test(l.msg));
    expect(warned).toHaveLength(1);
  });

  it('prunes the store\'s expired keys once per window', async () => {
    let now = 0;
    const store = openSqliteOnceStore(join(dir, 'prune.db'));
    const once = new HandledOnce(store, () => now, silent, { ttlMs: 1_000 });
    await once.first('old');
    now = 2_000;
    await once.first('new');
    // The background prune of that call has run by the next turn; only "new" is left to delete later.
    await new Promise((r) => setImmediate(r));
    expect(await store.prune(10_000)).toBe(1);
    await store.close();
  });
});

describe('ExpiringMap', () => {
  it('forgets expired entries and evicts the oldest when full', () => {
    let now = 0;
    const map = new ExpiringMap<number>(2, 10, () => now);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect(map.get('a')).toBeUndefined();
    expect(map.get('c')).toBe(3);
    now = 10;
    expect(map.get('c')).toBeUndefined();
  });
});
