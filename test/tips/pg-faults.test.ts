/**
 * The tip scheduler on Postgres while the server is unreachable: a TCP proxy in front of the test
 * cluster refuses connections (as during a server restart), then lets them through again. Only
 * the clock and the timer are fake.
 */
import { afterEach, expect, it } from 'vitest';
import { openPostgres } from '../../src/store/pg.ts';
import { createPgTipStore } from '../../src/tips/pg-store.ts';
import { createTipsService } from '../../src/tips/service.ts';
import { startOutageProxy } from '../support/outage-proxy.ts';
import { describePostgres } from '../support/postgres.ts';
import { steppedScheduler } from './faults.ts';
import { TOPICS } from './fixtures.ts';

const NINE = '2026-05-04T09:00:00Z';

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describePostgres('the tip scheduler on Postgres', (db) => {
  it('backs off while the server is unreachable, logs once, reports STORE_UNREACHABLE, then posts every due channel once', async () => {
    const proxy = await startOutageProxy(db().url);
    cleanups.push(() => proxy.close());
    const store = createPgTipStore(await openPostgres(proxy.url, { connectTimeoutMs: 2_000 }));
    cleanups.push(() => store.close());
    const service = createTipsService({ store, topics: TOPICS, now: () => new Date('2026-05-04T08:00:00Z'), defaultTimezone: 'UTC' });
    for (const c of ['C1', 'C2', 'C3']) await service.subscribe('slack', c, { time: '09:00' });
    await proxy.down();

    const { scheduler, slack, lines, messages, fire } = await steppedScheduler(store, NINE);
    cleanups.push(() => scheduler.stop());
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) delays.push(await fire());
    expect(delays).toEqual([1000, 1000, 2000, 4000, 8000]);
    expect(messages('tips: store failing; backing off')).toEqual([expect.objectContaining({ code: 'STORE_UNREACHABLE', path: proxy.url })]);
    expect(lines.filter((l) => Number(l.level) >= 50)).toHaveLength(1);
    expect(store.health()).toMatchObject({ ok: false, error: { code: 'STORE_UNREACHABLE' } });
    expect(scheduler.storeState()).toMatchObject({ ok: false, code: 'STORE_UNREACHABLE', failures: 5 });
    expect(slack.calls).toBe(0);

    await proxy.up();
    await fire();
    expect(slack.posts.map((p) => p.channelId).sort()).toEqual(['C1', 'C2', 'C3']); // four posts at a time: any order
    expect(messages('tips: store recovered')).toHaveLength(1);
    expect(store.health()).toEqual({ ok: true });
    // Later ticks the same day find every day posted.
    await fire();
    expect(slack.calls).toBe(3);
  });
});
