import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { PostError, type TipPost } from '../../../src/adapter.ts';
import { createTipsService } from '../../../src/tips/service.ts';
import { openSqliteStore, type TipStore } from '../../../src/tips/store.ts';
import { ACTIONS } from '../../../adapters/slack/render.ts';
import { buttonsOf, click, knowledge, slash as sendSlash, startRig, textOf, type Rig } from './harness.ts';
import { blockKitProblems } from './limits.ts';

let rig: Rig | null = null;
let store: TipStore | null = null;
afterEach(async () => {
  await rig?.close();
  store?.close();
  rig = null;
  store = null;
});

/** The real TipsService over an in-memory SQLite store, with a fixed clock. */
function realTips() {
  store = openSqliteStore(':memory:');
  return createTipsService({ store, topics: knowledge().topics, now: () => new Date('2025-03-01T00:00:00Z'), seed: () => 7 });
}

/** The one ephemeral, well-formed reply to a slash command. */
async function slash(r: Rig, text: string, extra: Parameters<typeof sendSlash>[2] = {}) {
  const { replies } = await sendSlash(r, text, extra);
  expect(replies).toHaveLength(1);
  expect(replies[0]!.response_type).toBe('ephemeral');
  expect(blockKitProblems(replies[0]!)).toEqual([]);
  return replies[0]!;
}

const tip: TipPost = { topicId: 'cmd-vs-entrypoint', lang: 'en', title: 'CMD vs ENTRYPOINT', text: 'Use **exec form** & `CMD`.', example: { lang: 'dockerfile', code: 'CMD ["x"]' } };

describe('tip commands', () => {
  it('says tips are not enabled when the adapter has no TipsService', async () => {
    rig = await startRig();
    for (const text of ['tips on', 'tips', 'tips off', 'tip']) expect(textOf(await slash(rig, text))).toContain('not enabled');
    expect(textOf(await slash(rig, '--lang zh tip'))).toContain('没有开启');
  });

  it('subscribes a channel the bot is in, shows the schedule with the next post time, and turns it off', async () => {
    const tips = realTips();
    rig = await startRig({ tips });
    rig.fake.channels.set('C0001', { is_member: true });
    const on = textOf(await slash(rig, 'tips on 09:30 Asia/Shanghai zh'));
    expect(on).toContain('09:30');
    expect(on).toContain('Asia/Shanghai');
    expect(on).toContain('Chinese');
    expect(on).toMatch(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|2025-03-01T01:30:00.000Z>/);
    expect(rig.fake.callsTo('conversations.info')[0]!.params.channel).toBe('C0001');
    expect(await tips.status('slack', 'C0001')).toMatchObject({ time: '09:30', timezone: 'Asia/Shanghai', lang: 'zh' });
    expect(textOf(await slash(rig, 'tips'))).toContain('Asia/Shanghai');
    expect(textOf(await slash(rig, 'tips off'))).toContain('off');
    expect(await tips.status('slack', 'C0001')).toBeNull();
    expect(textOf(await slash(rig, 'tips'))).toContain('no daily tips');
    expect(textOf(await slash(rig, 'tips off'))).toContain('nothing to turn off');
  });

  it('uses the user\'s Slack language for the reply and the tips when none is given', async () => {
    const tips = realTips();
    rig = await startRig({ tips });
    rig.fake.channels.set('C0001', { is_member: true });
    rig.fake.users.set('U0001', { locale: 'zh-CN' });
    const on = textOf(await slash(rig, 'tips on'));
    expect(on).toContain('已开启');
    expect((await tips.status('slack', 'C0001'))?.lang).toBe('zh');
  });

  it('refuses channels the bot is not a member of, including ones it cannot see', async () => {
    const tips = realTips();
    rig = await startRig({ tips });
    rig.fake.channels.set('C0OUT', { is_member: false });
    expect(textOf(await slash(rig, 'tips on', { channelId: 'C0OUT' }))).toContain('/invite @dockhand');
    expect(textOf(await slash(rig, 'tips on', { channelId: 'G0HIDDEN' }))).toContain('/invite @dockhand');
    expect(await tips.status('slack', 'C0OUT')).toBeNull();
    expect(await tips.status('slack', 'G0HIDDEN')).toBeNull();
  });

  it('allows tips in the bot\'s own DM', async () => {
    const tips = realTips();
    rig = await startRig({ tips });
    rig.fake.channels.set('D0001', { is_im: true });
    await slash(rig, 'tips on 08:00 Europe/Berlin', { channelId: 'D0001' });
    expect((await tips.status('slack', 'D0001'))?.timezone).toBe('Europe/Berlin');
  });

  it('shows TIPS_INVALID errors as their message, in the asker\'s language, escaped', async () => {
    rig = await startRig({ tips: realTips() });
    rig.fake.channels.set('C0001', { is_member: true });
    const en = textOf(await slash(rig, 'tips on 25:99'));
    expect(en).toContain('is not a time');
    expect(en).toContain('Usage:');
    // Slack sends a typed "<" as "&lt;"; the echo must come back escaped, not as markup.
    const zh = textOf(await slash(rig, '--lang zh tips on &lt;Mars/Olympus&gt;'));
    expect(zh).toContain('时区');
    expect(zh).toContain('&lt;Mars/Olympus&gt;');
  });

  it('shows today\'s tip with a Full answer button that answers whoever clicks, ephemerally', async () => {
    rig = await startRig({ tips: realTips() });
    const reply = await slash(rig, 'tip');
    const [full] = buttonsOf(reply);
    expect(full?.text).toBe('Full answer');
    const answer = (await click(rig, full!, { userId: 'U0009', ephemeral: false })).replies[0];
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const topicId = (JSON.parse(full!.value) as { t: string }).t;
    expect(textOf(answer)).toContain(JSON.stringify(knowledge().byId.get(topicId)!.title.en).slice(1, -1));
  });

  it('answers "something went wrong" and logs when the tips store fails', async () => {
    const lines: string[] = [];
    const tips = realTips();
    rig = await startRig({ tips, adapter: { logger: pino({ level: 'info' }, { write: (l: string) => void lines.push(l) }) } });
    store!.close();
    expect(textOf(await slash(rig, 'tips'))).toContain('Something went wrong');
    expect(lines.some((l) => l.includes('"handler":"slash"') && l.includes('"kind":"tipsStatus"'))).toBe(true);
  });
});

