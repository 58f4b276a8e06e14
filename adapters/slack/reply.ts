import type { webApi } from '@slack/bolt';
import type { Engine, FeedbackService, TipsService } from '../../src/adapter.ts';
import type { Answer, Lang } from '../../src/types.ts';
import type { Command } from './command.ts';
import { lintReply } from './lint.ts';
import type { People } from './people.ts';
import { renderAnswer, renderNotice, type ButtonTarget, type SlackMessage } from './render.ts';
import { tipsReply } from './tips.ts';
import { slackWords } from './words.ts';

/** What every reply needs; built once per adapter. */
export interface ReplyDeps {
  engine: Engine;
  command: string;
  tips?: TipsService;
  people: People;
  /** 👍/👎 on answers; without it answers carry no vote buttons. */
  feedback?: FeedbackService;
}

/** Who asked, where, and how the reply will be shown. */
export interface Asker {
  client: webApi.WebClient;
  userId: string;
  channelId: string;
  botUserId?: string;
  /** Only the asker will see the reply (slash commands, buttons). */
  ephemeral: boolean;
}

/**
 * The language of a reply that has no question text to judge by: `--lang`, else the user's Slack
 * locale, else English.
 */
async function replyLang(cmd: Command, asker: Asker, deps: ReplyDeps): Promise<Lang> {
  if (cmd.lang) return cmd.lang;
  return (await deps.people.get(asker.client, asker.userId)).lang ?? 'en';
}

/** Turns a parsed command into the message to send back. Throws only on unexpected failures. */
export async function replyTo(cmd: Command, asker: Asker, deps: ReplyDeps): Promise<SlackMessage> {
  const view = { ephemeral: asker.ephemeral, command: deps.command, botUserId: asker.botUserId, feedback: Boolean(deps.feedback) };
  if (cmd.kind === 'ask') {
    return renderAnswer(deps.engine.answer(cmd.question, { ...(cmd.lang ? { lang: cmd.lang } : {}), asker: asker.userId }), { ...view, asked: cmd.question });
  }
  if (cmd.kind === 'lint') return lintReply(cmd, asker, deps);
  const lang = await replyLang(cmd, asker, deps);
  switch (cmd.kind) {
    case 'help':
      return renderAnswer(deps.engine.help(lang), view);
    case 'badLang':
      return renderNotice(slackWords(lang).langFlag);
    default:
      return tipsReply(cmd, deps.tips, { client: asker.client, channelId: asker.channelId, lang, command: deps.command });
  }
}

/**
 * Re-creates the answer a button points at: a topic by id, or a side-by-side comparison from its
 * query. Null when the topic is gone or the query no longer yields a confident answer.
 */
export function answerFor(target: ButtonTarget, engine: Engine, asker?: string): Answer | null {
  if ('id' in target) return engine.answerTopic(target.id, target.lang);
  const answer = engine.answer(target.query, { lang: target.lang, ...(asker ? { asker } : {}) });
  return answer.kind === 'topic' || answer.kind === 'compare' ? answer : null;
}
