import { webApi } from '@slack/bolt';
import { PostError, invalidTipsMessage, type TipPost, type TipsService } from '../../src/adapter.ts';
import { t } from '../../src/templates.ts';
import type { Lang } from '../../src/types.ts';
import type { Command } from './command.ts';
import { renderNotice, renderSchedule, renderTip, type SlackMessage } from './render.ts';
import { escapeMrkdwn, userText } from './text.ts';
import { slackWords } from './words.ts';

type TipsCommand = Extract<Command, { kind: 'tipsOn' | 'tipsOff' | 'tipsStatus' | 'tip' | 'tipsInvalid' }>;

/** Slack errors after which posting to the channel will not work again without someone acting. */
const GONE = new Set(['channel_not_found', 'is_archived', 'not_in_channel', 'account_inactive', 'missing_scope', 'invalid_auth']);

/** The Slack error code of a Web API platform error (`{ok: false, error}`), or null. */
export function slackError(error: unknown): string | null {
  const e = error as { code?: unknown; data?: { error?: unknown } };
  return e?.code === webApi.ErrorCode.PlatformError && typeof e.data?.error === 'string' ? e.data.error : null;
}

/** Maps a chat.postMessage failure to PostError: `gone` for the errors in GONE, `transient` for the rest. */
function toPostError(error: unknown, channelId: string): PostError {
  const code = slackError(error);
  if (code && GONE.has(code)) return new PostError('gone', `Slack channel ${channelId} cannot be posted to: ${code}`, { cause: error });
  const reason = code ?? (error as { code?: string })?.code ?? 'unknown error';
  return new PostError('transient', `Posting to Slack channel ${channelId} failed: ${reason}`, { cause: error });
}

/** Posts a daily tip and returns the message ts. Throws PostError. */
export async function postTip(client: webApi.WebClient, channelId: string, tip: TipPost): Promise<string> {
  let ts: string | undefined;
  try {
    const result = await client.chat.postMessage({ channel: channelId, ...renderTip(tip), unfurl_links: false, unfurl_media: false });
    ts = result.ts;
  } catch (error) {
    throw toPostError(error, channelId);
  }
  if (!ts) throw new PostError('transient', `Slack returned no message ts for channel ${channelId}`);
  return ts;
}

/** The longest plain-text post (the weekly report): a section's limit, well under chat.postMessage's. */
const TEXT_MAX = 3000;

/**
 * Posts plain text (the weekly report) and returns the message ts: escaped so nothing in it is
 * markup or a broadcast, cut to TEXT_MAX, links not unfurled. Throws PostError.
 */
export async function postText(client: webApi.WebClient, channelId: string, text: string): Promise<string> {
  let ts: string | undefined;
  try {
    const result = await client.chat.postMessage({ channel: channelId, text: userText(text, TEXT_MAX), unfurl_links: false, unfurl_media: false });
    ts = result.ts;
  } catch (error) {
    throw toPostError(error, channelId);
  }
  if (!ts) throw new PostError('transient', `Slack returned no message ts for channel ${channelId}`);
  return ts;
}

/**
 * Whether the bot can post in a channel by itself: a member of it, or its own DM. Slack answers
 * `channel_not_found` for private channels the bot cannot see, which means "no" here too.
 */
async function canPost(client: webApi.WebClient, channelId: string): Promise<boolean> {
  try {
    const { channel } = await client.conversations.info({ channel: channelId });
    return Boolean(channel?.is_member || channel?.is_im);
  } catch (error) {
    const code = slackError(error);
    if (code === 'channel_not_found' || code === 'not_in_channel') return false;
    throw error;
  }
}

/** Where a tips command runs and in which language to answer. */
export interface TipsPlace {
  client: webApi.WebClient;
  channelId: string;
  lang: Lang;
  command: string;
}

/**
 * Runs `/docker tips on|off`, `/docker tips` and `/docker tip` against the TipsService. Errors
 * with code `TIPS_INVALID` are shown as their message; anything else is thrown to the caller.
 */
export async function tipsReply(cmd: TipsCommand, tips: TipsService | undefined, place: TipsPlace): Promise<SlackMessage> {
  const { client, channelId, lang, command } = place;
  const slack = slackWords(lang);
  if (!tips) return renderNotice(escapeMrkdwn(t(lang).tipsDisabled));
  try {
    switch (cmd.kind) {
      case 'tipsInvalid':
        throw cmd.error;
      case 'tip':
        return renderTip(await tips.today('slack', channelId, lang));
      case 'tipsStatus':
        return renderSchedule(await tips.status('slack', channelId), lang, command);
      case 'tipsOff':
        return renderNotice((await tips.unsubscribe('slack', channelId)) ? slack.tipsOff : slack.tipsWereOff);
      case 'tipsOn': {
        if (!(await canPost(client, channelId))) return renderNotice(slack.notMember(escapeMrkdwn(command)));
        // A new subscription takes the reply language; an existing one keeps its own unless told.
        const tipLang = cmd.tipLang ?? cmd.lang ?? ((await tips.status('slack', channelId)) ? undefined : lang);
        const schedule = await tips.subscribe('slack', channelId, {
          ...(cmd.time ? { time: cmd.time } : {}),
          ...(cmd.timezone ? { timezone: cmd.timezone } : {}),
          ...(tipLang ? { lang: tipLang } : {}),
        });
        return renderSchedule(schedule, lang, command);
      }
    }
  } catch (error) {
    const text = invalidTipsMessage(error, lang);
    if (text === null) throw error;
    const message = userText(text, 500);
    return renderNotice(`${message}\n${slack.tipsUsage(escapeMrkdwn(command))}`);
  }
}
