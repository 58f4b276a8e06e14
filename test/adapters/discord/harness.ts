/**
 * Boots the real Discord adapter (a real discord.js Client) against a FakeDiscord on 127.0.0.1,
 * with the real engine over the shipped knowledge base and a logger whose lines the test can read.
 */
import type { APIEmbed } from 'discord.js';
import pino from 'pino';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/adapter.ts';
import type { Engine, FeedbackService, TipsService } from '../../../src/adapter.ts';
import { realEngine } from '../../support/kb.ts';
import { FakeDiscord, type RecordedRequest } from '../../support/fake-discord.ts';

export const TOKEN = 'fake-bot-token.for-loopback-tests';

export interface Harness {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  engine: Engine;
  /** Log lines the adapter wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Dispatches an interaction and resolves with the first request that answers it. */
  interact(payload: { id: string; token: string }): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  tips?: TipsService;
  now?: () => number;
  guildLocale?: string;
  onFatal?: (error: Error) => void;
  /** Another engine (a recording one, so answers carry ids); the real engine by default. */
  engine?: Engine;
  feedback?: FeedbackService;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeDiscord.start(options.guildLocale ? { guildLocale: options.guildLocale } : {});
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const adapter = createDiscordAdapter({
    token: TOKEN,
    engine: options.engine ?? realEngine(),
    logger,
    api: fake.api,
    ...(options.tips ? { tips: options.tips } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.onFatal ? { onFatal: options.onFatal } : {}),
    ...(options.feedback ? { feedback: options.feedback } : {}),
  });
  await adapter.start();
  return {
    fake,
    adapter,
    engine: realEngine(),
    logs,
    async interact(payload) {
      const answered = fake.waitFor((r) => r.path.startsWith(`/interactions/${payload.id}/`));
      fake.dispatch('INTERACTION_CREATE', payload);
      return answered;
    },
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}

/** A message body as discord.js sends it (channel messages, webhook edits, callback data). */
export interface SentMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: { type: number; components: { type: number; style: number; label: string; custom_id: string }[] }[];
  flags?: number;
  allowed_mentions?: { parse?: string[]; replied_user?: boolean; users?: string[]; roles?: string[] };
  message_reference?: { message_id: string; fail_if_not_exists?: boolean };
  choices?: { name: string; value: string }[];
}

/** An interaction callback body: `type` 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 choices. */
export interface Callback {
  type: number;
  data?: SentMessage;
}

export const callbackOf = (request: RecordedRequest): Callback => request.body as Callback;
export const messageOf = (request: RecordedRequest): SentMessage => request.body as SentMessage;
