/**
 * 👍/👎 through the real discord.js Client against the loopback Discord, stored in a real SQLite file
 * (and, for a store slower than Discord's 3 seconds, in Postgres behind a proxy that holds its bytes).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { REASON_PREFIX, decodeVote, encodeVote, voteReasons } from '../../../adapters/discord/feedback.ts';
import { renderAnswer } from '../../../adapters/discord/render.ts';
import { VOTE_REASONS } from '../../../src/learn/store.ts';
import { ALICE, buttonInteraction, commandInteraction, guildMessage, selectInteraction, user, type CommandOption } from '../../support/fake-discord-payloads.ts';
import type { RecordedRequest } from '../../support/fake-discord.ts';
import { realKnowledge } from '../../support/kb.ts';
import { openLearn, type Learn } from '../../support/learn.ts';
import { callbackOf, messageOf, startHarness, type Harness, type SentMessage } from './harness.ts';
import { limitProblems, mentionProblems } from './limits.ts';
import { createFeedbackService } from '../../../src/learn/feedback.ts';
import { openPgLearnStore } from '../../../src/learn/pg-store.ts';
import { recordingEngine } from '../../../src/learn/recorder.ts';
import { openPostgres } from '../../../src/store/pg.ts';
import { realEngine } from '../../support/kb.ts';
import { describePostgres } from '../../support/postgres.ts';
import { startTcpProxy } from '../../support/tcp-proxy.ts';

const EPHEMERAL = 64;
const NO_PINGS = { parse: [], replied_user: false };
const q = (value: string): CommandOption => ({ name: 'question', type: 3, value });

let h: Harness | null = null;
let learn: Learn | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
  await learn?.close();
  learn = null;
});

async function start(withFeedback = true): Promise<{ h: Harness; learn: Learn }> {
  learn = openLearn();
  h = await startHarness({ engine: learn.engine('discord'), ...(withFeedback ? { feedback: learn.feedback } : {}) });
  return { h, learn };
}

const voteIds = (message: SentMessage | undefined) =>
  (message?.components ?? []).flatMap((row) => row.components.map((c) => c.custom_id)).filter((id) => decodeVote(id) !== null);
const voteId = (message: SentMessage | undefined, sign: '+' | '-') => voteIds(message).find((id) => id.startsWith(`dh:v:${sign}:`))!;
const channelPosts = (harness: Harness) => harness.fake.requests.filter((r: RecordedRequest) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));

describe('Discord 👍/👎', () => {
  it('adds a 👍 / 👎 row to a /docker answer, below the topic buttons, carrying its answer id, topic and language', async () => {
    const { h: harness, learn: l } = await start();
    const reply = callbackOf(await harness.interact(commandInteraction(harness.fake, 'docker', [q('cmd vs entrypoint')])));
    const rows = reply.data!.components!;
    expect(rows.at(-1)!.components.map((b) => b.label)).toEqual(['👍', '👎']);
    const logged = await l.questions();
    expect(decodeVote(voteId(reply.data, '+'))).toEqual({ vote: 1, answerId: logged[0]!.answerId, lang: 'en', topicId: 'cmd-vs-entrypoint' });
    expect(limitProblems(reply.data!)).toEqual([]);
    expect(logged[0]!.asker).toBe(l.store.person('discord', ALICE.id));
  });

  it('stores a vote once per person, replaces a changed one, takes a reason from the menu, and posts nothing in the channel', async () => {
    const { h: harness, learn: l } = await start();
    const answer = callbackOf(await harness.interact(commandInteraction(harness.fake, 'docker', [q('cmd vs entrypoint')])));
    const up = voteId(answer.data, '+');
    const down = voteId(answer.data, '-');

    const first = callbackOf(await harness.interact(buttonInteraction(harness.fake, up)));
    expect(first).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: NO_PINGS, content: 'Thanks! Your 👍 is noted.' } });
    expect(await l.votes()).toMatchObject([{ vote: 1, platform: 'discord', topicId: 'cmd-vs-entrypoint', lang: 'en', reason: null }]);

    const again = callbackOf(await harness.interact(buttonInteraction(harness.fake, up)));
    expect(again.data!.content).toContain('already gave this answer a 👍');
    expect(await l.votes()).toHaveLength(1);

    const changed = callbackOf(await harness.interact(buttonInteraction(harness.fake, down)));
    expect(changed).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(changed.data!.content).toContain('Changed your vote to 👎');
    expect(await l.votes()).toMatchObject([{ vote: -1 }]);
    const menu = changed.data!.components![0]!.components[0]! as unknown as { type: number; custom_id: string; options: { value: string }[] };
    expect(menu.type).toBe(3);
    expect(menu.options.map((o) => o.value)).toEqual([...VOTE_REASONS]);
    expect(limitProblems(changed.data!)).toEqual([]);

    const picked = callbackOf(await harness.interact(selectInteraction(harness.fake, menu.custom_id, ['wrong-language'])));
    // The pick updates the presser's own ephemeral reply (type 7) and removes the menu.
    expect(picked).toMatchObject({ type: 7, data: { components: [], content: 'Noted: Wrong language. Thanks, this helps fix the notes.' } });
    expect(await l.votes()).toMatchObject([{ vote: -1, reason: 'wrong-language' }]);

    const bob = user('bob');
    await harness.interact(buttonInteraction(harness.fake, up, { user: bob }));
    expect((await l.votes()).map((v) => [v.voter, v.vote])).toEqual(
      expect.arrayContaining([
        [l.store.person('discord', bob.id), 1],
        [expect.any(String), -1],
      ]),
    );
    expect(await l.votes()).toHaveLength(2);
    expect(channelPosts(harness)).toEqual([]);

    // What an operator reads back: Alice's three presses count once, as the 👎 with its reason.
    const report = l.report();
    expect(report.votes).toEqual({ up: 1, down: 1 });
    expect(report.downVoted).toEqual([expect.objectContaining({ id: 'cmd-vs-entrypoint', down: 1, up: 1, reasons: { 'wrong-language': 1 } })]);
  }, 90_000);

  it('takes a vote on a mention reply privately, and answers a Chinese answer in Chinese', async () => {
    const { h: harness, learn: l } = await start();
    const bot = { id: harness.fake.ids.bot, username: 'dockhand', discriminator: '0', global_name: 'dockhand', avatar: null, bot: true };
    const asker = user('carol');
    harness.fake.dispatch('MESSAGE_CREATE', guildMessage(harness.fake, `<@${harness.fake.ids.bot}> 容器和虚拟机有什么区别`, { mentions: [bot], author: asker }));
    const posted = messageOf(await harness.fake.waitFor((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path)));
    expect((await l.questions())[0]!.asker).toBe(l.store.person('discord', asker.id));
    const down = voteId(posted, '-');
    expect(decodeVote(down)).toMatchObject({ lang: 'zh', topicId: 'container-vs-vm' });
    const reply = callbackOf(await harness.interact(buttonInteraction(harness.fake, down, { user: user('dave') })));
    expect(reply).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(reply.data!.content).toContain('哪里不对');
    const menu = reply.data!.components![0]!.components[0]! as unknown as { options: { label: string }[] };
    expect(menu.options.map((o) => o.label)).toEqual(['笔记不对', '内容过时', '太长了', '语言不对']);
    expect(channelPosts(harness)).toHaveLength(1);
    expect(await l.votes()).toMatchObject([{ vote: -1, lang: 'zh' }]);
  });

  it('defers a late press first, then edits the thanks in', async () => {
    const { h: harness, learn: l } = await start();
    const answer = callbackOf(await harness.interact(commandInteraction(harness.fake, 'docker', [q('docker ps')])));
    const press = buttonInteraction(harness.fake, voteId(answer.data, '+'), { createdAt: Date.now() - 2500 });
    expect(callbackOf(await harness.interact(press))).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await harness.fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${harness.fake.ids.application}/${press.token}/messages/@original`);
    expect(messageOf(edit).content).toBe('Thanks! Your 👍 is noted.');
    expect(await l.votes()).toHaveLength(1);
  });

  it('says privately that a vote could not be saved when the store fails', async () => {
    const { h: harness, learn: l } = await start();
    const answer = callbackOf(await harness.interact(commandInteraction(harness.fake, 'docker', [q('docker ps')])));
    await l.store.close();
    const sorry = callbackOf(await harness.interact(buttonInteraction(harness.fake, voteId(answer.data, '-'))));
    expect(sorry).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: "Sorry, I couldn't save your vote. Please try again later." } });
    expect(sorry.data!.components ?? []).toEqual([]);
  });

  it('refuses forged ids and reasons privately, storing nothing', async () => {
    const { h: harness, learn: l } = await start();
    const forged = callbackOf(await harness.interact(buttonInteraction(harness.fake, 'dh:v:+:bad id:en:')));
    expect(forged).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    const badReason = callbackOf(await harness.interact(selectInteraction(harness.fake, `${REASON_PREFIX}abc:en`, ['boring'])));
    expect(badReason.data!.content).toContain('no longer valid');
    const noVote = callbackOf(await harness.interact(selectInteraction(harness.fake, `${REASON_PREFIX}abc:en`, ['outdated'])));
    expect(noVote.data!.content).toContain('vote 👎 on the answer first');
    expect(await l.votes()).toEqual([]);
  });

  it('shows no vote row without the feedback service, and a stray press says feedback is off', async () => {
    const { h: harness } = await start(false);
    const answer = callbackOf(await harness.interact(commandInteraction(harness.fake, 'docker', [q('cmd vs entrypoint')])));
    expect(voteIds(answer.data)).toEqual([]);
    const stray = callbackOf(await harness.interact(buttonInteraction(harness.fake, encodeVote({ vote: 1, answerId: 'abc', lang: 'en', topicId: null }))));
    expect(stray.data!.content).toBe('Feedback is not enabled on this bot.');
  });
});

describe('Discord vote row within limits', () => {
  it('keeps every custom_id within 100 characters and at most 5 rows for every topic in both languages', () => {
    const l = (learn = openLearn());
    const engine = l.engine('discord');
    const answers = realKnowledge().topics.flatMap((topic) => (['en', 'zh'] as const).map((lang) => engine.answerTopic(topic.id, lang)!));
    answers.push(engine.answer('what is the capital of france'), engine.answer('FROM node:20\nRUN npm install'), engine.answer('docker run -d -p 8080:80 nginx'));
    let longest = 0;
    for (const answer of answers) {
      const message = renderAnswer(answer, { feedback: true });
      expect(limitProblems(message as SentMessage), answer.topic?.id ?? answer.kind).toEqual([]);
      expect(mentionProblems(message as SentMessage)).toEqual([]);
      const up = voteId(message as SentMessage, '+');
      expect(decodeVote(up)).toMatchObject({ answerId: answer.answerId, topicId: answer.topic?.id ?? null });
      longest = Math.max(longest, up.length);
    }
    // 23 characters around the topic id: ids up to 77 characters keep their topic.
    expect(longest).toBeLessThanOrEqual(100);
    expect(Math.max(...realKnowledge().topics.map((t) => t.id.length))).toBeLessThanOrEqual(77);
  });

  it('drops the topic, never the vote, when a topic id would not fit', () => {
    const id = encodeVote({ vote: -1, answerId: 'A'.repeat(12), lang: 'zh', topicId: 'x'.repeat(90) });
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodeVote(id)).toEqual({ vote: -1, answerId: 'A'.repeat(12), lang: 'zh', topicId: null });
  });

  it('offers the reasons the store accepts, in its order', () => {
    expect(voteReasons('en')).toEqual([...VOTE_REASONS]);
  });
});

describePostgres('Discord 👍/👎 with a slow store', (db) => {
  it('acknowledges within the budget by deferring while the vote waits for Postgres, then edits the thanks in', async () => {
    const url = new URL(db().url);
    const proxy = await startTcpProxy(url.hostname, Number(url.port));
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const store = await openPgLearnStore(await openPostgres(url.toString(), { max: 1 }));
    const harness = await startHarness({ engine: recordingEngine(realEngine(), { store, platform: 'discord', retentionDays: 90 }), feedback: createFeedbackService({ store }) });
    try {
      const answer = callbackOf(await harness.interact(commandInteraction(harness.fake, 'docker', [q('docker ps')])));
      proxy.hold();
      const pressed = Date.now();
      const press = buttonInteraction(harness.fake, voteId(answer.data, '+'));
      expect(callbackOf(await harness.interact(press))).toEqual({ type: 5, data: { flags: EPHEMERAL } });
      const acked = Date.now() - pressed;
      expect(acked).toBeLessThan(3000);
      proxy.release();
      const edit = await harness.fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${harness.fake.ids.application}/${press.token}/messages/@original`);
      expect(messageOf(edit).content).toBe('Thanks! Your 👍 is noted.');
      expect(await store.votesSince(0)).toMatchObject([{ vote: 1, platform: 'discord' }]);
    } finally {
      await harness.close();
      await store.close();
      await proxy.close();
    }
  });
});
