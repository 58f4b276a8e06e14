import { afterEach, describe, expect, it } from 'vitest';
import { createTipScheduler } from '../../src/tips/scheduler.ts';
import { parseTipsCommand } from '../../src/tips/command.ts';
import { createTipsService } from '../../src/tips/service.ts';
import { openSqliteStore, type TipStore } from '../../src/tips/store.ts';
import { realKnowledge } from '../support/kb.ts';
import { TOPICS, manualClock, recordingAdapter, tempDb } from './fixtures.ts';
import { expectTipsError as invalid } from './tips-error.ts';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

function setup(start = '2026-05-04T00:00:00Z', options: { defaultTimezone?: string; defaultLang?: 'en' | 'zh' } = {}) {
  const db = tempDb();
  const store = openSqliteStore(db.path);
  cleanups.push(db.cleanup, () => store.close());
  const clock = manualClock(start);
  const service = createTipsService({ store, topics: TOPICS, now: clock.now, defaultTimezone: 'Asia/Shanghai', seed: () => 12345, ...options });
  return { store, clock, service, path: db.path };
}

describe('subscribe / unsubscribe / status', () => {
  it('subscribes with the defaults and shows the next post time', () => {
    const { service } = setup('2026-05-04T00:00:00Z'); // 08:00 in Shanghai
    const schedule = service.subscribe('slack', 'C1', {});
    expect(schedule).toEqual({
      platform: 'slack',
      channelId: 'C1',
      time: '09:00',
      timezone: 'Asia/Shanghai',
      lang: 'en',
      paused: false,
      nextAt: '2026-05-04T01:00:00.000Z',
    });
    expect(service.status('slack', 'C1')).toEqual(schedule);
    expect(service.status('slack', 'C2')).toBeNull();
    expect(service.status('discord', 'C1')).toBeNull();
  });

  it('validates and normalises what the user typed', () => {
    const { service } = setup();
    expect(service.subscribe('discord', 'D1', { time: '6:30pm', timezone: 'america/new_york', lang: 'zh' })).toMatchObject({
      time: '18:30',
      timezone: 'America/New_York',
      lang: 'zh',
      nextAt: '2026-05-04T22:30:00.000Z',
    });
    expect(invalid(() => service.subscribe('slack', 'C1', { time: '25:00' })).message).toContain('HH:MM');
    expect(invalid(() => service.subscribe('slack', 'C1', { timezone: 'Moon/Base' })).messages.zh).toContain('时区');
    expect(invalid(() => service.subscribe('slack', 'C1', { lang: 'fr' as 'en' })).message).toContain('zh or en');
    expect(service.status('slack', 'C1')).toBeNull();
  });

  it('refuses empty, huge and binary channel ids', () => {
    const { service } = setup();
    for (const id of ['', 'x'.repeat(1000), 'C\u00001', 'C 1']) invalid(() => service.subscribe('slack', id, {}));
    invalid(() => service.subscribe('irc' as 'slack', 'C1', {}));
  });

  it('updates only the fields given and keeps the rest', () => {
    const { service } = setup();
    service.subscribe('slack', 'C1', { time: '08:00', timezone: 'Europe/Berlin', lang: 'zh' });
    expect(service.subscribe('slack', 'C1', { time: '07:15' })).toMatchObject({ time: '07:15', timezone: 'Europe/Berlin', lang: 'zh' });
    expect(service.subscribe('slack', 'C1', { lang: 'en' })).toMatchObject({ time: '07:15', timezone: 'Europe/Berlin', lang: 'en' });
  });

  it('treats blank options as not given', () => {
    const { service } = setup();
    service.subscribe('slack', 'C1', { time: '07:00', lang: 'zh' });
    expect(service.subscribe('slack', 'C1', { time: '', timezone: '  ' })).toMatchObject({ time: '07:00', timezone: 'Asia/Shanghai', lang: 'zh' });
  });

  it('uses the configured default language and zone', () => {
    const { service } = setup('2026-05-04T00:00:00Z', { defaultTimezone: 'Europe/Berlin', defaultLang: 'zh' });
    expect(service.subscribe('slack', 'C1', {})).toMatchObject({ timezone: 'Europe/Berlin', lang: 'zh', time: '09:00' });
  });

  it('unsubscribes, reporting whether there was a subscription', () => {
    const { service } = setup();
    service.subscribe('slack', 'C1', {});
    expect(service.unsubscribe('slack', 'C1')).toBe(true);
    expect(service.unsubscribe('slack', 'C1')).toBe(false);
    expect(service.status('slack', 'C1')).toBeNull();
  });

  it('shows tomorrow when subscribing after today\'s time, and after today\'s post', async () => {
    const { service, store, clock } = setup('2026-05-04T02:00:00Z'); // 10:00 Shanghai
    expect(service.subscribe('slack', 'C1', { time: '09:00' }).nextAt).toBe('2026-05-05T01:00:00.000Z');
    expect(service.subscribe('slack', 'C2', { time: '11:00' }).nextAt).toBe('2026-05-04T03:00:00.000Z');
    const slack = recordingAdapter('slack');
    clock.set('2026-05-04T03:00:00Z');
    await createTipScheduler({ store, topics: TOPICS, adapters: [slack], now: clock.now }).tick();
    expect(slack.posts.map((p) => p.channelId)).toEqual(['C2']);
    expect(service.status('slack', 'C2')?.nextAt).toBe('2026-05-05T03:00:00.000Z');
  });

  it('shows a paused channel with no next time, and tips on resumes it', () => {
    const { service, store } = setup();
    service.subscribe('slack', 'C1', {});
    store.pause({ platform: 'slack', channelId: 'C1' }, 'gone', 1);
    expect(service.status('slack', 'C1')).toMatchObject({ paused: true, nextAt: null });
    expect(service.subscribe('slack', 'C1', {})).toMatchObject({ paused: false });
  });
});

