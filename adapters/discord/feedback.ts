/**
 * 👍/👎 on Discord answers: a row of two buttons under the answer, an ephemeral reply to each
 * press (Discord has no per-user button state, so the presser's "thanks" is a message only they
 * see), and after a 👎 a select menu of reasons in that reply. A vote never posts in the channel.
 */
import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIStringSelectComponent,
  type BaseMessageOptions,
  type ButtonInteraction,
  type Interaction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { VoteOutcome } from '../../src/adapter.ts';
import { TOPIC_ID_PATTERN } from '../../src/knowledge/schema.ts';
import { ANSWER_ID_PATTERN } from '../../src/learn/recorder.ts';
import type { VoteReason } from '../../src/learn/store.ts';
import { t } from '../../src/templates.ts';
import type { Answer, Lang } from '../../src/types.ts';
import { NO_MENTIONS, type HandlerDeps } from './respond.ts';
import { LIMITS, clip } from './text.ts';

/** custom_id prefixes: `dh:v:<+|->:<answerId>:<lang>:<topic>` on votes, `dh:r:<answerId>:<lang>` on the reason menu. */
export const VOTE_PREFIX = 'dh:v:';
export const REASON_PREFIX = 'dh:r:';


/** What a vote button carries: enough to store the vote without a lookup. */
export interface VoteRef {
  vote: 1 | -1;
  answerId: string;
  lang: Lang;
  /** Null when the answer has no topic, or its id would push the custom_id past 100 characters. */
  topicId: string | null;
}

/**
 * Encodes a vote as a custom_id of at most 100 characters. The topic goes last and is left out
 * when it would not fit (ids up to 77 characters fit; the longest today is 32); the question log
 * still knows it by answer id.
 */
export function encodeVote(ref: VoteRef): string {
  const head = `${VOTE_PREFIX}${ref.vote === 1 ? '+' : '-'}:${ref.answerId}:${ref.lang}:`;
  const topic = ref.topicId ?? '';
  return head.length + topic.length <= LIMITS.customId ? head + topic : head;
}

/** Decodes a vote custom_id; null for anything we did not produce. */
export function decodeVote(customId: string): VoteRef | null {
  if (customId.length > LIMITS.customId || !customId.startsWith(VOTE_PREFIX)) return null;
  const [sign, answerId = '', lang, topic = '', ...extra] = customId.slice(VOTE_PREFIX.length).split(':');
  if (extra.length || (sign !== '+' && sign !== '-') || !ANSWER_ID_PATTERN.test(answerId) || (lang !== 'en' && lang !== 'zh')) return null;
  if (topic && !TOPIC_ID_PATTERN.test(topic)) return null;
  return { vote: sign === '+' ? 1 : -1, answerId, lang, topicId: topic || null };
}

/** The reasons a 👎 can give, in the order they are offered. */
export function voteReasons(lang: Lang): VoteReason[] {
  return Object.keys(t(lang).feedback.reasons) as VoteReason[];
}

/** The 👍 / 👎 row under an answer. */
export function voteRow(answer: Answer & { answerId: string }): APIActionRowComponent<APIButtonComponentWithCustomId> {
  const ref = { answerId: answer.answerId, lang: answer.lang, topicId: answer.topic?.id ?? null };
  const button = (vote: 1 | -1): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label: vote === 1 ? '👍' : '👎',
    custom_id: encodeVote({ ...ref, vote }),
  });
  return { type: ComponentType.ActionRow, components: [button(1), button(-1)] };
}

/** The "what was wrong?" menu in the reply to a 👎. */
export function reasonRow(answerId: string, lang: Lang): APIActionRowComponent<APIStringSelectComponent> {
  const words = t(lang).feedback;
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: `${REASON_PREFIX}${answerId}:${lang}`,
        placeholder: clip(words.askReason, 150),
        min_values: 1,
        max_values: 1,
        options: voteReasons(lang).map((reason) => ({ label: clip(words.reasons[reason], 100), value: reason })),
      },
    ],
  };
}

/** The private reply to a vote: thanks, and after a 👎 the reasons menu. */
export function voteReply(ref: VoteRef, result: VoteOutcome): BaseMessageOptions {
  const words = t(ref.lang).feedback;
  if (result === 'failed') return { content: words.failed };
  if (ref.vote === 1) return { content: words.up[result] };
  return { content: words.down[result], components: [reasonRow(ref.answerId, ref.lang)] };
}

/**
 * Whether `work` settles within what is left of the interaction's acknowledgement budget. When it
 * does not (a slow store), the caller defers first so the acknowledgement still lands in time.
 */
async function settlesInTime(work: Promise<unknown>, interaction: Interaction, deps: HandlerDeps): Promise<boolean> {
  const left = deps.ackBudgetMs - (deps.now() - interaction.createdTimestamp);
  if (left <= 0) return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), left)));
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A 👍/👎 press: stores the vote and answers the presser alone. */
export async function voteButton(interaction: ButtonInteraction, deps: HandlerDeps, fallback: Lang): Promise<void> {
  const ref = decodeVote(interaction.customId);
  const words = t(ref?.lang ?? fallback).feedback;
  const pending: Promise<BaseMessageOptions> =
    !deps.feedback ? Promise.resolve({ content: words.off })
    : !ref ? Promise.resolve({ content: words.invalid })
    : deps.feedback.vote({ answerId: ref.answerId, platform: 'discord', userId: interaction.user.id, vote: ref.vote, topicId: ref.topicId, lang: ref.lang }).then((result) => voteReply(ref, result));
  deps.logger.debug({ interactionId: interaction.id, answerId: ref?.answerId, vote: ref?.vote }, 'discord vote');
  if (!(await settlesInTime(pending, interaction, deps))) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await interaction.editReply({ ...(await pending), allowedMentions: NO_MENTIONS });
    return;
  }
  await interaction.reply({ ...(await pending), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

/** A reason picked in the reply to a 👎: stored, and that reply updated in place. */
export async function reasonSelect(interaction: StringSelectMenuInteraction, deps: HandlerDeps, fallback: Lang): Promise<void> {
  const [answerId = '', lang, ...extra] = interaction.customId.slice(REASON_PREFIX.length).split(':');
  const known = lang === 'en' || lang === 'zh';
  const words = t(known ? lang : fallback).feedback;
  const reason = interaction.values[0] as VoteReason | undefined;
  const pending: Promise<string> =
    !deps.feedback ? Promise.resolve(words.off)
    : !known || extra.length || !ANSWER_ID_PATTERN.test(answerId) || !reason || !voteReasons('en').includes(reason) ? Promise.resolve(words.invalid)
    : deps.feedback.reason({ answerId, platform: 'discord', userId: interaction.user.id, reason }).then((saved) => (saved ? words.reasonSaved(words.reasons[reason]) : words.reasonFailed));
  const message = async () => ({ content: await pending, components: [], allowedMentions: NO_MENTIONS });
  if (!(await settlesInTime(pending, interaction, deps))) {
    await interaction.deferUpdate();
    await interaction.editReply(await message());
    return;
  }
  await interaction.update(await message());
}
