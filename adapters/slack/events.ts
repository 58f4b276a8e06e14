import type { App, BlockAction, ButtonAction, RespondArguments, RespondFn, webApi } from '@slack/bolt';
import { t } from '../../src/templates.ts';
import type { Logger } from '../../src/log.ts';
import type { Lang } from '../../src/types.ts';
import { parseCommand } from './command.ts';
import { unwrapFences, withFile } from '../paste.ts';
import { FileReader, MAX_FILE_BYTES, fileNotice, type FileRead, type SlackFile } from './files.ts';
import { registerFeedback } from './feedback.ts';
import { HandledOnce } from './memory.ts';
import type { OnceStore } from '../../src/store/once.ts';
import { renderAnswer, renderNotice, decodeTarget, ACTIONS, type SlackMessage } from './render.ts';
import { answerFor, replyTo, type ReplyDeps } from './reply.ts';
import { escapeMrkdwn, slackToPlain } from './text.ts';
import { slackError } from './tips.ts';
import { slackWords } from './words.ts';

/**
 * Longest message text we look at: a whole Dockerfile to lint, with the same cap as a shared file
 * (files.ts). The engine caps what it ranks far below this.
 */
const MAX_INPUT = MAX_FILE_BYTES;

/** A message's text as the user typed it: Slack markup resolved, code fences on lines of their own. */
const plainText = (raw: string) => unwrapFences(slackToPlain(raw.slice(0, MAX_INPUT)));

/** Everything the listeners need. */
export interface HandlerDeps extends ReplyDeps {
  log: Logger;
  now: () => number;
  /** Where event ids and Share clicks are marked handled, shared by the replicas; null: this process only. */
  once: OnceStore | null;
}

type Channel = { client: webApi.WebClient; channel: string; thread_ts?: string };

/** A new message only the clicker or asker sees (never replacing the one they acted on). */
const ephemeral = (message: SlackMessage): RespondArguments => ({
  response_type: 'ephemeral',
  replace_original: false,
  ...message,
});

const post = (to: Channel, message: SlackMessage) =>
  to.client.chat.postMessage({
    channel: to.channel,
    ...(to.thread_ts ? { thread_ts: to.thread_ts } : {}),
    ...message,
    unfurl_links: false,
    unfurl_media: false,
  });

/** A reply with a short note on top (a file that could not be read), within the 50-block limit. */
function withNotice(reply: SlackMessage, note: string): SlackMessage {
  const [block] = renderNotice(note).blocks;
  const blocks = block && reply.blocks.length < 50 ? [block, ...reply.blocks] : reply.blocks;
  return { text: `${note} ${reply.text}`.slice(0, 3000), blocks };
}

function errorNotice(lang: Lang): SlackMessage {
  return renderNotice(t(lang).error);
}

