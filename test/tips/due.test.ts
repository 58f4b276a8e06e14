import { describe, expect, it } from 'vitest';
import { evaluate, localDateOf, nextAttention } from '../../src/tips/due.ts';
import type { LedgerEntry, Subscription } from '../../src/tips/store.ts';

const at = (iso: string) => Date.parse(iso);

const sub: Subscription = {
  platform: 'slack',
  channelId: 'C1',
  time: '09:00',
  timezone: 'Asia/Shanghai',
  lang: 'zh',
  createdAt: at('2026-05-01T00:00:00Z'),
  updatedAt: at('2026-05-01T00:00:00Z'),
  pausedAt: null,
  pauseReason: null,
  goneStreak: 0,
  failStreak: 0,
};

const entry = (over: Partial<LedgerEntry>): LedgerEntry => ({
  platform: 'slack',
  channelId: 'C1',
  localDate: '2026-05-04',
  topicId: 'alpha',
  lang: 'zh',
  status: 'posted',
  attempts: 1,
  claimedAt: at('2026-05-04T01:00:00Z'),
  claimedBy: 'a',
  retryAt: null,
  postedAt: at('2026-05-04T01:00:00Z'),
  messageId: 'm',
  error: null,
  ...over,
});

describe('evaluate', () => {
  it('uses the local date of the subscription zone', () => {
    expect(localDateOf(sub, at('2026-05-03T16:00:00Z'))).toBe('2026-05-04');
    expect(localDateOf({ ...sub, timezone: 'America/New_York' }, at('2026-05-03T16:00:00Z'))).toBe('2026-05-03');
  });

  it('waits before the slot and is due from the slot on, until a ledger row exists', () => {
    expect(evaluate(sub, null, at('2026-05-04T00:59:59Z'), 4)).toEqual({ state: 'waiting', date: '2026-05-04', at: at('2026-05-04T01:00:00Z'), startsLater: false });
    expect(evaluate(sub, null, at('2026-05-04T01:00:00Z'), 4)).toMatchObject({ state: 'due', slot: at('2026-05-04T01:00:00Z'), entry: null });
    expect(evaluate(sub, null, at('2026-05-04T15:59:00Z'), 4)).toMatchObject({ state: 'due' }); // 23:59 local: catch-up
  });

  it('does not back-fill a slot that passed before the subscription existed', () => {
    const late = { ...sub, createdAt: at('2026-05-04T02:00:00Z') };
    expect(evaluate(late, null, at('2026-05-04T03:00:00Z'), 4)).toEqual({ state: 'waiting', date: '2026-05-04', at: at('2026-05-05T01:00:00Z'), startsLater: true });
  });

  it('is done for the day once posted, failed or claimed', () => {
    for (const status of ['posted', 'failed', 'claimed'] as const) {
      expect(evaluate(sub, entry({ status }), at('2026-05-04T05:00:00Z'), 4)).toMatchObject({ state: 'done', at: at('2026-05-05T01:00:00Z') });
    }
  });

  it('retries a released day at its retry time, within the attempt limit', () => {
    const released = entry({ status: 'released', retryAt: at('2026-05-04T01:10:00Z'), attempts: 1 });
    expect(evaluate(sub, released, at('2026-05-04T01:05:00Z'), 4)).toMatchObject({ state: 'retrying', at: at('2026-05-04T01:10:00Z') });
    expect(evaluate(sub, released, at('2026-05-04T01:10:00Z'), 4)).toMatchObject({ state: 'due', entry: released });
    expect(evaluate(sub, { ...released, attempts: 4 }, at('2026-05-04T01:10:00Z'), 4)).toMatchObject({ state: 'done' });
  });

  it('reports a paused subscription whatever the ledger says', () => {
    expect(evaluate({ ...sub, pausedAt: 1, pauseReason: 'gone' }, null, at('2026-05-04T05:00:00Z'), 4)).toEqual({ state: 'paused', date: '2026-05-04', reason: 'gone' });
  });
});

describe('nextAttention', () => {
  it('is now when due, the state time otherwise, and null when paused', () => {
    const now = at('2026-05-04T05:00:00Z');
    expect(nextAttention(evaluate(sub, null, now, 4), now)).toBe(now);
    expect(nextAttention(evaluate(sub, entry({}), now, 4), now)).toBe(at('2026-05-05T01:00:00Z'));
    expect(nextAttention({ state: 'paused', date: '2026-05-04', reason: 'x' }, now)).toBeNull();
  });
});
