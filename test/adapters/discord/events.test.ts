/**
 * The real discord.js Client against a loopback Discord: gateway events in, REST payloads out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeTopicRef } from '../../../adapters/discord/render.ts';
import { stripMention } from '../../../adapters/discord/events.ts';
import type { RecordedRequest } from '../../support/fake-discord.ts';
import {
  ALICE,
  autocompleteInteraction,
  buttonInteraction,
  commandInteraction,
  dmMessage,
  guildMessage,
  user,
  type CommandOption,
} from '../../support/fake-discord-payloads.ts';
import { realKnowledge } from '../../support/kb.ts';
import { TOKEN, callbackOf, messageOf, startHarness, type Harness } from './harness.ts';
import { limitProblems, mentionProblems } from './limits.ts';

const EPHEMERAL = 64;
const NO_PINGS = { parse: [], replied_user: false };
const q = (value: string): CommandOption => ({ name: 'question', type: 3, value });
const lang = (value: string): CommandOption => ({ name: 'lang', type: 3, value });
const priv: CommandOption = { name: 'private', type: 5, value: true };
const HOSTILE = `@everyone @here <@&123456789012345678> <@123456789012345678> ||spoiler|| [x](https://evil.example) \`\`\`js\n# heading\n${'容器 docker '.repeat(700)}`;

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('/docker', () => {
  it('answers in the channel with an embed, related-topic buttons and no pings', async () => {
    const reply = callbackOf(await h.interact(commandInteraction(h.fake, 'docker', [q('cmd vs entrypoint')])));
    expect(reply.type).toBe(4);
    const data = reply.data!;
    expect(data.flags ?? 0).toBe(0);
    expect(data.allowed_mentions).toEqual(NO_PINGS);
    const embed = data.embeds![0]!;
    expect(embed.title).toBe('CMD vs ENTRYPOINT');
    expect(embed.description).toMatch(/^CMD sets a default command/);
    expect(embed.fields![0]!.value).toMatch(/^```dockerfile\n/);
    const ids = data.components!.flatMap((r) => r.components.map((b) => decodeTopicRef(b.custom_id)?.id));
    expect(ids).toContain('cmd');
    expect(ids).toContain('entrypoint');
    expect(limitProblems(data)).toEqual([]);
  });

  it('answers privately with private:true', async () => {
    const reply = callbackOf(await h.interact(commandInteraction(h.fake, 'docker', [q('docker ps'), priv])));
    expect(reply.type).toBe(4);
    expect(reply.data!.flags).toBe(EPHEMERAL);
  });

  it('answers a Chinese question in Chinese even for an English-locale user', async () => {
    const reply = callbackOf(await h.interact(commandInteraction(h.fake, 'docker', [q('容器和虚拟机有什么区别')], { locale: 'en-US' })));
    expect(reply.data!.embeds![0]!.title).toBe(realKnowledge().byId.get('container-vs-vm')!.title.zh);
  });

  it('uses the zh-CN or zh-TW locale when the question’s script does not decide', async () => {
    for (const locale of ['zh-CN', 'zh-TW']) {
      const reply = callbackOf(await h.interact(commandInteraction(h.fake, 'docker', [q('8080:80')], { locale })));
      expect(reply.data!.embeds![0]!.title).toBe(h.engine.answer('8080:80', { localeHint: 'zh' }).title);
      expect(reply.data!.embeds![0]!.title).not.toBe(h.engine.answer('8080:80', { localeHint: 'en' }).title);
    }
  });

  it('lets the lang option force the language', async () => {
    const reply = callbackOf(await h.interact(commandInteraction(h.fake, 'docker', [q('容器和虚拟机有什么区别'), lang('en')])));
    expect(reply.data!.embeds![0]!.title).toBe(realKnowledge().byId.get('container-vs-vm')!.title.en);
  });

  it('answers an autocomplete pick as that topic, in the language its title was shown in', async () => {
    const picked = callbackOf(await h.interact(commandInteraction(h.fake, 'docker', [q('dh:t:cmd-vs-entrypoint:zh')])));
    expect(picked.data!.embeds![0]!.title).toBe('CMD 与 ENTRYPOINT 的区别');
    const forced = callbackOf(await h.interact(commandInteraction(h.fake, 'docker', [q('dh:t:cmd-vs-entrypoint:zh'), lang('en')])));
    expect(forced.data!.embeds![0]!.title).toBe('CMD vs ENTRYPOINT');
  });

  it('works in a DM with the bot', async () => {
    const reply = callbackOf(await h.interact(commandInteraction(h.fake, 'docker', [q('docker ps'), priv], { where: 'dm' })));
    expect(reply).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: NO_PINGS } });
    expect(reply.data!.embeds![0]!.title).toBe(h.engine.answer('docker ps').title);
  });

  it('shows usage for an empty question, in the user’s locale', async () => {
    const reply = callbackOf(await h.interact(commandInteraction(h.fake, 'docker', [q('   ')], { locale: 'zh-TW' })));
    expect(reply.data!.embeds![0]!.title).toBe(h.engine.help('zh').title);
  });

  it('defers first when the interaction is already late, then edits in the answer', async () => {
    const payload = commandInteraction(h.fake, 'docker', [q('cmd vs entrypoint'), priv], { createdAt: Date.now() - 2500 });
    const ack = callbackOf(await h.interact(payload));
    expect(ack).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await h.fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${h.fake.ids.application}/${payload.token}/messages/@original`);
    expect(messageOf(edit).embeds![0]!.title).toBe('CMD vs ENTRYPOINT');
    expect(messageOf(edit).allowed_mentions).toEqual(NO_PINGS);
    expect(h.fake.interactionRequests(payload)).toHaveLength(2);
  });

  it('answers hostile input (pings, markdown breakers, 6,000+ characters) safely and within limits', async () => {
    for (const question of [HOSTILE, '\u0000\u0001\uD800\uFFFF'.repeat(2500), '@everyone']) {
      const reply = callbackOf(await h.interact(commandInteraction(h.fake, 'docker', [q(question)], { where: 'thread' })));
      expect(reply.type).toBe(4);
      expect(reply.data!.allowed_mentions).toEqual(NO_PINGS);
      expect(limitProblems(reply.data!)).toEqual([]);
      expect(mentionProblems(reply.data!)).toEqual([]);
    }
  });
});

describe('unknown commands', () => {
  it('answers a stale or renamed slash command privately, saying to re-run the register script', async () => {
    const reply = callbackOf(await h.interact(commandInteraction(h.fake, 'docker-ask', [q('cmd vs entrypoint')], { locale: 'en-US' })));
    expect(reply).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: NO_PINGS } });
    expect(reply.data!.content).toContain('npm run discord:register');
    expect(reply.data!.content).toContain('/docker-ask');
    const zh = callbackOf(await h.interact(commandInteraction(h.fake, 'docker-ask', [], { locale: 'zh-CN' })));
    expect(zh.data!.content).toContain('重新运行');
    expect(h.logs.some((l) => l.msg?.toString().startsWith('unknown slash command') && l.command === 'docker-ask')).toBe(true);
  });
});

describe('autocomplete', () => {
  const focused = (value: string): CommandOption => ({ name: 'question', type: 3, value, focused: true });

  it('shows the most asked topics for an empty box, titled in the user’s locale', async () => {
    const reply = callbackOf(await h.interact(autocompleteInteraction(h.fake, 'docker', [focused('')], { locale: 'zh-CN' })));
    expect(reply.type).toBe(8);
    const choices = reply.data!.choices!;
    expect(choices).toHaveLength(25);
    expect(choices.map((c) => c.name)).toEqual(h.engine.complete('', 'zh', 25).map((r) => r.title));
    expect(choices.every((c) => c.value.endsWith(':zh'))).toBe(true);
  });

  it('ranks topics for what is typed, with the locale’s titles unless Chinese is typed', async () => {
    const en = callbackOf(await h.interact(autocompleteInteraction(h.fake, 'docker', [focused('cmd vs entr')]))).data!.choices!;
    expect(en.slice(0, 3)).toContainEqual({ name: 'CMD vs ENTRYPOINT', value: 'dh:t:cmd-vs-entrypoint:en' });
    const zhLocale = callbackOf(await h.interact(autocompleteInteraction(h.fake, 'docker', [focused('cmd vs entr')], { locale: 'zh-CN' }))).data!.choices!;
    expect(zhLocale.slice(0, 3)).toContainEqual({ name: 'CMD 与 ENTRYPOINT 的区别', value: 'dh:t:cmd-vs-entrypoint:zh' });
    const typedZh = callbackOf(await h.interact(autocompleteInteraction(h.fake, 'docker', [focused('容器和虚拟机')]))).data!.choices!;
    expect(typedZh[0]!.value).toBe('dh:t:container-vs-vm:zh');
  });

  it('follows a lang option that is already filled in', async () => {
    const choices = callbackOf(await h.interact(autocompleteInteraction(h.fake, 'docker', [focused('容器'), lang('en')]))).data!.choices!;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.every((c) => c.value.endsWith(':en'))).toBe(true);
  });

  it('stays within limits for hostile input', async () => {
    const reply = callbackOf(await h.interact(autocompleteInteraction(h.fake, 'docker', [focused(HOSTILE)])));
    expect(reply.type).toBe(8);
    expect(limitProblems(reply.data!)).toEqual([]);
    for (const choice of reply.data!.choices!) expect(realKnowledge().byId.has(decodeTopicRef(choice.value)!.id)).toBe(true);
  });

  it('suggests IANA time zones for /docker-tips on', async () => {
    const options = [{ name: 'on', type: 1, options: [{ name: 'timezone', type: 3, value: 'shang', focused: true }] }];
    const reply = callbackOf(await h.interact(autocompleteInteraction(h.fake, 'docker-tips', options)));
    expect(reply.data!.choices).toEqual([{ name: 'Asia/Shanghai', value: 'Asia/Shanghai' }]);
  });
});

describe('topic buttons', () => {
  it('answer the clicker privately on a public message, leaving it as it is', async () => {
    const reply = callbackOf(await h.interact(buttonInteraction(h.fake, 'dh:t:entrypoint:zh')));
    expect(reply.type).toBe(4);
    expect(reply.data!.flags).toBe(EPHEMERAL);
    expect(reply.data!.embeds![0]!.title).toBe(realKnowledge().byId.get('entrypoint')!.title.zh);
    expect(reply.data!.allowed_mentions).toEqual(NO_PINGS);
  });

  it('replace an ephemeral answer in place', async () => {
    const reply = callbackOf(await h.interact(buttonInteraction(h.fake, 'dh:t:cmd:en', { ephemeral: true })));
    expect(reply.type).toBe(7);
    expect(reply.data!.embeds![0]!.title).toBe(realKnowledge().byId.get('cmd')!.title.en);
    expect(limitProblems(reply.data!)).toEqual([]);
  });

  it('say so privately when the topic no longer exists', async () => {
    for (const id of ['dh:t:no-such-topic:en', 'something-else']) {
      const reply = callbackOf(await h.interact(buttonInteraction(h.fake, id)));
      expect(reply).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: 'That topic is no longer available. Ask again with `/docker`.' } });
    }
  });

  it('defer when late: an update for ephemeral answers, a private reply otherwise', async () => {
    const createdAt = Date.now() - 2800;
    const inPlace = buttonInteraction(h.fake, 'dh:t:cmd:en', { ephemeral: true, createdAt });
    expect(callbackOf(await h.interact(inPlace)).type).toBe(6);
    const privateReply = buttonInteraction(h.fake, 'dh:t:cmd:en', { createdAt });
    expect(callbackOf(await h.interact(privateReply))).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    for (const payload of [inPlace, privateReply]) {
      const edit = await h.fake.waitFor((r) => r.method === 'PATCH' && r.path.startsWith(`/webhooks/${h.fake.ids.application}/${payload.token}/`));
      expect(messageOf(edit).embeds![0]!.title).toBe('CMD');
    }
  });
});

describe('mentions and DMs', () => {
  const bot = () => h.fake.botUser;

  it('replies to a mention in a channel, referencing it, without pinging the asker', async () => {
    const message = guildMessage(h.fake, `<@${h.fake.ids.bot}> 容器和虚拟机有什么区别`, { mentions: [bot()] });
    const sent = h.fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${h.fake.ids.channel}/messages`);
    h.fake.dispatch('MESSAGE_CREATE', message);
    const body = messageOf(await sent);
    expect(body.message_reference).toMatchObject({ message_id: message.id, fail_if_not_exists: false });
    expect(body.allowed_mentions).toEqual(NO_PINGS);
    expect(body.embeds![0]!.title).toBe(realKnowledge().byId.get('container-vs-vm')!.title.zh);
    expect(limitProblems(body)).toEqual([]);
  });

  it('replies in a thread, and understands the <@!id> form', async () => {
    const message = guildMessage(h.fake, `<@!${h.fake.ids.bot}>   cmd vs entrypoint`, { mentions: [bot()], where: 'thread' });
    const sent = h.fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${h.fake.ids.thread}/messages`);
    h.fake.dispatch('MESSAGE_CREATE', message);
    expect(messageOf(await sent).embeds![0]!.title).toBe('CMD vs ENTRYPOINT');
  });

  it("treats a mention of the bot's managed role as a mention of the bot, but no other role", async () => {
    const other = guildMessage(h.fake, `<@&${h.fake.ids.guild}> docker ps`, { mentionRoles: [h.fake.ids.guild] });
    h.fake.dispatch('MESSAGE_CREATE', other);
    const message = guildMessage(h.fake, `<@&${h.fake.ids.botRole}> cmd vs entrypoint`, { mentionRoles: [h.fake.ids.botRole] });
    const sent = h.fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${h.fake.ids.channel}/messages`);
    h.fake.dispatch('MESSAGE_CREATE', message);
    const body = messageOf(await sent);
    expect(body.message_reference!.message_id).toBe(message.id);
    expect(body.embeds![0]!.title).toBe('CMD vs ENTRYPOINT');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/channels/'))).toHaveLength(1);
  });

  it('answers any DM, no mention needed', async () => {
    const message = dmMessage('docker ps');
    const sent = h.fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${message.channel_id}/messages`);
    h.fake.dispatch('MESSAGE_CREATE', message);
    const body = messageOf(await sent);
    expect(body.embeds![0]!.title).toBe(h.engine.answer('docker ps').title);
    expect(body.allowed_mentions).toEqual(NO_PINGS);
  });

  it('shows usage for a bare mention', async () => {
    const sent = h.fake.waitFor((r) => r.method === 'POST');
    h.fake.dispatch('MESSAGE_CREATE', guildMessage(h.fake, `<@${h.fake.ids.bot}>`, { mentions: [bot()] }));
    expect(messageOf(await sent).embeds![0]!.title).toBe(h.engine.help('en').title);
  });

  it('ignores bots, itself, webhooks, system messages, @everyone, unmentioned chatter and edits', async () => {
    const mention = `<@${h.fake.ids.bot}> docker ps`;
    const ignored = [
      guildMessage(h.fake, mention, { mentions: [bot()], author: user('otherbot', true) }),
      guildMessage(h.fake, mention, { mentions: [bot()], author: bot() }),
      guildMessage(h.fake, mention, { mentions: [bot()], webhookId: h.fake.ids.application }),
      guildMessage(h.fake, mention, { mentions: [bot()], type: 7 }),
      guildMessage(h.fake, '@everyone docker ps', { mentionEveryone: true }),
      guildMessage(h.fake, 'docker ps'),
      dmMessage('docker ps', { author: user('dmbot', true) }),
    ];
    for (const message of ignored) h.fake.dispatch('MESSAGE_CREATE', message);
    h.fake.dispatch('MESSAGE_UPDATE', { ...guildMessage(h.fake, mention, { mentions: [bot()] }), edited_timestamp: new Date().toISOString() });
    const sentinel = guildMessage(h.fake, `<@${h.fake.ids.bot}> cmd`, { mentions: [bot()] });
    const sent = h.fake.waitFor((r) => r.method === 'POST' && r.path.startsWith('/channels/'));
    h.fake.dispatch('MESSAGE_CREATE', sentinel);
    expect(messageOf(await sent).message_reference!.message_id).toBe(sentinel.id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/channels/'))).toHaveLength(1);
  });

  it('without Read Message History, answers with a plain message naming the asker without a ping, and logs it once', async () => {
    const channel = `/channels/${h.fake.ids.channel}/messages`;
    const isReply = (r: RecordedRequest) => r.method === 'POST' && r.path === channel && Boolean(messageOf(r).message_reference);
    h.fake.override(isReply, { status: 400, body: { code: 160002, message: 'Cannot reply without permission to read message history' } }, Infinity);
    const plain = (r: RecordedRequest) => r.method === 'POST' && r.path === channel && !messageOf(r).message_reference;
    for (const question of ['cmd vs entrypoint', 'docker ps']) {
      const before = h.fake.requests.filter(plain).length;
      h.fake.dispatch('MESSAGE_CREATE', guildMessage(h.fake, `<@${h.fake.ids.bot}> ${question}`, { mentions: [bot()] }));
      await expect.poll(() => h.fake.requests.filter(plain).length).toBe(before + 1);
    }
    const [first, second] = h.fake.requests.filter(plain).map(messageOf);
    expect(first!.content).toBe(`<@${ALICE.id}>`);
    expect(first!.allowed_mentions).toEqual(NO_PINGS);
    expect(first!.embeds![0]!.title).toBe('CMD vs ENTRYPOINT');
    expect(second!.embeds![0]!.title).toBe(h.engine.answer('docker ps').title);
    // The answer went out: no "something went wrong" notice, and the permission was logged once.
    expect(h.fake.requests.filter(plain).some((r) => (messageOf(r).content ?? '').includes('Something went wrong'))).toBe(false);
    expect(h.logs.filter((l) => l.code === 160002)).toHaveLength(1);
    expect(h.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  it('answers a hostile mention safely and within limits', async () => {
    const sent = h.fake.waitFor((r) => r.method === 'POST');
    h.fake.dispatch('MESSAGE_CREATE', guildMessage(h.fake, `<@${h.fake.ids.bot}> ${HOSTILE}`, { mentions: [bot(), ALICE], mentionEveryone: true }));
    const body = messageOf(await sent);
    expect(body.allowed_mentions).toEqual(NO_PINGS);
    expect(limitProblems(body)).toEqual([]);
    expect(mentionProblems(body)).toEqual([]);
  });
});

describe('failures', () => {
  const noSecrets = () => {
    const text = JSON.stringify(h.logs);
    expect(text).not.toContain(TOKEN);
    return text;
  };

  it('logs a reply Discord refuses, keeps running and answers the next interaction', async () => {
    const doomed = commandInteraction(h.fake, 'docker', [q('cmd vs entrypoint')]);
    h.fake.override((r) => r.path.startsWith(`/interactions/${doomed.id}/`), { status: 404, body: { code: 10062, message: 'Unknown interaction' } }, Infinity);
    h.fake.dispatch('INTERACTION_CREATE', doomed);
    const next = callbackOf(await h.interact(commandInteraction(h.fake, 'docker', [q('docker ps')])));
    expect(next.type).toBe(4);
    await expect.poll(() => h.logs.find((l) => l.msg === 'discord interaction handler failed')).toBeTruthy();
    const failed = h.logs.find((l) => l.msg === 'discord interaction handler failed')!;
    expect(failed).toMatchObject({ level: 50, interactionId: doomed.id, err: { code: 10062, status: 404 } });
    // It tried to say "something went wrong" too; that failed the same way and was logged, not thrown.
    await expect.poll(() => h.logs.some((l) => l.msg === 'could not tell the user about the failure')).toBe(true);
    expect(h.fake.interactionRequests(doomed).map((r: RecordedRequest) => (r.body as { data?: { content?: string } }).data?.content)).toContain(
      'Something went wrong while answering. Please try again.',
    );
    expect(noSecrets()).not.toContain(doomed.token);
  });

  it('logs a mention it cannot answer (Missing Permissions) and keeps answering others', async () => {
    h.fake.override((r) => r.path === `/channels/${h.fake.ids.channel}/messages`, { status: 403, body: { code: 50013, message: 'Missing Permissions' } }, 2);
    h.fake.dispatch('MESSAGE_CREATE', guildMessage(h.fake, `<@${h.fake.ids.bot}> docker ps`, { mentions: [h.fake.botUser] }));
    await expect.poll(() => h.logs.some((l) => l.msg === 'could not tell the user about the failure')).toBe(true);
    expect(h.logs.find((l) => l.msg === 'discord message handler failed')).toMatchObject({ err: { code: 50013 } });
    const sent = h.fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${h.fake.ids.thread}/messages`);
    h.fake.dispatch('MESSAGE_CREATE', guildMessage(h.fake, `<@${h.fake.ids.bot}> docker ps`, { mentions: [h.fake.botUser], where: 'thread' }));
    expect(messageOf(await sent).embeds).toHaveLength(1);
    noSecrets();
  });

  it('does not log the question at info level', async () => {
    await h.interact(commandInteraction(h.fake, 'docker', [q('my secret project name')]));
    expect(h.logs.filter((l) => (l.level as number) >= 30 && JSON.stringify(l).includes('secret project'))).toEqual([]);
  });
});

describe('stripMention', () => {
  it('removes only the bot’s own mentions', () => {
    expect(stripMention('<@1> cmd <@!1> vs <@2> entrypoint', '1')).toBe('cmd   vs <@2> entrypoint');
  });
});
