/**
 * 👍/👎 on Slack answers: the two buttons under an answer, the private reply a press gets (with
 * the "what was wrong?" buttons after a 👎), and the listeners for both. A vote never posts in
 * the channel: every reply goes to the presser's response_url as an ephemeral message.
 */
import type { App, BlockAction, ButtonAction, RespondFn, types } from '@slack/bolt';
import type { FeedbackService, VoteOutcome } from '../../src/adapter.ts';
import { TOPIC_ID_PATTERN } from '../../src/knowledge/schema.ts';
import { ANSWER_ID_PATTERN } from '../../src/learn/recorder.ts';
import type { VoteReason } from '../../src/learn/store.ts';
import type { Logger } from '../../src/log.ts';
import { t } from '../../src/templates.ts';
import type { Answer, Lang } from '../../src/types.ts';
import { escapeMrkdwn } from './text.ts';
import { parseButtonValue } from './values.ts';

/** Action ids: `dockhand.vote:up|down` under answers, `dockhand.reason:<reason>` in the reply to a 👎. */
export const FEEDBACK_ACTIONS = { vote: 'dockhand.vote', reason: 'dockhand.reason' } as const;

/** The block id of the vote buttons, so a test (or a later update) can find them. */
export const FEEDBACK_BLOCK = 'dockhand.feedback';

/** What a vote button carries back: the answer id, its topic and language (a vote needs no lookup). */
export interface VoteTarget {
  answerId: string;
  topicId: string | null;
  lang: Lang;
}

/** Slack's button value limit; our values stay far below it (an id of 64 and a topic of 100). */
const MAX_VALUE = 2000;

export function encodeVote(target: VoteTarget): string {
  return JSON.stringify({ a: target.answerId, l: target.lang, ...(target.topicId ? { t: target.topicId } : {}) });
}

/** Parses a vote or reason button value; null for anything we did not produce. */
export function decodeVote(value: string | undefined): VoteTarget | null {
  const data = parseButtonValue(value, MAX_VALUE);
  if (!data) return null;
  const { a, l, t: topic } = data;
  if (typeof a !== 'string' || !ANSWER_ID_PATTERN.test(a) || (l !== 'en' && l !== 'zh')) return null;
  if (topic !== undefined && (typeof topic !== 'string' || !TOPIC_ID_PATTERN.test(topic))) return null;
  return { answerId: a, lang: l, topicId: typeof topic === 'string' ? topic : null };
}

/** The reasons a 👎 can give, in the order they are offered. */
export function voteReasons(lang: Lang): VoteReason[] {
  return Object.keys(t(lang).feedback.reasons) as VoteReason[];
}

const button = (text: string, actionId: string, value: string): types.Button => ({
  type: 'button',
  text: { type: 'plain_text', text, emoji: true },
  action_id: actionId,
  value,
});

/** The 👍 / 👎 actions block under an answer. */
export function voteBlock(answer: Answer & { answerId: string }): types.ActionsBlock {
  const value = encodeVote({ answerId: answer.answerId, topicId: answer.topic?.id ?? null, lang: answer.lang });
  return {
    type: 'actions',
    block_id: FEEDBACK_BLOCK,
    elements: [button('👍', `${FEEDBACK_ACTIONS.vote}:up`, value), button('👎', `${FEEDBACK_ACTIONS.vote}:down`, value)],
  };
}

type Reply = { text: string; blocks: types.KnownBlock[] };

const notice = (text: string): Reply => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } }] });

/** The private reply to a vote: thanks, and after a 👎 the reasons as buttons. */
export function voteReply(target: VoteTarget, vote: 1 | -1, result: VoteOutcome): Reply {
  const words = t(target.lang).feedback;
  if (result === 'failed') return notice(words.failed);
  if (vote === 1) return notice(words.up[result]);
  const reply = notice(words.down[result]);
  const value = encodeVote({ answerId: target.answerId, topicId: null, lang: target.lang });
  const reasons = voteReasons(target.lang).map((r) => button(words.reasons[r], `${FEEDBACK_ACTIONS.reason}:${r}`, value));
  return { text: reply.text, blocks: [...reply.blocks, { type: 'actions', elements: reasons }] };
}

/** What the feedback listeners need. */
export interface FeedbackDeps {
  feedback?: FeedbackService;
  log: Logger;
}

type ButtonArgs = { ack: () => Promise<void>; body: BlockAction; action: ButtonAction; respond: RespondFn };

/** A new ephemeral message for the presser only, leaving the message they pressed on as it was. */
const privately = (reply: Reply) => ({ response_type: 'ephemeral' as const, replace_original: false, ...reply });

/**
 * Registers the vote and reason listeners. A press always gets a private answer, even when
 * feedback is off (a button left from before) or the value was tampered with.
 */
export function registerFeedback(app: App, deps: FeedbackDeps): void {
  const { log } = deps;
  const reasonIds = new Set<string>(voteReasons('en'));

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${FEEDBACK_ACTIONS.vote.replace('.', '\\.')}:(up|down)$`), async ({ ack, body, action, respond }: ButtonArgs) => {
    await ack();
    const target = decodeVote(action.value);
    const vote = action.action_id.endsWith(':up') ? 1 : -1;
    const lang = target?.lang ?? 'en';
    const fields = { user: body.user.id, channel: body.channel?.id, action: action.action_id };
    const reply = !deps.feedback
      ? notice(t(lang).feedback.off)
      : !target
        ? notice(t(lang).feedback.invalid)
        : voteReply(target, vote, await deps.feedback.vote({ ...target, platform: 'slack', userId: body.user.id, vote }));
    log.debug({ ...fields, vote, answerId: target?.answerId }, 'slack vote');
    await respond(privately(reply)).catch((error: unknown) => log.warn({ err: error, ...fields }, 'could not answer a vote'));
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${FEEDBACK_ACTIONS.reason.replace('.', '\\.')}:[a-z-]+$`), async ({ ack, body, action, respond }: ButtonArgs) => {
    await ack();
    const target = decodeVote(action.value);
    const reason = action.action_id.slice(FEEDBACK_ACTIONS.reason.length + 1);
    const lang = target?.lang ?? 'en';
    const words = t(lang).feedback;
    const fields = { user: body.user.id, channel: body.channel?.id, action: action.action_id };
    let text: string;
    if (!deps.feedback) text = words.off;
    else if (!target || !reasonIds.has(reason)) text = words.invalid;
    else {
      const why = reason as VoteReason;
      const saved = await deps.feedback.reason({ answerId: target.answerId, platform: 'slack', userId: body.user.id, reason: why });
      text = saved ? words.reasonSaved(escapeMrkdwn(words.reasons[why])) : words.reasonFailed;
    }
    // The reasons sit in the presser's own ephemeral reply: replace it, so the choice shows as made.
    await respond({ replace_original: true, ...notice(text) }).catch((error: unknown) => log.warn({ err: error, ...fields }, 'could not answer a vote reason'));
  });
}
