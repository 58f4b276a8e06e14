/**
 * /docker-tips and /docker-tip through the real Client, the real TipsService (src/tips) over an
 * in-memory store, and a fixed clock.
 */
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { TipsService } from '../../../src/adapter.ts';
import { createTipsService } from '../../../src/tips/service.ts';
import { openSqliteStore } from '../../../src/tips/store.ts';
import { BOT_PERMISSIONS, buttonInteraction, commandInteraction, type CommandOption, type InteractionSpec } from '../../support/fake-discord-payloads.ts';
import { realKnowledge } from '../../support/kb.ts';
import { callbackOf, startHarness, type Harness } from './harness.ts';
import { limitProblems, mentionProblems } from './limits.ts';

const EPHEMERAL = 64;
const NOW = Date.parse('2030-03-04T00:30:00Z');

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

function realTips(): TipsService {
  return createTipsService({ store: openSqliteStore(':memory:'), topics: realKnowledge().topics, now: () => new Date(NOW), seed: () => 7 });
}

const str = (name: string, value: string): CommandOption => ({ name, type: 3, value });
const sub = (name: string, options: CommandOption[] = []): CommandOption[] => [{ name, type: 1, options }];

async function tipsCommand(options: CommandOption[], spec: InteractionSpec = {}) {
  return callbackOf(await h!.interact(commandInteraction(h!.fake, 'docker-tips', options, spec)));
}

describe('/docker-tips', () => {
  it('turns tips on with time, zone and language, and shows the schedule with the next post', async () => {
    const tips = realTips();
    h = await startHarness({ tips });
    const reply = await tipsCommand(sub('on', [str('time', '9:30'), str('timezone', 'Asia/Shanghai'), str('lang', 'zh')]));
    expect(reply.type).toBe(4);
    expect(reply.data!.flags ?? 0).toBe(0);
    const next = Date.parse((await tips.status('discord', h.fake.ids.channel))!.nextAt!) / 1000;
    expect(reply.data!.content).toBe(
      `Daily Docker tips are **on** here: every day at **09\\:30** (Asia/Shanghai), in Chinese. Next tip: <t:${next}:F> (<t:${next}:R>).`,
    );
    expect(reply.data!.allowed_mentions).toEqual({ parse: [], replied_user: false });

    const shown = await tipsCommand(sub('show'), { locale: 'zh-CN' });
    expect(shown.data!.flags).toBe(EPHEMERAL);
    expect(shown.data!.content).toContain('本频道的每日 Docker 小贴士已**开启**：每天 **09\\:30**（Asia/Shanghai），中文。');
  });

  it('keeps the chosen language when only the time changes, and defaults a first run to the server locale', async () => {
    const tips = realTips();
    h = await startHarness({ tips });
    await tipsCommand(sub('on', [str('lang', 'zh')]));
    await tipsCommand(sub('on', [str('time', '10:00')]));
    expect(await tips.status('discord', h.fake.ids.channel)).toMatchObject({ time: '10:00', lang: 'zh' });
    await tipsCommand(sub('off'));
    await tipsCommand(sub('on'), { locale: 'zh-CN' });
    expect(await tips.status('discord', h.fake.ids.channel)).toMatchObject({ lang: 'en' });
  });

  it('turns tips off, and says when there were none', async () => {
    h = await startHarness({ tips: realTips() });
    await tipsCommand(sub('on'));
    expect((await tipsCommand(sub('off'))).data!.content).toBe('Daily Docker tips are now **off** in this channel.');
    expect((await tipsCommand(sub('off'))).data!.content).toBe('This channel had no daily tips.');
    const shown = await tipsCommand(sub('show'));
    expect(shown.data).toMatchObject({ flags: EPHEMERAL, content: 'No daily tips in this channel yet. An admin can start them with `/docker-tips on`.' });
  });

  it('shows the service’s own message for invalid input, in the user’s language, without pings', async () => {
    h = await startHarness({ tips: realTips() });
    const en = await tipsCommand(sub('on', [str('timezone', '@everyone <@&123456789012345678>')]));
    expect(en.type).toBe(4);
    expect(en.data!.flags).toBe(EPHEMERAL);
    expect(en.data!.content).toMatch(/time zone/i);
    expect(mentionProblems(en.data!)).toEqual([]);
    const zh = await tipsCommand(sub('on', [str('time', '25:99')]), { locale: 'zh-TW' });
    expect(zh.data!.flags).toBe(EPHEMERAL);
    expect(zh.data!.content).toMatch(/\p{Script=Han}/u);
  });

  it('refuses, privately, a channel where the bot cannot post embeds', async () => {
    h = await startHarness({ tips: realTips() });
    const reply = await tipsCommand(sub('on'), { appPermissions: BOT_PERMISSIONS & ~PermissionFlagsBits.EmbedLinks });
    expect(reply.data).toMatchObject({ flags: EPHEMERAL, content: "I can't post tips in this channel: I'm missing Embed Links." });
    const thread = await tipsCommand(sub('on'), { where: 'thread', locale: 'zh-CN', appPermissions: BOT_PERMISSIONS & ~PermissionFlagsBits.SendMessagesInThreads });
    expect(thread.data!.content).toBe('我无法在本频道发送小贴士：缺少权限 在子区中发送消息。');
  });

  it('says tips are not enabled, privately and in the user’s language, when there is no service', async () => {
    h = await startHarness();
    expect((await tipsCommand(sub('on'))).data).toMatchObject({ flags: EPHEMERAL, content: 'Daily tips are not enabled on this bot.' });
    const tip = callbackOf(await h.interact(commandInteraction(h.fake, 'docker-tip', [], { locale: 'zh-CN' })));
    expect(tip.data).toMatchObject({ flags: EPHEMERAL, content: '这个机器人没有开启每日小贴士。' });
  });

  it('answers "something went wrong" privately when the service fails, and logs it', async () => {
    const broken: TipsService = {
      ...realTips(),
      status: () => Promise.reject(new Error('database is locked')),
    };
    h = await startHarness({ tips: broken });
    const reply = await tipsCommand(sub('show'));
    expect(reply.data).toMatchObject({ flags: EPHEMERAL, content: 'Something went wrong while answering. Please try again.' });
    expect(h.logs.find((l) => l.msg === 'discord interaction handler failed')).toMatchObject({ err: { message: 'database is locked' } });
  });
});

