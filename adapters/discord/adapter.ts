/**
 * The Discord transport: one discord.js Client, the handlers in events.ts, and postTip for the
 * daily tips. Reconnects, resumes, heartbeats and rate limits are discord.js's job.
 *
 * The client runs the gateway shards it is given (one by default); several processes split a
 * bot's shards by each running some of them with the same count. Discord delivers a guild's
 * events only to its shard, so each process answers the guilds of its shards. Posting (tips, the
 * weekly report) goes through REST, which reaches any channel whatever shard its guild is on.
 */
import { Client, DiscordAPIError, Events, GatewayIntentBits, Partials, RESTEvents, Routes, type APIMessage } from 'discord.js';
import { PostError, type Adapter, type Engine, type FeedbackService, type TipPost, type TipsService } from '../../src/adapter.ts';
import type { Logger } from '../../src/log.ts';
import { handleInteraction, handleMessage } from './events.ts';
import { renderTip } from './render.ts';
import { NO_MENTIONS, describeError, type HandlerDeps } from './respond.ts';
import { shardHealth, type ShardHealth } from './shards.ts';
import { LIMITS, clip, escapeUserText } from './text.ts';

export interface DiscordAdapterOptions {
  /** The bot token (Developer Portal → Bot). */
  token: string;
  engine: Engine;
  logger: Logger;
  /** The daily-tips feature; without it the tips commands answer "not enabled". */
  tips?: TipsService;
  /** 👍/👎 on answers (the learn store); without it answers carry no vote buttons. */
  feedback?: FeedbackService;
  /** REST base URL such as `http://127.0.0.1:PORT/api` (tests); Discord's by default. The gateway URL comes from its `/gateway/bot`. */
  api?: string;
  /** The gateway shard ids this client runs, or `auto` for all that Discord recommends; [0] by default. */
  shards?: number[] | 'auto';
  /** The bot's total shard count across all processes (with an id list); 1 by default. */
  shardCount?: number;
  /** Clock in ms since the epoch; `Date.now` by default. */
  now?: () => number;
  /** Defer interactions that are already this old when handled (default 2000 ms; Discord allows 3000). */
  ackBudgetMs?: number;
  /**
   * Called once when the gateway closed for good after start (a fatal close code such as 4004);
   * the error says what to fix. The app exits non-zero on it so the container restarts and the
   * operator sees why. Before start resolves, start() rejects with the same error instead.
   */
  onFatal?: (error: Error) => void;
}

export type DiscordAdapter = Adapter & {
  readonly client: Client;
  /**
   * Whether every gateway shard of this process is up right now: false while any one reconnects,
   * after a fatal close, before start.
   */
  connected(): boolean;
  /** This process's shards in id order (empty before start with `shards: 'auto'`, whose ids come from Discord). */
  shards(): ShardHealth[];
  postTip(channelId: string, tip: TipPost): Promise<string>;
};

/** Discord error codes after which a channel will never accept a tip: Unknown Channel, Missing Access, Missing Permissions. */
const GONE_CODES = new Set([10003, 50001, 50013]);
const SNOWFLAKE = /^\d{15,21}$/;

/**
 * The gateway close codes after which discord.js stops reconnecting (its UNRECOVERABLE_CLOSE_CODES),
 * with what the operator has to do. Nothing recovers from these by waiting.
 */
const FATAL_CLOSE: Record<number, string> = {
  4004: 'Discord rejected the bot token (gateway close 4004, authentication failed): the token was reset or is wrong. Copy a new one from the Developer Portal (Bot → Reset Token) into DISCORD_TOKEN and restart',
  4010: 'Discord refused the shard (gateway close 4010, invalid shard): check that DISCORD_SHARDS names ids below DISCORD_SHARD_COUNT; without them this is a dockhand bug, please report it',
  4011: 'Discord requires more shards (gateway close 4011): the bot is in too many servers for its shard count. Set DISCORD_SHARD_COUNT=auto (one process runs them all), or a larger DISCORD_SHARD_COUNT with DISCORD_SHARDS on each process (README: Sharded Discord)',
  4012: 'Discord refused the gateway API version (gateway close 4012): upgrade dockhand (its discord.js) to a version Discord still supports',
  4013: 'Discord refused the gateway intents (gateway close 4013, invalid intents): this is a dockhand bug, please report it',
  4014: 'Discord refused a privileged gateway intent (gateway close 4014): dockhand asks for none, so check that DISCORD_TOKEN belongs to the dockhand application',
};

