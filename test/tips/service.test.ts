import { afterEach, describe, expect, it } from 'vitest';
import { createTipScheduler } from '../../src/tips/scheduler.ts';
import { parseTipsCommand } from '../../src/tips/command.ts';
import { createTipsService } from '../../src/tips/service.ts';
import { openSqliteStore, type TipStore } from '../../src/tips/store.ts';
import { realKnowledge } from '../support/kb.ts';
import { TOPICS, manualClock, recordingAdapter, tempDb } from './fixtures.ts';
import { expectTipsRejection as invalid } from './tips-error.ts';

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
  it('subscribes with the defaults and shows the next post time', async () => {
    const { service } = setup('2026-05-04T00:00:00Z'); // 08:00 in Shanghai
    const schedule = await service.subscribe('slack', 'C1', {});
    expect(schedule).toEqual({
      platform: 'slack',
      channelId: 'C1',
      time: '09:00',
      timezone: 'Asia/Shanghai',
      lang: 'en',
      paused: false,
      nextAt: '2026-05-04T01:00:00.000Z',
    });
    expect(await service.status('slack', 'C1')).toEqual(schedule);
    expect(await service.status('slack', 'C2')).toBeNull();
    expect(await service.status('discord', 'C1')).toBeNull();
  });

  it('validates and normalises what the user typed', async () => {
    const { service } = setup();
    expect(await service.subscribe('discord', 'D1', { time: '6:30pm', timezone: 'america/new_york', lang: 'zh' })).toMatchObject({
      time: '18:30',
      timezone: 'America/New_York',
      lang: 'zh',
      nextAt: '2026-05-04T22:30:00.000Z',
    });
    expect((await invalid(() => service.subscribe('slack', 'C1', { time: '25:00' }))).message).toContain('HH:MM');
    expect((await invalid(() => service.subscribe('slack', 'C1', { timezone: 'Moon/Base' }))).messages.zh).toContain('时区');
    expect((await invalid(() => service.subscribe('slack', 'C1', { lang: 'fr' as 'en' }))).message).toContain('zh or en');
    expect(await service.status('slack', 'C1')).toBeNull();
  });

  it('refuses empty, huge and binary channel ids', async () => {
    const { service } = setup();
    for (const id of ['', 'x'.repeat(1000), 'C\u00001', 'C 1']) await invalid(() => service.subscribe('slack', id, {}));
    await invalid(() => service.subscribe('irc' as 'slack', 'C1', {}));
  });

  it('updates only the fields given and keeps the rest', async () => {
    const { service } = setup();
    await service.subscribe('slack', 'C1', { time: '08:00', timezone: 'Europe/Berlin', lang: 'zh' });
    expect(await service.subscribe('slack', 'C1', { time: '07:15' })).toMatchObject({ time: '07:15', timezone: 'Europe/Berlin', lang: 'zh' });
    expect(await service.subscribe('slack', 'C1', { lang: 'en' })).toMatchObject({ time: '07:15', timezone: 'Europe/Berlin', lang: 'en' });
  });

  it('treats blank options as not given', async () => {
    const { service } = setup();
    await service.subscribe('slack', 'C1', { time: '07:00', lang: 'zh' });
    expect(await service.subscribe('slack', 'C1', { time: '', timezone: '  ' })).toMatchObject({ time: '07:00', timezone: 'Asia/Shanghai', lang: 'zh' });
  });

  it('uses the configured default language and zone', async () => {
    const { service } = setup('2026-05-04T00:00:00Z', { defaultTimezone: 'Europe/Berlin', defaultLang: 'zh' });
    expect(await service.subscribe('slack', 'C1', {})).toMatchObject({ timezone: 'Europe/Berlin', lang: 'zh', time: '09:00' });
  });

  it('unsubscribes, reporting whether there was a subscription', async () => {
    const { service } = setup();
    await service.subscribe('slack', 'C1', {});
    expect(await service.unsubscribe('slack', 'C1')).toBe(true);
    expect(await service.unsubscribe('slack', 'C1')).toBe(false);
    expect(await service.status('slack', 'C1')).toBeNull();
  });

  it('shows tomorrow when subscribing after today\'s time, and after today\'s post', async () => {
    const { service, store, clock } = setup('2026-05-04T02:00:00Z'); // 10:00 Shanghai
    expect((await service.subscribe('slack', 'C1', { time: '09:00' })).nextAt).toBe('2026-05-05T01:00:00.000Z');
    expect((await service.subscribe('slack', 'C2', { time: '11:00' })).nextAt).toBe('2026-05-04T03:00:00.000Z');
    const slack = recordingAdapter('slack');
    clock.set('2026-05-04T03:00:00Z');
    await createTipScheduler({ store, topics: TOPICS, adapters: [slack], now: clock.now }).tick();
    expect(slack.posts.map((p) => p.channelId)).toEqual(['C2']);
    expect((await service.status('slack', 'C2'))?.nextAt).toBe('2026-05-05T03:00:00.000Z');
  });

  it('shows a paused channel with no next time, and tips on resumes it', async () => {
    const { service, store } = setup();
    await service.subscribe('slack', 'C1', {});
    await store.pause({ platform: 'slack', channelId: 'C1' }, 'gone', 1);
    expect(await service.status('slack', 'C1')).toMatchObject({ paused: true, nextAt: null });
    expect(await service.subscribe('slack', 'C1', {})).toMatchObject({ paused: false });
  });
});

