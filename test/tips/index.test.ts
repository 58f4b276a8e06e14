import { afterEach, describe, expect, it } from 'vitest';
import { openTips } from '../../src/tips/index.ts';
import { TOPICS, manualClock, manualTimer, recordingAdapter, tempDb, waitFor } from './fixtures.ts';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

describe('openTips', () => {
  it('opens the store, serves commands, posts through the scheduler and closes cleanly', async () => {
    const db = tempDb();
    cleanups.push(db.cleanup);
    const clock = manualClock('2026-05-04T00:00:00Z');
    const timer = manualTimer();
    const tips = openTips({ dbPath: db.path, topics: TOPICS, defaultTimezone: 'Asia/Shanghai', defaultLang: 'zh', now: clock.now, timer });
    expect(await tips.service.subscribe('slack', 'C1', {})).toMatchObject({ time: '09:00', timezone: 'Asia/Shanghai', lang: 'zh', nextAt: '2026-05-04T01:00:00.000Z' });
    const slack = recordingAdapter('slack');
    const scheduler = tips.startScheduler([slack]);
    expect(() => tips.startScheduler([slack])).toThrow(/already running/);
    await waitFor(() => timer.pending.length > 0);
    expect(timer.pending).toHaveLength(1);
    clock.set('2026-05-04T01:00:00Z');
    timer.fire();
    await scheduler.tick(); // queued behind the timer's tick; the day is claimed once
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]!.tip.topicId).toBe((await tips.service.today('slack', 'C1', 'zh')).topicId);
    await tips.close();
    expect(timer.pending).toEqual([]);
  });
});