/** The operator's error for a fatal gateway close, or null when discord.js will reconnect. */
function fatalClose(code: number): Error | null {
  const text = FATAL_CLOSE[code];
  return text ? Object.assign(new Error(text), { code: `DISCORD_CLOSE_${code}` }) : null;
}

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
    shards: options.shards ?? [0],
    shardCount: options.shardCount ?? 1,
    ...(options.api ? { rest: { api: options.api } } : {}),
  });
  // discord.js replaces options left at their defaults (a count of 1) with SHARDS / SHARD_COUNT from
  // the environment, meant for its ShardingManager's children; only src/config.ts reads ours.
  client.options.shards = options.shards ?? [0];
  client.options.shardCount = options.shardCount ?? 1;
  const deps: HandlerDeps = {
    engine: options.engine,
    logger: log,
    ...(options.tips ? { tips: options.tips } : {}),
    ...(options.feedback ? { feedback: options.feedback } : {}),
    now: options.now ?? Date.now,
    ackBudgetMs: options.ackBudgetMs ?? 2000,
    noHistory: new Set(),
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
  // Health follows each shard's live connection, not whether the client was ready once.
  const shards = () => shardHealth(client);
  /** Shards whose loss was logged, so an outage is one warning however often discord.js retries. */
  const lost = new Set<number>();
  let started = false;
  let failStart: (error: Error) => void = () => {};
  client.on(Events.ShardReady, (shard) => void lost.delete(shard));
  client.on(Events.ShardResume, (shard) => void lost.delete(shard));
  client.on(Events.ShardReconnecting, (shard) => {
    if (stopping || lost.has(shard)) return;
    lost.add(shard);
    log.warn({ shard }, 'discord gateway lost, reconnecting');
  });
  client.on(Events.ShardDisconnect, (event, shard) => {
    const fatal = fatalClose(event.code);
    if (!fatal) return void log.warn({ shard, code: event.code }, 'discord gateway closed');
    if (!started) return failStart(fatal);
    log.fatal({ shard, code: event.code, err: describeError(fatal) }, fatal.message);
    options.onFatal?.(fatal);
  });
  client.on(Events.Error, (error) => log.error({ err: describeError(error) }, 'discord client error'));
  client.on(Events.ShardError, (error, shard) => log.warn({ err: describeError(error), shard }, 'discord gateway error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord warning'));
  client.rest.on(RESTEvents.RateLimited, (info) =>
    log.warn({ route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global }, 'discord rate limit'),
  );

  /** Posts a message body to a channel, pinging nobody; returns its id. Throws PostError. */
  const send = async (channelId: string, body: object, what: string): Promise<string> => {
    if (!SNOWFLAKE.test(channelId)) throw new PostError('gone', `"${channelId.slice(0, 40)}" is not a Discord channel id`);
    try {
      const message = (await client.rest.post(Routes.channelMessages(channelId), { body: { ...body, allowed_mentions: { parse: [] } } })) as APIMessage;
      return message.id;
    } catch (error) {
      const gone = error instanceof DiscordAPIError && GONE_CODES.has(Number(error.code));
      const reason = error instanceof DiscordAPIError ? `${error.code} ${error.message}` : (error as Error).message;
      throw new PostError(gone ? 'gone' : 'transient', `Discord refused ${what} for channel ${channelId}: ${reason}`, { cause: error });
    }
  };

  return {
    platform: 'discord',
    client,
    connected() {
      const list = shards();
      return !stopping && started && list.length > 0 && list.every((s) => s.status === 'ready');
    },
    shards,

    start() {
      if (stopping) return Promise.reject(new Error('the Discord adapter was stopped'));
      starting ??= (async () => {
        const ready = new Promise<void>((resolve, reject) => {
          client.once(Events.ClientReady, () => resolve());
          failStart = reject;
        });
        await Promise.race([client.login(options.token).then(() => ready), ready]);
        accepting = true;
        started = true;
        log.info({ user: client.user?.tag, guilds: client.guilds.cache.size, shards: client.options.shards, shardCount: client.options.shardCount }, 'discord connected');
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

    postTip: (channelId: string, tip: TipPost): Promise<string> => send(channelId, renderTip(tip), 'the tip'),

    /** Plain text (the weekly report): each line escaped (no markdown, no mentions), the whole within the content limit. */
    postText: (channelId: string, text: string): Promise<string> =>
      send(channelId, { content: clip(text.split('\n').map((line) => escapeUserText(line, 300)).join('\n'), LIMITS.content) }, 'the report'),
  };
}