describe('postTip', () => {
  it('posts the tip with a Full answer button and returns the message ts', async () => {
    rig = await startRig();
    const ts = await rig.adapter.postTip('C0TIPS', tip);
    const post = rig.fake.callsTo('chat.postMessage')[0]!;
    expect(ts).toBe('1700000000.000001');
    expect(post.params.channel).toBe('C0TIPS');
    expect(post.token).toBe(rig.fake.options.botToken);
    expect(blockKitProblems(post.params)).toEqual([]);
    expect(textOf(post.params)).toContain('*exec form* &amp; `CMD`');
    expect(buttonsOf(post.params)).toEqual([{ action_id: `${ACTIONS.topic}:0`, text: 'Full answer', value: '{"l":"en","t":"cmd-vs-entrypoint"}' }]);
  });

  it.each(['channel_not_found', 'is_archived', 'not_in_channel', 'account_inactive', 'missing_scope', 'invalid_auth'])('maps %s to PostError gone', async (error) => {
    rig = await startRig();
    rig.fake.on('chat.postMessage', () => ({ ok: false, error }));
    const failure = await rig.adapter.postTip('C0GONE', tip).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PostError);
    expect((failure as PostError).code).toBe('POST_GONE');
    expect((failure as PostError).message).toContain(error);
  });

  it.each(['internal_error', 'fatal_error', 'msg_too_long'])('maps %s to PostError transient', async (error) => {
    rig = await startRig();
    rig.fake.on('chat.postMessage', () => ({ ok: false, error }));
    const failure = await rig.adapter.postTip('C0001', tip).catch((e: unknown) => e);
    expect((failure as PostError).code).toBe('POST_TRANSIENT');
  });

  it('maps an HTTP 500 from Slack to PostError transient after a few quick retries', async () => {
    rig = await startRig();
    rig.fake.on('chat.postMessage', () => ({ __status: 500 }));
    const failure = await rig.adapter.postTip('C0001', tip).catch((e: unknown) => e);
    expect((failure as PostError).code).toBe('POST_TRANSIENT');
    expect(rig.fake.callsTo('chat.postMessage')).toHaveLength(3);
  });
});