describe('today', () => {
  it('gives unsubscribed chats the same date-based tip all day, and another one tomorrow', async () => {
    const { service, clock } = setup('2026-05-03T16:00:00Z'); // 00:00 on 05-04 in Shanghai (the default zone)
    const morning = await service.today('console', null, 'en');
    clock.set('2026-05-04T15:59:00Z'); // 23:59 Shanghai
    expect((await service.today('slack', 'unknown-channel', 'en')).topicId).toBe(morning.topicId);
    expect(await service.today('console', null, 'zh')).toMatchObject({ topicId: morning.topicId, lang: 'zh' });
    clock.set('2026-05-04T16:00:00Z');
    expect((await service.today('console', null, 'en')).topicId).not.toBe(morning.topicId);
  });

  it('gives a subscribed channel the tip its scheduler posts, before and after the post', async () => {
    const { service, store, clock } = setup('2026-05-04T00:00:00Z');
    await service.subscribe('slack', 'C1', { time: '09:00' });
    const before = await service.today('slack', 'C1', 'zh');
    expect(before.lang).toBe('zh');
    expect(before.text).toContain(before.topicId);
    const slack = recordingAdapter('slack');
    clock.set('2026-05-04T01:00:00Z');
    await createTipScheduler({ store, topics: TOPICS, adapters: [slack], now: clock.now }).tick();
    expect(slack.posts[0]?.tip.topicId).toBe(before.topicId);
    expect((await service.today('slack', 'C1', 'en')).topicId).toBe(before.topicId);
    clock.set('2026-05-05T00:00:00Z');
    expect((await service.today('slack', 'C1', 'en')).topicId).not.toBe(before.topicId);
  });

  it('says so when the knowledge base has no tips', async () => {
    const db = tempDb();
    const store = openSqliteStore(db.path);
    cleanups.push(db.cleanup, () => store.close());
    const service = createTipsService({ store, topics: [] });
    expect((await invalid(() => service.today('console', null, 'en'))).message).toContain('no tips');
  });

  it('works over the real knowledge base', async () => {
    const db = tempDb();
    const store = openSqliteStore(db.path);
    cleanups.push(db.cleanup, () => store.close());
    const kb = realKnowledge();
    const service = createTipsService({ store, topics: kb.topics, now: () => new Date('2026-05-04T08:00:00Z') });
    const post = await service.today('console', null, 'zh');
    expect(kb.byId.get(post.topicId)?.tip?.zh).toBe(post.text);
    expect(post.title).toBe(kb.byId.get(post.topicId)?.title.zh);
  });
});

describe('chat commands through the service', () => {
  it('runs a parsed command end to end', async () => {
    const { service } = setup();
    const command = parseTipsCommand('tips on 08:30 Asia/Shanghai zh');
    if (command?.kind !== 'on') throw new Error('expected on');
    const { kind: _kind, ...options } = command;
    expect(await service.subscribe('slack', 'C1', options)).toMatchObject({ time: '08:30', timezone: 'Asia/Shanghai', lang: 'zh' });
  });
});

describe('persistence', () => {
  it('keeps subscriptions and the rotation across a restart', async () => {
    const { service, store, path } = setup();
    await service.subscribe('slack', 'C1', { time: '07:00' });
    const tip = await service.today('slack', 'C1', 'en');
    await store.close();
    const reopened: TipStore = openSqliteStore(path);
    cleanups.push(() => reopened.close());
    const again = createTipsService({ store: reopened, topics: TOPICS, now: () => new Date('2026-05-04T00:00:00Z'), defaultTimezone: 'Asia/Shanghai', seed: () => 999 });
    expect(await again.status('slack', 'C1')).toMatchObject({ time: '07:00' });
    expect((await again.today('slack', 'C1', 'en')).topicId).toBe(tip.topicId);
  });
});
