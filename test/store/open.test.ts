/**
 * openStores: the SQLite file without DATABASE_URL; with it, both stores on one Postgres pool,
 * which outlives whichever store closes first and ends with the last; `ping()` for /healthz
 * during an outage (a proxy that refuses connections) and after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStores } from '../../src/store/open.ts';
import { describePostgres } from '../support/postgres.ts';
import { startOutageProxy } from '../support/outage-proxy.ts';

const question = (answerId: string) => ({ answerId, at: Date.now(), platform: 'slack' as const, lang: 'en' as const, outcome: 'answered' as const, topicId: 'run-rm', confidence: 0.9, latencyMs: 1, text: 'q', asker: null });

describe('openStores without DATABASE_URL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dockhand-open-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps tips and the question log in the SQLite file, as before', async () => {
    const path = join(dir, 'd.sqlite');
    const stores = await openStores({ dbPath: path, database: null });
    expect(stores).toMatchObject({ kind: 'sqlite', target: path, postgres: null });
    const tips = stores.openTips();
    const learn = await stores.openLearn();
    expect(tips.path).toBe(path);
    expect(learn.path).toBe(path);
    await learn.logQuestion(question('a'));
    expect(await stores.ping()).toEqual({ ok: true });
    await stores.close();
    await stores.close();
  });
});

describePostgres('openStores with DATABASE_URL', (db) => {
  it('opens both stores on one pool that ends only when the last of them and the app let go', async () => {
    const stores = await openStores({ dbPath: '/nonexistent/never-used.sqlite', database: { url: db().url, poolMax: 3 } });
    expect(stores.kind).toBe('postgres');
    expect(stores.target).toBe(db().url);
    const tips = stores.openTips();
    const learn = await stores.openLearn();
    await tips.saveSubscription({ platform: 'slack', channelId: 'C1', time: '09:00', timezone: 'UTC', lang: 'en' }, 1);
    await learn.logQuestion(question('b'));
    expect(stores.postgres!.pool.totalCount).toBeLessThanOrEqual(3);
    // The tip store closing first (shutdown closes both at once) leaves the pool to the learn store.
    await tips.close();
    expect(await learn.question('b')).toMatchObject({ answerId: 'b' });
    expect(stores.postgres!.pool.ended).toBe(false);
    await stores.close();
    expect(stores.postgres!.pool.ended).toBe(true);
    await expect(learn.logQuestion(question('c'))).rejects.toThrow();
  });

  it('pings the server for /healthz: down while it refuses connections, up again without reopening', async () => {
    const proxy = await startOutageProxy(db().url);
    const stores = await openStores({ dbPath: '', database: { url: proxy.url, poolMax: 2 } }, { connectTimeoutMs: 1000, pingTimeoutMs: 1500 });
    try {
      const learn = await stores.openLearn();
      expect((await stores.ping()).ok).toBe(true);
      await proxy.down();
      const down = await stores.ping();
      expect(down.ok).toBe(false);
      expect(!down.ok && down.error.code).toBe('STORE_UNREACHABLE');
      // Never the password or a stack: the StoreError names the database.
      expect(!down.ok && down.error.message).toContain('127.0.0.1');
      await expect(learn.logQuestion(question('during'))).rejects.toMatchObject({ code: 'STORE_UNREACHABLE' });
      await proxy.up();
      expect((await stores.ping()).ok).toBe(true);
      await learn.logQuestion(question('after'));
      expect(await learn.question('after')).not.toBeNull();
    } finally {
      await stores.close();
      await proxy.close();
    }
  });
});
