import { afterEach, describe, expect, it } from 'vitest';
import { runTipsCommand, type TipsCommandDeps } from '../../src/tips/cli.ts';
import { createTipsService } from '../../src/tips/service.ts';
import { openSqliteStore } from '../../src/tips/store.ts';
import { realKnowledge } from '../support/kb.ts';
import { TOPICS, recordingAdapter, tempDb } from './fixtures.ts';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

/** A store with five subscriptions in different states at 2026-05-04 09:30 UTC. */
async function setup(topics = TOPICS) {
  const db = tempDb();
  const store = openSqliteStore(db.path);
  cleanups.push(db.cleanup, () => store.close());
  let now = new Date('2026-05-04T00:00:00Z');
  const service = createTipsService({ store, topics, now: () => now, seed: () => 1 });
  await service.subscribe('slack', 'C-due', { time: '09:00', timezone: 'UTC' });
  await service.subscribe('slack', 'C-later', { time: '07:00', timezone: 'Asia/Shanghai', lang: 'zh' }); // 23:00Z yesterday: starts tomorrow
  await service.subscribe('slack', 'C-evening', { time: '18:00', timezone: 'UTC' });
  await service.subscribe('slack', 'C-paused', { time: '09:00', timezone: 'UTC' });
  await service.subscribe('discord', 'D-due', { time: '09:15', timezone: 'UTC' });
  await store.pause({ platform: 'slack', channelId: 'C-paused' }, 'channel_not_found', 1);
  await store.recordOutcome({ platform: 'slack', channelId: 'C-paused' }, 'gone');
  now = new Date('2026-05-04T09:30:00Z');
  const slack = recordingAdapter('slack');
  const lines: string[] = [];
  const deps: TipsCommandDeps = { kb: { topics }, store, adapters: [slack], now: () => now, out: { write: (text: string) => lines.push(...text.split('\n').filter(Boolean)) } };
  return { store, slack, lines, deps, setNow: (at: string) => (now = new Date(at)) };
}

const line = (lines: string[], channel: string) => lines.find((l) => l.includes(` ${channel} `)) ?? '';

describe('dockhand tips run', () => {
  it('--dry-run lists what would be posted and why, and posts nothing', async () => {
    const { deps, lines, slack, store } = await setup();
    expect(await runTipsCommand(['run', '--once', '--dry-run'], deps)).toBe(0);
    expect(line(lines, 'C-due')).toMatch(/09:00 UTC en\s+would post \w+: due since 09:00 UTC$/);
    expect(line(lines, 'C-evening')).toMatch(/not due until 18:00 UTC$/);
    expect(line(lines, 'C-later')).toMatch(/07:00 Asia\/Shanghai zh\s+subscribed after today's time; not due until 2026-05-05 07:00 Asia\/Shanghai$/);
    expect(line(lines, 'C-paused')).toMatch(/paused after 1 failures: channel_not_found$/);
    expect(line(lines, 'D-due')).toMatch(/due, but no discord adapter is running$/);
    expect(lines.at(-1)).toBe('5 subscription(s); 1 due now');
    expect(slack.calls).toBe(0);
    expect(await store.getEntry({ platform: 'slack', channelId: 'C-due', localDate: '2026-05-04' })).toBeNull();
  });

  it('names the topic the real post will use', async () => {
    const { deps, lines, slack } = await setup();
    await runTipsCommand(['run', '--once', '--dry-run'], deps);
    const planned = /would post (\S+):/.exec(line(lines, 'C-due'))?.[1];
    lines.length = 0;
    await runTipsCommand(['run', '--once'], deps);
    expect(slack.posts.map((p) => p.tip.topicId)).toEqual([planned]);
  });

  it('--once posts what is due, then reports it as already posted', async () => {
    const { deps, lines, slack } = await setup();
    expect(await runTipsCommand(['run', '--once'], deps)).toBe(0);
    expect(slack.posts.map((p) => p.channelId)).toEqual(['C-due']);
    expect(line(lines, 'C-due')).toMatch(/posted \w+ \(message slack-1\)$/);
    expect(lines.at(-1)).toBe('5 subscription(s); 1 handled');
    lines.length = 0;
    expect(await runTipsCommand(['run', '--once'], deps)).toBe(0);
    expect(slack.posts).toHaveLength(1);
    expect(line(lines, 'C-due')).toMatch(/already posted today at 09:30 UTC/);
  });

  it('exits 1 when a post fails', async () => {
    const { deps, lines, slack } = await setup();
    slack.failures.set('C-due', 'transient');
    expect(await runTipsCommand(['run', '--once'], deps)).toBe(1);
    expect(line(lines, 'C-due')).toMatch(/failed \(PostError: ratelimited\); will retry at 2026-05-04T09:40:00.000Z$/);
  });

  it('--json prints one object per subscription', async () => {
    const { deps, lines } = await setup();
    await runTipsCommand(['run', '--once', '--dry-run', '--json'], deps);
    const objects = lines.map((l) => JSON.parse(l) as { channelId: string; state: string; reason: string });
    expect(objects.map((o) => `${o.channelId} ${o.state}`)).toEqual(['D-due noAdapter', 'C-due due', 'C-evening waiting', 'C-later waiting', 'C-paused paused']);
  });

  it('refuses bad usage with exit code 2', async () => {
    const { deps, lines } = await setup();
    for (const args of [[], ['run'], ['list'], ['run', '--once', 'extra'], ['run', '--once', '--bogus']]) {
      expect(await runTipsCommand(args, deps)).toBe(2);
    }
    expect(lines.some((l) => l.startsWith('usage: dockhand tips run --once'))).toBe(true);
  });

  it('says so when there are no subscriptions', async () => {
    const db = tempDb();
    const store = openSqliteStore(db.path);
    cleanups.push(db.cleanup, () => store.close());
    const out: string[] = [];
    expect(await runTipsCommand(['run', '--once', '--dry-run'], { kb: { topics: TOPICS }, store, adapters: [], now: () => new Date(), out: { write: (t: string) => out.push(t) } })).toBe(0);
    expect(out).toEqual(['no tip subscriptions\n']);
  });

  it('posts tips from the real knowledge base', async () => {
    const kb = realKnowledge();
    const { deps, slack } = await setup(kb.topics);
    expect(await runTipsCommand(['run', '--once'], deps)).toBe(0);
    const tip = slack.posts[0]!.tip;
    expect(kb.byId.get(tip.topicId)?.tip?.en).toBe(tip.text);
  });
});
