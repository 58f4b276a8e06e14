import { afterEach, describe, expect, it } from 'vitest';
import { FEEDBACK_ACTIONS, FEEDBACK_BLOCK, decodeVote, voteReasons } from '../../../adapters/slack/feedback.ts';
import { ACTIONS, renderAnswer } from '../../../adapters/slack/render.ts';
import { VOTE_REASONS } from '../../../src/learn/store.ts';
import { buttonBody, buttonPayload, dmEvent, mentionEvent, postSigned, slashPayload } from '../../support/fake-slack-requests.ts';
import { openLearn, type Learn } from '../../support/learn.ts';
import { blocksOf, buttonsOf, click, comparisonQuestion, knowledge, questionOfKind, sendEvent, slash, startRig, textOf, type Rig } from './harness.ts';
import { blockKitProblems } from './limits.ts';

let rig: Rig | null = null;
let learn: Learn | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
  await learn?.close();
  learn = null;
});

async function feedbackRig(): Promise<{ rig: Rig; learn: Learn }> {
  learn = openLearn();
  rig = await startRig({ adapter: { engine: learn.engine('slack'), feedback: learn.feedback } });
  return { rig, learn };
}

type Message = object | undefined;
const voteButton = (message: Message, which: 'up' | 'down') => buttonsOf(message as Record<string, unknown>).find((b) => b.action_id === `${FEEDBACK_ACTIONS.vote}:${which}`);
const reasonButton = (message: Message, reason: string) => buttonsOf(message as Record<string, unknown>).find((b) => b.action_id === `${FEEDBACK_ACTIONS.reason}:${reason}`);

