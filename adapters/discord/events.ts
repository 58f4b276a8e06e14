/**
 * Discord events → engine calls → replies. Handlers parse the event, ask the engine, render and
 * send; wording lives in render.ts, search in the engine.
 */
import {
  DiscordAPIError,
  MessageFlags,
  MessageType,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
  type MessageReplyOptions,
} from 'discord.js';
import type { Answer, AskContext, Lang } from '../../src/types.ts';
import { t } from '../../src/templates.ts';
import { attachmentNotice, handleLintCommand, withDockerfileAttachment } from './attachments.ts';
import { DOCKER_COMMAND, LINT_COMMAND, OPTION, TIPS_COMMAND, TIP_COMMAND } from './commands.ts';
import { REASON_PREFIX, VOTE_PREFIX, reasonSelect, voteButton } from './feedback.ts';
import { WORDING, decodeTopicRef, renderAnswer, renderChoices } from './render.ts';
import { NO_MENTIONS, asLang, describeError, guard, isLate, localeLang, reply, type HandlerDeps } from './respond.ts';
import { LIMITS } from './text.ts';
import { handleTipCommand, handleTipsCommand, timezoneChoices } from './tips.ts';

/** Routes one interaction. Never rejects. */
export async function handleInteraction(interaction: Interaction, deps: HandlerDeps): Promise<void> {
  const lang = localeLang(interaction.locale) ?? 'en';
  await guard(interaction, deps, lang, async () => {
    if (interaction.isChatInputCommand()) {
      if (interaction.commandName === DOCKER_COMMAND) return answerCommand(interaction, deps);
      if (interaction.commandName === TIPS_COMMAND) return handleTipsCommand(interaction, deps);
      if (interaction.commandName === TIP_COMMAND) return handleTipCommand(interaction, deps);
      return staleCommand(interaction, deps);
    } else if (interaction.isMessageContextMenuCommand() && interaction.commandName === LINT_COMMAND) {
      return handleLintCommand(interaction, deps);
    } else if (interaction.isAutocomplete()) {
      return autocomplete(interaction, deps);
    } else if (interaction.isButton()) {
      if (interaction.customId.startsWith(VOTE_PREFIX)) return voteButton(interaction, deps, lang);
      return topicButton(interaction, deps);
    } else if (interaction.isStringSelectMenu() && interaction.customId.startsWith(REASON_PREFIX)) {
      return reasonSelect(interaction, deps, lang);
    }
    deps.logger.debug({ interactionId: interaction.id, type: interaction.type }, 'ignored an interaction that is not ours');
  });
}

/**
 * A command this version does not know: renamed or removed, still registered from an older
 * release. Discord would show "The application did not respond"; say what to do instead.
 */
async function staleCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const lang = localeLang(interaction.locale) ?? 'en';
  deps.logger.warn({ command: interaction.commandName, interactionId: interaction.id }, 'unknown slash command: the registered commands are out of date (npm run discord:register)');
  await interaction.reply({ content: WORDING[lang].staleCommand(interaction.commandName), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

/** `asker` is the Discord user id, for the question log's distinct people only. */
function context(forced: Lang | undefined, hint: Lang | undefined, asker?: string): AskContext {
  return { ...(forced ? { lang: forced } : {}), ...(hint ? { localeHint: hint } : {}), ...(asker ? { asker } : {}) };
}

/**
 * The engine's answer to the `question` option. An autocomplete pick arrives as an encoded topic
 * (`dh:t:<id>:<lang>`) and is answered as that topic, in the language its title was shown in
 * unless `lang` forces another.
 */
function answerFor(question: string, forced: Lang | undefined, hint: Lang | undefined, asker: string, deps: HandlerDeps): Answer {
  const picked = decodeTopicRef(question.trim());
  const topic = picked && deps.engine.answerTopic(picked.id, forced ?? picked.lang);
  return topic ?? deps.engine.answer(question, context(forced, hint, asker));
}

async function answerCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const question = interaction.options.getString(OPTION.question) ?? '';
  const forced = asLang(interaction.options.getString(OPTION.lang));
  const ephemeral = interaction.options.getBoolean(OPTION.private) ?? false;
  deps.logger.debug({ interactionId: interaction.id, question }, 'discord /docker');
  const feedback = Boolean(deps.feedback);
  await reply(interaction, deps, ephemeral, () => renderAnswer(answerFor(question, forced, localeLang(interaction.locale), interaction.user.id, deps), { feedback }));
}

async function autocomplete(interaction: AutocompleteInteraction, deps: HandlerDeps): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const partial = String(focused.value);
  if (interaction.commandName === TIPS_COMMAND && focused.name === OPTION.timezone) {
    return interaction.respond(timezoneChoices(partial));
  }
  if (interaction.commandName !== DOCKER_COMMAND || focused.name !== OPTION.question) return interaction.respond([]);
  // Titles in the answer's language: the lang option, else Chinese if typed, else the locale (a zh user typing "cmd" reads Chinese).
  const lang = deps.engine.detectLang(partial, context(asLang(interaction.options.getString(OPTION.lang)), localeLang(interaction.locale)));
  await interaction.respond(renderChoices(deps.engine.complete(partial, lang, LIMITS.choices), lang));
}

