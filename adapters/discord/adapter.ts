/**
 * The Discord transport: one discord.js Client, the handlers in events.ts, and postTip for the
 * daily tips. Reconnects, resumes, heartbeats and rate limits are discord.js's job.
 */
import { Client, DiscordAPIError, Events, GatewayIntentBits, Partials, RESTEvents, Routes, type APIMessage } from 'discord.js';
import { PostError, type Adapter, type Engine, type TipPost, type TipsService } from '../../src/adapter.ts';
import type { Logger } from '../../src/log.ts';
import { handleInteraction, handleMessage } from './events.ts';
import { renderTip } from './render.ts';
import { NO_MENTIONS, describeError, type HandlerDeps } from './respond.ts';

export interface DiscordAdapterOptions {
  /** The bot token (Developer Portal → Bot). */
  token: string;
  engine: Engine;
  logger: Logger;
  /** The daily-tips feature; without it the tips commands answer "not enabled". */
  tips?: TipsService;
  /** REST base URL such as `http://127.0.0.1:PORT/api` (tests); Discord's by default. The gateway URL comes from its `/gateway/bot`. */
  api?: string;
  /** Clock in ms since the epoch; `Date.now` by default. */
  now?: () => number;
  /** Defer interactions that are already this old when handled (default 2000 ms; Discord allows 3000). */
  ackBudgetMs?: number;
}

export type DiscordAdapter = Adapter & {
  readonly client: Client;
  postTip(channelId: string, tip: TipPost): Promise<string>;
};

/** Discord error codes after which a channel will never accept a tip: Unknown Channel, Missing Access, Missing Permissions. */
const GONE_CODES = new Set([10003, 50001, 50013]);
const SNOWFLAKE = /^\d{15,21}$/;

/**
 * Builds the adapter. Intents are Guilds, GuildMessages and DirectMessages only: mentions and DMs
 * carry their text without the privileged Message Content intent. `Partials.Channel` lets DMs
 * arrive for DM channels that are not cached yet.
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const log = options.logger.child({ adapter: 'discord' });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS,
    ...(options.api ? { rest: { api: options.api } } : {}),
  });
  const deps: HandlerDeps = {
    engine: options.engine,
    logger: log,
    ...(options.tips ? { tips: options.tips } : {}),
    now: options.now ?? Date.now,
    ackBudgetMs: options.ackBudgetMs ?? 2000,
  };
  const inflight = new Set<Promise<void>>();
  let accepting = false;
  let starting: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;

  const track = (work: Promise<void>) => {
    const settled = work.catch((error: unknown) => log.error({ err: describeError(error) }, 'discord handler escaped its guard'));
    inflight.add(settled);
    void settled.finally(() => inflight.delete(settled));
  };
  client.on(Events.InteractionCreate, (interaction) => {
    if (accepting) track(handleInteraction(interaction, deps));
  });
  client.on(Events.MessageCreate, (message) => {
    if (accepting) track(handleMessage(message, deps));
  });
  client.on(Events.Error, (error) => log.error({ err: describeError(error) }, 'discord client error'));
  client.on(Events.ShardError, (error, shard) => log.warn({ err: describeError(error), shard }, 'discord gateway error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord warning'));
  client.rest.on(RESTEvents.RateLimited, (info) =>
    log.warn({ route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global }, 'discord rate limit'),
  );

  return {
    platform: 'discord',
    client,

    start() {
      if (stopping) return Promise.reject(new Error('the Discord adapter was stopped'));
      starting ??= (async () => {
        const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
        await client.login(options.token);
        await ready;
        accepting = true;
        log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord connected');
      })();
      return starting;
    },

    stop() {
      stopping ??= (async () => {
        accepting = false;
        await Promise.allSettled([...inflight]);
        await client.destroy();
        log.info('discord disconnected');
      })();
      return stopping;
    },

    async postTip(channelId: string, tip: TipPost): Promise<string> {
      if (!SNOWFLAKE.test(channelId)) throw new PostError('gone', `"${channelId.slice(0, 40)}" is not a Discord channel id`);
      try {
        const body = { ...renderTip(tip), allowed_mentions: { parse: [] } };
        const message = (await client.rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
        return message.id;
      } catch (error) {
        const gone = error instanceof DiscordAPIError && GONE_CODES.has(Number(error.code));
        const reason = error instanceof DiscordAPIError ? `${error.code} ${error.message}` : (error as Error).message;
        throw new PostError(gone ? 'gone' : 'transient', `Discord refused the tip for channel ${channelId}: ${reason}`, { cause: error });
      }
    },
  };
}