/** Wires slash command, buttons, mentions and DMs to the engine. */
export function registerHandlers(app: App, deps: HandlerDeps): void {
  const { log, engine, command } = deps;
  // Event ids and shared messages (per ephemeral message and answer), for as long as a retry or a
  // double click could repeat one, on whichever replica it lands.
  const once = new HandledOnce(deps.once, deps.now, log);
  const files = new FileReader(log);

  /** Runs one handler; a failure is logged with context and answered, never thrown to Bolt. */
  const guard = async (handler: string, fields: Record<string, unknown>, lang: () => Lang, fail: (m: SlackMessage) => Promise<unknown>, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      log.error({ err: error, handler, slackError: slackError(error), ...fields }, 'slack handler failed');
      await fail(errorNotice(lang())).catch((e: unknown) => log.warn({ err: e, handler, ...fields }, 'could not tell the user about the failure'));
    }
  };

  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await once.first(`slack:event:${eventId}`))) {
      log.debug({ eventId }, 'dropping a retried event');
      return;
    }
    await next();
  });

  app.command(command, async ({ command: payload, ack, respond, client, context }) => {
    await ack();
    const text = plainText(payload.text ?? '');
    const cmd = parseCommand(text);
    const fields = { user: payload.user_id, channel: payload.channel_id, team: payload.team_id, kind: cmd.kind };
    log.debug({ ...fields, text }, 'slash command');
    await guard('slash', fields, () => cmd.lang ?? engine.detectLang(text), (m) => respond(ephemeral(m)), async () => {
      const asker = { client, userId: payload.user_id, channelId: payload.channel_id, botUserId: context.botUserId, ephemeral: true };
      await respond(ephemeral(await replyTo(cmd, asker, deps)));
    });
  });

  // Any other slash command routed to this app: its command was renamed in Slack but not in
  // SLACK_COMMAND. Without this Bolt answers 404 after 3 s with a log line about ack(); say instead
  // which command arrived and which one is configured.
  app.command(new RegExp(`^(?!${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$)`), async ({ command: payload, ack }) => {
    const arrived = payload.command;
    log.warn({ arrived, configured: command }, `slash command ${arrived} arrived, but dockhand is configured for ${command}: set SLACK_COMMAND=${arrived} (or rename the command back in the Slack app)`);
    await ack(ephemeral(renderNotice(slackWords(engine.detectLang(payload.text ?? '')).otherCommand(escapeMrkdwn(arrived), escapeMrkdwn(command)))));
  });

  const topicButton = async ({ ack, body, action, respond }: { ack: () => Promise<void>; body: BlockAction; action: ButtonAction; respond: RespondFn }) => {
    await ack();
    const target = decodeTarget(action.value);
    const replace = action.action_id.startsWith(`${ACTIONS.pick}:`);
    const inEphemeral = body.container?.is_ephemeral === true;
    const fields = { user: body.user.id, channel: body.channel?.id, action: action.action_id, topic: target && 'id' in target ? target.id : null };
    const lang = target?.lang ?? 'en';
    await guard('button', fields, () => lang, (m) => respond(ephemeral(m)), async () => {
      const answer = target ? answerFor(target, engine, body.user.id) : null;
      if (!answer) return void (await respond(ephemeral(renderNotice(slackWords(lang).topicGone))));
      // A pick replaces the message it sits in, so it stays public or private as that message was.
      const showsPrivately = replace ? inEphemeral : true;
      const message = renderAnswer(answer, { ephemeral: showsPrivately, command, feedback: Boolean(deps.feedback) });
      await respond(replace ? { replace_original: true, ...message } : ephemeral(message));
    });
  };
  app.action<BlockAction<ButtonAction>>(new RegExp(`^(${ACTIONS.topic}|${ACTIONS.pick}):\\d+$`.replaceAll('.', '\\.')), topicButton);

  app.action<BlockAction<ButtonAction>>(ACTIONS.share, async ({ ack, body, action, respond, client }) => {
    await ack();
    const target = decodeTarget(action.value);
    const lang = target?.lang ?? 'en';
    const channel = body.channel?.id;
    const fields = { user: body.user.id, channel, action: action.action_id };
    // A double click sends two clicks of the same button on the same message, maybe to two
    // replicas: post it once. The mark is taken before the post, so the second click, arriving
    // mid-post, finds it.
    const shareKey = `slack:share:${channel}:${body.container?.message_ts ?? body.response_url}:${action.value}`;
    if (!(await once.first(shareKey))) return void log.debug(fields, 'ignoring a repeated share click');
    await guard('share', fields, () => lang, async (m) => (await once.forget(shareKey), respond(ephemeral(m))), async () => {
      const answer = target ? answerFor(target, engine, body.user.id) : null;
      if (!answer || !channel) return void (await respond(ephemeral(renderNotice(slackWords(lang).topicGone))));
      const person = await deps.people.get(client, body.user.id);
      const sharedBy = person.name ?? body.user.name ?? body.user.username ?? body.user.id;
      const message = renderAnswer(answer, { ephemeral: false, command, sharedBy, feedback: Boolean(deps.feedback) });
      const threadTs = typeof body.container?.thread_ts === 'string' ? body.container.thread_ts : undefined;
      try {
        await post({ client, channel, thread_ts: threadTs }, message);
      } catch (error) {
        const code = slackError(error);
        if (code !== 'not_in_channel' && code !== 'channel_not_found') throw error;
        // The bot is not in this conversation (a private channel, someone else's DM): the
        // response_url can still post there publicly on the user's behalf.
        log.debug({ ...fields, slackError: code }, 'share falls back to response_url');
        try {
          await respond({ response_type: 'in_channel', replace_original: false, ...message });
        } catch (e) {
          log.warn({ err: e, ...fields }, 'share failed');
          await once.forget(shareKey);
          return void (await respond(ephemeral(renderNotice(slackWords(lang).shareFailed))));
        }
      }
      await respond({ delete_original: true }).catch((e: unknown) => log.debug({ err: e, ...fields }, 'could not remove the ephemeral answer'));
    });
  });

  // A long paste arrives as a snippet (`file_share`): the message text and the file's content are
  // read together (src/router.ts then decides: a Dockerfile is linted). Other subtypes are edits and deletions.
  const sharedFiles = (event: { subtype?: string; files?: unknown }): SlackFile[] =>
    event.subtype === 'file_share' && Array.isArray(event.files) ? (event.files as SlackFile[]) : [];

  app.event('app_mention', async ({ event, client, context }) => {
    // Mentions inside a DM also arrive as DM messages; those are answered there.
    const shared = sharedFiles(event as { subtype?: string; files?: unknown });
    if (event.bot_id || (event.subtype && !shared.length) || event.edited || !event.user || event.channel.startsWith('D')) return;
    await answerMessage({ client, channel: event.channel, thread_ts: event.thread_ts ?? event.ts }, event.text, event.user, context.botUserId, 'mention', shared);
  });

  app.event('message', async ({ event, client, context }) => {
    const message = event as { channel_type?: string; subtype?: string; bot_id?: string; user?: string; text?: string; channel: string; thread_ts?: string; files?: unknown };
    const shared = sharedFiles(message);
    if (message.channel_type !== 'im' || (message.subtype && !shared.length) || message.bot_id || !message.user || (!message.text && !shared.length)) return;
    await answerMessage({ client, channel: message.channel, thread_ts: message.thread_ts }, message.text ?? '', message.user, context.botUserId, 'dm', shared);
  });

  async function answerMessage(to: Channel, raw: string, userId: string, botUserId: string | undefined, handler: string, shared: SlackFile[] = []) {
    const typed = plainText(raw);
    const fields = { user: userId, channel: to.channel, files: shared.length || undefined };
    log.debug({ ...fields, text: typed }, handler);
    let lang: Lang = engine.detectLang(typed);
    await guard(handler, fields, () => lang, (m) => post(to, m), async () => {
      // The first file that reads as text; others in the same message are left alone.
      const read = shared.length ? await readFirst(to.client, shared) : null;
      const text = read?.ok ? withFile(typed, read) : typed;
      const cmd = parseCommand(text);
      lang = cmd.lang ?? engine.detectLang(text);
      const asker = { client: to.client, userId, channelId: to.channel, botUserId, ephemeral: false };
      if (read && !read.ok && !/[\p{L}\p{N}]/u.test(typed)) return void (await post(to, renderNotice(fileNotice(read, lang, false))));
      const reply = cmd.kind === 'ask' && read?.ok ? renderAnswer(engine.answer(text, { ...(cmd.lang ? { lang: cmd.lang } : {}), asker: userId }), { ...asker, command, asked: typed || read.name, feedback: Boolean(deps.feedback) }) : await replyTo(cmd, asker, deps);
      await post(to, read && !read.ok ? withNotice(reply, fileNotice(read, lang, true)) : reply);
    });
  }

  async function readFirst(client: webApi.WebClient, shared: SlackFile[]): Promise<FileRead> {
    let first: FileRead | null = null;
    for (const file of shared.slice(0, 5)) {
      const read = await files.read(client, file);
      if (read.ok) return read;
      first ??= read;
    }
    return first!;
  }

  registerFeedback(app, { feedback: deps.feedback, log });

  app.error(async (error) => {
    log.error({ err: error }, 'slack listener error');
  });
}
