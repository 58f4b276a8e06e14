/**
 * Sending replies: the 3-second acknowledgement rule, no-ping defaults and the "something went
 * wrong" fallback, shared by every handler.
 */
import {
  MessageFlags,
  type BaseMessageOptions,
  type Interaction,
  type MessageMentionOptions,
  type RepliableInteraction,
} from 'discord.js';
import type { Engine, FeedbackService, TipsService } from '../../src/adapter.ts';
import type { Logger } from '../../src/log.ts';
import type { Lang } from '../../src/types.ts';
import { t } from '../../src/templates.ts';

/** Nobody is ever pinged: not @everyone, roles, users, nor the author of a replied-to message. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [], repliedUser: false };

/** What the handlers need; built once by the adapter. */
export interface HandlerDeps {
  engine: Engine;
  logger: Logger;
  tips?: TipsService;
  /** 👍/👎 on answers (feedback.ts); without it answers carry no vote buttons. */
  feedback?: FeedbackService;
  /** The clock, in ms since the epoch. */
  now: () => number;
  /**
   * Interactions older than this (by their snowflake timestamp) when we get to them are deferred
   * before any work, so the acknowledgement still lands inside Discord's 3 seconds.
   */
  ackBudgetMs: number;
  /** Channels already logged as refusing replies (no Read Message History), so each is logged once. */
  noHistory: Set<string>;
}

/** zh-CN, zh-TW, zh-HK → zh; en-US, en-GB → en; anything else → undefined (no hint). */
export function localeLang(locale: string | null | undefined): Lang | undefined {
  const l = (locale ?? '').toLowerCase();
  return l.startsWith('zh') ? 'zh' : l.startsWith('en') ? 'en' : undefined;
}

/** A `lang` option value, if it is one of ours. */
export function asLang(value: string | null | undefined): Lang | undefined {
  return value === 'zh' || value === 'en' ? value : undefined;
}

/** Whether the interaction has used up its acknowledgement budget already. */
export function isLate(interaction: Interaction, deps: HandlerDeps): boolean {
  return deps.now() - interaction.createdTimestamp > deps.ackBudgetMs;
}

/**
 * Replies with what `build` returns: straight away when there is time, else defer first and edit
 * the deferred reply. `build` runs after the deferral so slow work never delays the acknowledgement.
 */
export async function reply(
  interaction: RepliableInteraction,
  deps: HandlerDeps,
  ephemeral: boolean,
  build: () => BaseMessageOptions,
): Promise<void> {
  const flags = ephemeral ? ({ flags: MessageFlags.Ephemeral } as const) : {};
  if (isLate(interaction, deps)) {
    await interaction.deferReply(flags);
    await interaction.editReply({ ...build(), allowedMentions: NO_MENTIONS });
    return;
  }
  await interaction.reply({ ...build(), ...flags, allowedMentions: NO_MENTIONS });
}

/** Error details safe to log: no request URLs (they hold interaction tokens) and no bodies. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & { code?: unknown; status?: unknown; method?: unknown };
  return { name: e.name, message: e.message, code: e.code, status: e.status, method: e.method, stack: e.stack };
}

/**
 * Runs a handler; on failure logs it and tells the user "something went wrong" ephemerally (or
 * fills a deferred reply with it). Never rejects: a failed event must not crash the process.
 */
export async function guard(interaction: Interaction, deps: HandlerDeps, lang: Lang, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    deps.logger.error(
      { err: describeError(error), interactionId: interaction.id, kind: interaction.type, guildId: interaction.guildId },
      'discord interaction handler failed',
    );
    try {
      if (interaction.isAutocomplete()) {
        if (!interaction.responded) await interaction.respond([]);
        return;
      }
      if (!interaction.isRepliable()) return;
      const content = t(lang).error;
      if (interaction.deferred && !interaction.replied) {
        await interaction.editReply({ content, embeds: [], components: [], allowedMentions: NO_MENTIONS });
      } else if (interaction.replied) {
        await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      } else {
        await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      }
    } catch (second) {
      deps.logger.warn({ err: describeError(second), interactionId: interaction.id }, 'could not tell the user about the failure');
    }
  }
}