describe('today', () => {
  it('gives unsubscribed chats the same date-based tip all day, and another one tomorrow', () => {
    const { service, clock } = setup('2026-05-03T16:00:00Z'); // 00:00 on 05-04 in Shanghai (the default zone)
    const morning = service.today('console', null, 'en');
    clock.set('2026-05-04T15:59:00Z'); // 23:59 Shanghai
    expect(service.today('slack', 'unknown-channel', 'en').topicId).toBe(morning.topicId);
    expect(service.today('console', null, 'zh')).toMatchObject({ topicId: morning.topicId, lang: 'zh' });
    clock.set('2026-05-04T16:00:00Z');
    expect(service.today('console', null, 'en').topicId).not.toBe(morning.topicId);
  });

  it('gives a subscribed channel the tip its scheduler posts, before and after the post', async () => {
    const { service, store, clock } = setup('2026-05-04T00:00:00Z');
    service.subscribe('slack', 'C1', { time: '09:00' });
    const before = service.today('slack', 'C1', 'zh');
    expect(before.lang).toBe('zh');
    expect(before.text).toContain(before.topicId);
    const slack = recordingAdapter('slack');
    clock.set('2026-05-04T01:00:00Z');
    await createTipScheduler({ store, topics: TOPICS, adapters: [slack], now: clock.now }).tick();
    expect(slack.posts[0]?.tip.topicId).toBe(before.topicId);
    expect(service.today('slack', 'C1', 'en').topicId).toBe(before.topicId);
    clock.set('2026-05-05T00:00:00Z');
    expect(service.today('slack', 'C1', 'en').topicId).not.toBe(before.topicId);
  });

  it('says so when the knowledge base has no tips', () => {
    const db = tempDb();
    const store = openSqliteStore(db.path);
    cleanups.push(db.cleanup, () => store.close());
    const service = createTipsService({ store, topics: [] });
    expect(invalid(() => service.today('console', null, 'en')).message).toContain('no tips');
  });

  it('works over the real knowledge base', () => {
    const db = tempDb();
    const store = openSqliteStore(db.path);
    cleanups.push(db.cleanup, () => store.close());
    const kb = realKnowledge();
    const service = createTipsService({ store, topics: kb.topics, now: () => new Date('2026-05-04T08:00:00Z') });
    const post = service.today('console', null, 'zh');
    expect(kb.byId.get(post.topicId)?.tip?.zh).toBe(post.text);
    expect(post.title).toBe(kb.byId.get(post.topicId)?.title.zh);
  });
});

describe('chat commands through the service', () => {
  it('runs a parsed command end to end', () => {
    const { service } = setup();
    const command = parseTipsCommand('tips on 08:30 Asia/Shanghai zh');
    if (command?.kind !== 'on') throw new Error('expected on');
    const { kind: _kind, ...options } = command;
    expect(service.subscribe('slack', 'C1', options)).toMatchObject({ time: '08:30', timezone: 'Asia/Shanghai', lang: 'zh' });
  });
});

describe('persistence', () => {
  it('keeps subscriptions and the rotation across a restart', () => {
    const { service, store, path } = setup();
    service.subscribe('slack', 'C1', { time: '07:00' });
    const tip = service.today('slack', 'C1', 'en');
    store.close();
    const reopened: TipStore = openSqliteStore(path);
    cleanups.push(() => reopened.close());
    const again = createTipsService({ store: reopened, topics: TOPICS, now: () => new Date('2026-05-04T00:00:00Z'), defaultTimezone: 'Asia/Shanghai', seed: () => 999 });
    expect(again.status('slack', 'C1')).toMatchObject({ time: '07:00' });
    expect(again.today('slack', 'C1', 'en').topicId).toBe(tip.topicId);
  });
});
