/**
 * Gateway payloads as Discord sends them (API v10), for dispatching through FakeDiscord:
 * INTERACTION_CREATE for commands, autocomplete and buttons, and MESSAGE_CREATE for mentions and DMs.
 */
import { PermissionFlagsBits } from 'discord.js';
import { apiMessage, snowflake, type FakeDiscord, type FakeGuild } from './fake-discord.ts';

export interface FakeUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: null;
  bot?: boolean;
}

export const user = (username: string, bot = false): FakeUser => ({
  id: snowflake(),
  username,
  discriminator: '0',
  global_name: username,
  avatar: null,
  ...(bot ? { bot: true } : {}),
});

export const ALICE = user('alice');

/** What the bot may do in a channel: what the invite URL grants. */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory;

export interface CommandOption {
  name: string;
  type: number;
  value?: string | boolean;
  focused?: boolean;
  options?: CommandOption[];
}

export interface InteractionSpec {
  /** Where: a guild text channel (default), the guild's thread, or a DM. */
  where?: 'channel' | 'thread' | 'dm';
  locale?: string;
  user?: FakeUser;
  /** When Discord created the interaction (its snowflake time), ms since the epoch. */
  createdAt?: number;
  appPermissions?: bigint;
  /** Another guild of the fake (from `fake.addGuild`), in its text channel; the main guild by default. */
  guild?: FakeGuild;
}

let tokens = 0;

function base(fake: FakeDiscord, type: number, spec: InteractionSpec) {
  const who = spec.user ?? ALICE;
  const where = spec.where ?? 'channel';
  const common = {
    id: snowflake(spec.createdAt ?? Date.now()),
    application_id: fake.ids.application,
    type,
    token: `itok-${++tokens}-${Math.random().toString(36).slice(2)}`,
    version: 1,
    locale: spec.locale ?? 'en-US',
    app_permissions: (spec.appPermissions ?? BOT_PERMISSIONS).toString(),
    entitlements: [],
  };
  if (where === 'dm') {
    const dm = snowflake();
    return {
      ...common,
      channel_id: dm,
      channel: { id: dm, type: 1, recipients: [who] },
      user: who,
      context: 1,
      authorizing_integration_owners: { '0': fake.ids.guild },
    };
  }
  const guild = spec.guild ?? fake.guilds[0]!;
  const channel =
    where === 'thread'
      ? { id: fake.ids.thread, type: 11, name: 'docker-help', guild_id: fake.ids.guild, parent_id: fake.ids.channel }
      : { id: guild.channel, type: 0, name: 'general', guild_id: guild.id };
  return {
    ...common,
    guild_id: channel.guild_id,
    guild_locale: 'en-US',
    channel_id: channel.id,
    channel,
    member: { user: who, roles: [], permissions: PermissionFlagsBits.ManageChannels.toString(), joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
    context: 0,
    authorizing_integration_owners: { '0': channel.guild_id },
  };
}

/** A slash command (type 2); `options` as Discord sends them. */
export function commandInteraction(fake: FakeDiscord, name: string, options: CommandOption[], spec: InteractionSpec = {}) {
  return { ...base(fake, 2, spec), data: { id: snowflake(), name, type: 1, options } };
}

/** An autocomplete request (type 4): `options` must include one with `focused: true`. */
export function autocompleteInteraction(fake: FakeDiscord, name: string, options: CommandOption[], spec: InteractionSpec = {}) {
  return { ...base(fake, 4, spec), data: { id: snowflake(), name, type: 1, options } };
}

/** A button click (type 3) on a message the bot sent; `ephemeral` marks that message as ephemeral. */
export function buttonInteraction(fake: FakeDiscord, customId: string, spec: InteractionSpec & { ephemeral?: boolean } = {}) {
  const b = base(fake, 3, spec);
  return {
    ...b,
    data: { custom_id: customId, component_type: 2 },
    message: apiMessage({ channel_id: b.channel_id, author: fake.botUser, components: [], flags: spec.ephemeral ? 64 : 0 }),
  };
}

/** A pick in a string select menu (type 3, component_type 3) on a message the bot sent, ephemeral by default. */
export function selectInteraction(fake: FakeDiscord, customId: string, values: string[], spec: InteractionSpec & { ephemeral?: boolean } = {}) {
  const b = base(fake, 3, spec);
  return {
    ...b,
    data: { custom_id: customId, component_type: 3, values },
    message: apiMessage({ channel_id: b.channel_id, author: fake.botUser, components: [], flags: spec.ephemeral === false ? 0 : 64 }),
  };
}

/**
 * A message command (type 2, data type 3) on `target`, as Discord sends it: the target message is
 * in `resolved.messages`, with its content whatever the Message Content intent says.
 */
export function messageCommandInteraction(fake: FakeDiscord, name: string, target: Record<string, unknown>, spec: InteractionSpec = {}) {
  const id = String(target.id);
  return { ...base(fake, 2, spec), data: { id: snowflake(), name, type: 3, target_id: id, resolved: { messages: { [id]: target } } } };
}

export interface MessageSpec {
  author?: FakeUser;
  /** Users the message mentions (a mention of the bot must list the bot here, as Discord does). */
  mentions?: FakeUser[];
  where?: 'channel' | 'thread';
  mentionEveryone?: boolean;
  /** Role ids the message mentions (`<@&id>`). */
  mentionRoles?: string[];
  type?: number;
  webhookId?: string;
  /** Attachment objects, e.g. from `fake.attachment(…)`. */
  attachments?: Record<string, unknown>[];
  /** Another guild of the fake (from `fake.addGuild`), in its text channel; the main guild by default. */
  guild?: FakeGuild;
}

/** A message in the guild (MESSAGE_CREATE). */
export function guildMessage(fake: FakeDiscord, content: string, spec: MessageSpec = {}) {
  return apiMessage({
    channel_id: spec.where === 'thread' ? fake.ids.thread : (spec.guild?.channel ?? fake.ids.channel),
    guild_id: spec.where === 'thread' ? fake.ids.guild : (spec.guild?.id ?? fake.ids.guild),
    author: spec.author ?? ALICE,
    member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
    content,
    mention_everyone: spec.mentionEveryone ?? false,
    mentions: spec.mentions ?? [],
    mention_roles: spec.mentionRoles ?? [],
    type: spec.type ?? 0,
    ...(spec.webhookId ? { webhook_id: spec.webhookId } : {}),
    ...(spec.attachments ? { attachments: spec.attachments } : {}),
  });
}

/** A direct message to the bot (MESSAGE_CREATE without guild_id). */
export function dmMessage(content: string, spec: { author?: FakeUser; channelId?: string; attachments?: Record<string, unknown>[] } = {}) {
  return apiMessage({ channel_id: spec.channelId ?? snowflake(), channel_type: 1, author: spec.author ?? ALICE, content, ...(spec.attachments ? { attachments: spec.attachments } : {}) });
}