describe('/docker-tip', () => {
  it('shows today’s tip publicly, with a Full answer button that answers the topic', async () => {
    const tips = realTips();
    h = await startHarness({ tips });
    const reply = callbackOf(await h.interact(commandInteraction(h.fake, 'docker-tip', [str('lang', 'zh')])));
    const expected = await tips.today('discord', h.fake.ids.channel, 'zh');
    expect(reply.type).toBe(4);
    expect(reply.data!.flags ?? 0).toBe(0);
    expect(reply.data!.embeds![0]).toMatchObject({ title: expected.title, author: { name: '💡 每日 Docker 小贴士' } });
    expect(limitProblems(reply.data!)).toEqual([]);
    const button = reply.data!.components![0]!.components[0]!;
    expect(button).toMatchObject({ label: '查看完整回答', custom_id: `dh:t:${expected.topicId}:zh` });

    const full = callbackOf(await h.interact(buttonInteraction(h.fake, button.custom_id)));
    expect(full.data!.flags).toBe(EPHEMERAL);
    expect(full.data!.embeds![0]!.title).toBe(realKnowledge().byId.get(expected.topicId)!.title.zh);
  });

  it('works in a DM, with the date-based tip', async () => {
    const tips = realTips();
    h = await startHarness({ tips });
    const reply = callbackOf(await h.interact(commandInteraction(h.fake, 'docker-tip', [], { where: 'dm' })));
    expect(reply.data!.embeds![0]!.title).toBe((await tips.today('discord', null, 'en')).title);
  });
});