/**
 * A topic button ("did you mean", related, a tip's "Full answer"). On an ephemeral answer it
 * replaces that answer in place; on a public message it answers the clicker privately, so one
 * person's click never rewrites what everyone else is reading.
 */
async function topicButton(interaction: ButtonInteraction, deps: HandlerDeps): Promise<void> {
  const ref = decodeTopicRef(interaction.customId);
  const answer = ref && deps.engine.answerTopic(ref.id, ref.lang);
  if (!answer) {
    const lang = ref?.lang ?? localeLang(interaction.locale) ?? 'en';
    await interaction.reply({ content: WORDING[lang].topicGone, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    return;
  }
  const inPlace = interaction.message.flags.has(MessageFlags.Ephemeral);
  const message = { ...renderAnswer(answer, { feedback: Boolean(deps.feedback) }), allowedMentions: NO_MENTIONS };
  if (isLate(interaction, deps)) {
    await (inPlace ? interaction.deferUpdate() : interaction.deferReply({ flags: MessageFlags.Ephemeral }));
    await interaction.editReply(message);
  } else if (inPlace) {
    await interaction.update(message);
  } else {
    await interaction.reply({ ...message, flags: MessageFlags.Ephemeral });
  }
}

/** The question in a mention: the text without the bot's own mention(s), user or role. */
export function stripMention(content: string, botId: string, botRoleId?: string): string {
  const user = content.split(`<@${botId}>`).join(' ').split(`<@!${botId}>`).join(' ');
  return (botRoleId ? user.split(`<@&${botRoleId}>`).join(' ') : user).trim();
}

/**
 * A message that mentions the bot (in a channel or thread) or any message in a DM: reply to it
 * with the answer. Bots (this one included), system messages and webhooks are ignored; edits
 * never reach here (the adapter does not listen for them). Never rejects.
 */
export async function handleMessage(message: Message, deps: HandlerDeps): Promise<void> {
  const me = message.client.user?.id;
  if (!me || message.author.bot || message.author.id === me || message.system || message.webhookId) return;
  if (message.type !== MessageType.Default && message.type !== MessageType.Reply) return;
  // Discord's autocomplete often offers the bot's managed role (same name) before the bot user:
  // a mention of that role is a mention of the bot.
  const botRole = message.inGuild() ? message.guild.roles.botRoleFor(me) : null;
  if (message.inGuild() && !message.mentions.users.has(me) && !(botRole && message.mentions.roles.has(botRole.id))) return;
  const text = stripMention(message.content, me, botRole?.id);
  const ask = context(undefined, localeLang(message.guild?.preferredLocale), message.author.id);
  try {
    deps.logger.debug({ messageId: message.id, text, attachments: message.attachments.size || undefined }, 'discord mention');
    // An attachment named Dockerfile* is read with the question (linted like a paste); one that cannot be read gets a note.
    const asked = await withDockerfileAttachment(message, text, deps);
    const note = asked.failed ? attachmentNotice(asked.failed, deps.engine.detectLang(text, ask)) : null;
    if (note && !/[\p{L}\p{N}]/u.test(text)) return void (await answerTo(message, { content: note }, deps));
    const answer = deps.engine.answer(asked.text, ask);
    await answerTo(message, { ...renderAnswer(answer, { feedback: Boolean(deps.feedback) }), ...(note ? { content: note } : {}) }, deps);
  } catch (error) {
    deps.logger.error({ err: describeError(error), messageId: message.id, guildId: message.guildId }, 'discord message handler failed');
    await answerTo(message, { content: t(deps.engine.detectLang(text, ask)).error }, deps).catch((second: unknown) =>
      deps.logger.warn({ err: describeError(second), messageId: message.id }, 'could not tell the user about the failure'),
    );
  }
}

/** Discord's "Cannot reply without permission to read message history". */
const CANNOT_REPLY = 160002;

/**
 * Replies to the message. Without Read Message History Discord refuses replies (160002), so the
 * answer goes to the channel as a plain message that names the asker (a mention that pings nobody,
 * since nothing is ever allowed to) and the missing permission is logged once per channel. The
 * reply is still tried first each time, so granting the permission takes effect at once.
 */
async function answerTo(message: Message, body: MessageReplyOptions, deps: HandlerDeps): Promise<void> {
  const options = { ...body, allowedMentions: NO_MENTIONS };
  try {
    await message.reply({ ...options, failIfNotExists: false });
    return;
  } catch (error) {
    if (!(error instanceof DiscordAPIError) || error.code !== CANNOT_REPLY) throw error;
    if (!deps.noHistory.has(message.channelId)) {
      deps.noHistory.add(message.channelId);
      deps.logger.warn(
        { channelId: message.channelId, guildId: message.guildId, code: CANNOT_REPLY },
        'cannot reply in this channel: dockhand lacks Read Message History there, so it answers with a plain message naming the asker',
      );
    }
  }
  if (!message.channel.isSendable()) throw new Error(`channel ${message.channelId} does not take messages`);
  const named = `<@${message.author.id}>`;
  await message.channel.send({ ...options, content: options.content ? `${named} ${options.content}` : named });
}