describe('Slack 👍/👎', () => {
  it('puts both buttons on a private /docker answer, carrying its answer id, topic and language', async () => {
    const { rig: r, learn: l } = await feedbackRig();
    const { replies } = await slash(r, 'cmd vs entrypoint');
    const up = voteButton(replies[0], 'up');
    const down = voteButton(replies[0], 'down');
    expect(up?.text).toBe('👍');
    expect(down?.text).toBe('👎');
    const target = decodeVote(up?.value);
    const logged = await l.questions();
    expect(logged).toHaveLength(1);
    expect(target).toEqual({ answerId: logged[0]!.answerId, topicId: 'cmd-vs-entrypoint', lang: 'en' });
    expect(blocksOf(replies[0]).at(-1)?.block_id).toBe(FEEDBACK_BLOCK);
    expect(blockKitProblems(replies[0]!)).toEqual([]);
    // The asker is logged, as a salted hash only.
    expect(logged[0]!.asker).toBe(l.store.person('slack', 'U0001'));
  });

  it('stores a vote once per person, replaces a changed vote, stores the reason, and never posts in the channel', async () => {
    const { rig: r, learn: l } = await feedbackRig();
    const { replies } = await slash(r, 'cmd vs entrypoint');
    const up = voteButton(replies[0], 'up')!;
    const down = voteButton(replies[0], 'down')!;

    const first = await click(r, up);
    expect(first.res.status).toBe(200);
    expect(first.replies).toHaveLength(1);
    expect(first.replies[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(first.replies[0])).toContain('Thanks! Your 👍 is noted.');
    expect(await l.votes()).toMatchObject([{ vote: 1, platform: 'slack', topicId: 'cmd-vs-entrypoint', lang: 'en', reason: null }]);
    expect((await l.votes())[0]!.voter).not.toContain('U0001');

    const again = await click(r, up);
    expect(textOf(again.replies[0])).toContain('already gave this answer a 👍');
    expect(await l.votes()).toHaveLength(1);

    const changed = await click(r, down);
    expect(textOf(changed.replies[0])).toContain('Changed your vote to 👎');
    expect(await l.votes()).toMatchObject([{ vote: -1 }]);
    // The 👎 reply asks what was wrong, with the four reasons as buttons.
    expect(buttonsOf(changed.replies[0]).map((b) => b.action_id)).toEqual(VOTE_REASONS.map((reason) => `${FEEDBACK_ACTIONS.reason}:${reason}`));
    expect(blockKitProblems(changed.replies[0]!)).toEqual([]);

    const why = await click(r, reasonButton(changed.replies[0], 'outdated')!);
    // The reason replaces the presser's own ephemeral reply, so the choice shows as made.
    expect(why.replies[0]).toMatchObject({ replace_original: true });
    expect(textOf(why.replies[0])).toContain('Noted: Outdated.');
    expect(await l.votes()).toMatchObject([{ vote: -1, reason: 'outdated' }]);

    // Another person's vote on the same answer is a second vote.
    await click(r, up, { userId: 'U0002' });
    expect((await l.votes()).map((v) => v.vote).sort()).toEqual([-1, 1]);
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(0);

    // What an operator reads back: U0001's three presses count once, as the 👎 with its reason.
    const report = l.report();
    expect(report.votes).toEqual({ up: 1, down: 1 });
    expect(report.downVoted).toEqual([expect.objectContaining({ id: 'cmd-vs-entrypoint', down: 1, up: 1, reasons: { outdated: 1 } })]);
  }, 90_000);

  it('takes votes on a thread answer to a mention privately: no new message in the channel or thread', async () => {
    const { rig: r, learn: l } = await feedbackRig();
    await sendEvent(r, 'EvFb1', mentionEvent('<@UBOT> how do I see container logs'));
    const posts = r.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.params.thread_ts).toBe('1700000100.000100');
    const down = voteButton(posts[0]!.params, 'down')!;
    const { replies } = await click(r, down, { userId: 'U0002', ephemeral: false, threadTs: '1700000100.000100' });
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await l.votes()).toMatchObject([{ vote: -1, voter: l.store.person('slack', 'U0002') }]);
    await click(r, reasonButton(replies[0], 'too-long')!, { userId: 'U0002', ephemeral: true });
    expect(await l.votes()).toMatchObject([{ reason: 'too-long' }]);
    expect((await l.questions())[0]!.asker).toBe(l.store.person('slack', 'U0001'));
  });

  it('gives a shared answer its own buttons and answer id, and takes votes on it from anyone', async () => {
    const { rig: r, learn: l } = await feedbackRig();
    const { replies } = await slash(r, 'cmd vs entrypoint');
    const share = buttonsOf(replies[0]).find((b) => b.action_id === ACTIONS.share)!;
    await click(r, share);
    const shared = r.fake.callsTo('chat.postMessage')[0]!.params;
    const privateId = decodeVote(voteButton(replies[0], 'up')!.value)!.answerId;
    const sharedTarget = decodeVote(voteButton(shared, 'up')!.value)!;
    expect(sharedTarget.answerId).not.toBe(privateId);
    expect(sharedTarget.topicId).toBe('cmd-vs-entrypoint');
    await click(r, voteButton(shared, 'up')!, { userId: 'U0003', ephemeral: false });
    await click(r, voteButton(shared, 'up')!, { userId: 'U0004', ephemeral: false });
    expect((await l.votes()).filter((v) => v.answerId === sharedTarget.answerId)).toHaveLength(2);
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('puts the buttons on a /docker lint reply and on a DM answer too, each asker logged', async () => {
    const { rig: r, learn: l } = await feedbackRig();
    const { replies } = await slash(r, 'lint\nFROM node:20\nRUN npm install', { userId: 'U0007' });
    expect(voteButton(replies[0], 'down')).toBeDefined();
    await sendEvent(r, 'EvFb2', dmEvent('docker logs', { user: 'U0008' }));
    expect(voteButton(r.fake.callsTo('chat.postMessage')[0]!.params, 'up')).toBeDefined();
    expect((await l.questions()).map((q) => [q.outcome, q.asker])).toEqual([
      ['lint', l.store.person('slack', 'U0007')],
      ['answered', l.store.person('slack', 'U0008')],
    ]);
  });

  it('takes a vote and a reason over Socket Mode the same way', async () => {
    learn = openLearn();
    const l = learn;
    rig = await startRig({ mode: 'socket', adapter: { engine: l.engine('slack'), feedback: l.feedback } });
    const r = rig;
    await r.fake.waitForSocket();
    const responseUrl = r.fake.responseUrl();
    await r.fake.sendEnvelope('slash_commands', slashPayload({ text: 'docker logs', responseUrl }));
    const answer = await r.fake.waitFor(() => r.fake.repliesTo(responseUrl)[0], 'the answer');
    const down = voteButton(answer, 'down')!;
    const voteUrl = r.fake.responseUrl();
    await r.fake.sendEnvelope('interactive', buttonPayload({ actionId: down.action_id, value: down.value, responseUrl: voteUrl }));
    const thanks = await r.fake.waitFor(() => r.fake.repliesTo(voteUrl)[0], 'the thanks');
    expect(thanks).toMatchObject({ response_type: 'ephemeral' });
    const reason = reasonButton(thanks, 'wrong-note')!;
    const reasonUrl = r.fake.responseUrl();
    await r.fake.sendEnvelope('interactive', buttonPayload({ actionId: reason.action_id, value: reason.value, responseUrl: reasonUrl }));
    await r.fake.waitFor(() => r.fake.repliesTo(reasonUrl)[0], 'the reason reply');
    expect(await l.votes()).toMatchObject([{ vote: -1, reason: 'wrong-note' }]);
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('says privately that a vote could not be saved when the store fails', async () => {
    const { rig: r, learn: l } = await feedbackRig();
    const { replies } = await slash(r, 'cmd vs entrypoint');
    await l.store.close();
    const { res, replies: sorry } = await click(r, voteButton(replies[0], 'up')!);
    expect(res.status).toBe(200);
    expect(sorry[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(textOf(sorry[0])).toContain("couldn't save your vote");
  });

  it('answers a Chinese answer\'s vote in Chinese', async () => {
    const { rig: r } = await feedbackRig();
    const { replies } = await slash(r, '容器和虚拟机有什么区别');
    const { replies: thanks } = await click(r, voteButton(replies[0], 'down')!);
    expect(textOf(thanks[0])).toContain('哪里不对');
    expect(buttonsOf(thanks[0]).map((b) => b.text)).toEqual(['笔记不对', '内容过时', '太长了', '语言不对']);
  });

  it('refuses a tampered or forged press with a private notice and stores nothing', async () => {
    const { rig: r, learn: l } = await feedbackRig();
    const forged = await click(r, { action_id: `${FEEDBACK_ACTIONS.vote}:up`, value: '{"a":"x y","l":"en"}' });
    expect(forged.replies[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(textOf(forged.replies[0])).toContain('no longer valid');
    const badReason = await click(r, { action_id: `${FEEDBACK_ACTIONS.reason}:boring`, value: '{"a":"abc","l":"en"}' });
    expect(textOf(badReason.replies[0])).toContain('no longer valid');
    // A reason without a 👎 first is not stored.
    const noVote = await click(r, { action_id: `${FEEDBACK_ACTIONS.reason}:outdated`, value: '{"a":"abc","l":"en"}' });
    expect(textOf(noVote.replies[0])).toContain('vote 👎 on the answer first');
    // An unsigned press never reaches the store.
    const unsigned = await postSigned(r.appUrl, buttonBody({ actionId: `${FEEDBACK_ACTIONS.vote}:up`, value: '{"a":"abc","l":"en"}', responseUrl: r.fake.responseUrl() }), { signature: 'v0=0000' });
    expect(unsigned.status).toBe(401);
    expect(await l.votes()).toEqual([]);
  });

  it('shows no buttons without the feedback service, and a stray press says feedback is off', async () => {
    rig = await startRig();
    const { replies } = await slash(rig, 'cmd vs entrypoint');
    expect(voteButton(replies[0], 'up')).toBeUndefined();
    const { replies: off } = await click(rig, { action_id: `${FEEDBACK_ACTIONS.vote}:up`, value: '{"a":"abc","l":"en"}' });
    expect(textOf(off[0])).toContain('Feedback is not enabled');
  });
});

describe('Slack vote buttons within Block Kit limits', () => {
  it('holds every limit for every topic, in both languages, on every kind that gets buttons', () => {
    const l = (learn = openLearn());
    const engine = l.engine('slack');
    const answers = knowledge().topics.flatMap((topic) => (['en', 'zh'] as const).map((lang) => engine.answerTopic(topic.id, lang)!));
    answers.push(engine.answer(questionOfKind('suggest')), engine.answer(comparisonQuestion()), engine.answer('what is the capital of france'), engine.answer('FROM node:20\nRUN npm install'), engine.answer('docker run -d -p 8080:80 -v /data:/data nginx'));
    const kinds = new Set<string>();
    for (const answer of answers) {
      for (const ephemeral of [true, false]) {
        const message = renderAnswer(answer, { ephemeral, command: '/docker', feedback: true });
        expect(blockKitProblems(message), `${answer.topic?.id ?? answer.kind}`).toEqual([]);
        const up = voteButton(message, 'up');
        expect(up, answer.kind).toBeDefined();
        expect(decodeVote(up!.value)?.answerId).toBe(answer.answerId);
        kinds.add(answer.kind);
      }
    }
    expect([...kinds].sort()).toEqual(['compare', 'explain', 'lint', 'notFound', 'suggest', 'topic']);
    // Usage text is not an answer to rate.
    expect(voteButton(renderAnswer({ ...engine.help('en'), answerId: 'abc' }, { ephemeral: true, command: '/docker', feedback: true }), 'up')).toBeUndefined();
  });

  it('offers the reasons the store accepts, in its order', () => {
    expect(voteReasons('en')).toEqual([...VOTE_REASONS]);
    expect(voteReasons('zh')).toEqual([...VOTE_REASONS]);
  });
});
