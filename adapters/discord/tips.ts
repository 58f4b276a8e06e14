/**
 * `/docker-tips on|off|show` and `/docker-tip`, routed to the optional TipsService. Scheduling,
 * validation and the choice of tip belong to the service; this file only translates.
 */
import {
  MessageFlags,
  PermissionFlagsBits,
  type APIApplicationCommandOptionChoice,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { invalidTipsMessage, type TipPost } from '../../src/adapter.ts';
import { t } from '../../src/templates.ts';
import type { Lang } from '../../src/types.ts';
import { OPTION } from './commands.ts';
import { WORDING, renderSchedule, renderTip } from './render.ts';
import { NO_MENTIONS, asLang, localeLang, reply, type HandlerDeps } from './respond.ts';
import { LIMITS, clip, defuseMentions } from './text.ts';

/** Bad tips input (TIPS_INVALID) as a safe message in the user's language; any other error is rethrown. */
function invalidText(error: unknown, lang: Lang): string {
  const text = invalidTipsMessage(error, lang);
  if (text === null) throw error;
  return clip(defuseMentions(text), LIMITS.content);
}

async function ephemeral(interaction: ChatInputCommandInteraction, content: string): Promise<void> {
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

/** What the bot needs to post a tip: in a channel, and additionally in a thread. */
const POST_NEEDS = ['ViewChannel', 'SendMessages', 'EmbedLinks'] as const;
const THREAD_NEEDS = [...POST_NEEDS, 'SendMessagesInThreads'] as const;

/** The permissions the bot lacks in the command's channel, named in the user's language. */
function missingPermissions(interaction: ChatInputCommandInteraction, lang: Lang): string[] {
  // Any thread kind (public, private, announcement) needs Send Messages in Threads.
  const needs = interaction.channel?.isThread() ? THREAD_NEEDS : POST_NEEDS;
  return needs.filter((name) => !interaction.appPermissions.has(PermissionFlagsBits[name])).map((name) => WORDING[lang].permissions[name]);
}

/** `/docker-tips on [time] [timezone] [lang]`, `off`, `show`. */
export async function handleTipsCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const ui = localeLang(interaction.locale) ?? 'en';
  const tips = deps.tips;
  if (!tips) return ephemeral(interaction, t(ui).tipsDisabled);
  if (!interaction.inGuild()) return ephemeral(interaction, WORDING[ui].tipsGuildOnly);
  const channelId = interaction.channelId;
  const sub = interaction.options.getSubcommand();
  if (sub === 'show') {
    const schedule = await tips.status('discord', channelId);
    return reply(interaction, deps, true, () => ({ content: schedule ? renderSchedule(schedule, ui) : WORDING[ui].tipsNone }));
  }
  if (sub === 'off') {
    const removed = await tips.unsubscribe('discord', channelId);
    return reply(interaction, deps, false, () => ({ content: removed ? WORDING[ui].tipsOff : WORDING[ui].tipsWereOff }));
  }
  const missing = missingPermissions(interaction, ui);
  if (missing.length) return ephemeral(interaction, WORDING[ui].cannotPost(missing));
  const time = interaction.options.getString(OPTION.time) ?? undefined;
  const timezone = interaction.options.getString(OPTION.timezone) ?? undefined;
  // A re-run that changes only the time keeps the language chosen before; a first run defaults to the server's.
  const lang =
    asLang(interaction.options.getString(OPTION.lang)) ??
    ((await tips.status('discord', channelId)) ? undefined : localeLang(interaction.guildLocale) ?? ui);
  try {
    const schedule = await tips.subscribe('discord', channelId, { ...(time ? { time } : {}), ...(timezone ? { timezone } : {}), ...(lang ? { lang } : {}) });
    await reply(interaction, deps, false, () => ({ content: renderSchedule(schedule, ui) }));
  } catch (error) {
    await ephemeral(interaction, invalidText(error, ui));
  }
}

/** `/docker-tip [lang]`: today's tip for this channel (or a date-based pick in a DM). */
export async function handleTipCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const ui = localeLang(interaction.locale) ?? 'en';
  const tips = deps.tips;
  if (!tips) return ephemeral(interaction, t(ui).tipsDisabled);
  const lang = asLang(interaction.options.getString(OPTION.lang)) ?? ui;
  const channelId = interaction.inGuild() ? interaction.channelId : null;
  let post: TipPost;
  try {
    post = await tips.today('discord', channelId, lang);
  } catch (error) {
    return ephemeral(interaction, invalidText(error, ui));
  }
  await reply(interaction, deps, false, () => renderTip(post));
}

const COMMON_ZONES = [
  'UTC',
  'Asia/Shanghai',
  'Asia/Taipei',
  'Asia/Hong_Kong',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
];
let zones: string[] | null = null;

/** Time-zone suggestions for the `timezone` option: common zones first, then any IANA zone containing the text. */
export function timezoneChoices(partial: string): APIApplicationCommandOptionChoice<string>[] {
  zones ??= [...new Set([...COMMON_ZONES, ...Intl.supportedValuesOf('timeZone')])];
  const needle = partial.trim().toLowerCase().replace(/\s+/g, '_').slice(0, 64);
  return zones
    .filter((zone) => zone.toLowerCase().includes(needle))
    .slice(0, LIMITS.choices)
    .map((zone) => ({ name: zone, value: zone }));
}
