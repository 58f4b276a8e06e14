/**
 * The chat-facing side of daily tips: subscribe, unsubscribe, status and today's tip. Adapters call
 * this through the TipsService contract; the scheduler (scheduler.ts) does the posting.
 */
import { randomInt } from 'node:crypto';
import type { Platform, TipPost, TipSchedule, TipsService } from '../adapter.ts';
import type { Lang, Topic } from '../types.ts';
import { TipsError, parseLang, parseTime, parseTimezone } from './command.ts';
import { evaluateStored, localDateOf, nextAttention } from './due.ts';
import { buildTipPost, nextTip, tipForDate, tipPool, type RotationState } from './rotation.ts';
import type { ChannelKey, Subscription, TipStore } from './store.ts';
import { zonedParts } from './time.ts';

/** Retries a day may take before it is given up; shared with the scheduler so `status` agrees with it. */
export const DEFAULT_ATTEMPTS_PER_DAY = 4;

export interface TipsServiceOptions {
  store: TipStore;
  /** The knowledge base's topics; those with a `tip` form the pool. */
  topics: readonly Topic[];
  /** Zone for subscriptions that name none, and for the date-based pick of unsubscribed chats. Default UTC. */
  defaultTimezone?: string;
  /** Language when neither the command nor the adapter gives one. Default en. */
  defaultLang?: Lang;
  /** Local time when the command gives none. Default "09:00". */
  defaultTime?: string;
  /** The clock. Default: the system clock. */
  now?: () => Date;
  /** Seeds for new rotations (a 32-bit integer). Default: crypto-random. */
  seed?: () => number;
  /** Must match the scheduler's `attemptsPerDay` so `nextAt` tells the truth. */
  attemptsPerDay?: number;
}

const PLATFORMS: readonly Platform[] = ['console', 'slack', 'discord'];

function checkChannel(platform: Platform, channelId: string): void {
  if (!PLATFORMS.includes(platform)) {
    throw new TipsError({ en: `Unknown platform "${String(platform).slice(0, 20)}".`, zh: `未知的平台 "${String(platform).slice(0, 20)}"。` });
  }
  // eslint-disable-next-line no-control-regex
  if (typeof channelId !== 'string' || !channelId || channelId.length > 200 || /[\u0000-\u001f\s]/.test(channelId)) {
    throw new TipsError({ en: 'This chat has no usable channel id, so daily tips cannot be set up here.', zh: '这个会话没有可用的频道 ID，无法在这里设置每日小贴士。' });
  }
}

function noTips(): TipsError {
  return new TipsError({ en: 'There are no tips in the knowledge base yet.', zh: '知识库里还没有小贴士。' });
}

/** A random 32-bit seed. */
export function randomSeed(): number {
  return randomInt(0, 2 ** 32 - 1);
}

/** Builds the TipsService over a store and the knowledge base's topics. */
export function createTipsService(options: TipsServiceOptions): TipsService {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const seed = options.seed ?? randomSeed;
  const attempts = options.attemptsPerDay ?? DEFAULT_ATTEMPTS_PER_DAY;
  const defaultZone = parseTimezone(options.defaultTimezone ?? 'UTC');
  const defaultLang = options.defaultLang ?? 'en';
  const defaultTime = parseTime(options.defaultTime ?? '09:00');
  const byId = new Map(options.topics.map((t) => [t.id, t]));
  const pool = tipPool(options.topics);

  const schedule = async (sub: Subscription): Promise<TipSchedule> => {
    const at = now().getTime();
    const next = nextAttention(await evaluateStored(store, sub, at, attempts), at);
    return {
      platform: sub.platform,
      channelId: sub.channelId,
      time: sub.time,
      timezone: sub.timezone,
      lang: sub.lang,
      paused: sub.pausedAt !== null,
      nextAt: next === null ? null : new Date(next).toISOString(),
    };
  };

  const post = (topicId: string, lang: Lang): TipPost => {
    const topic = byId.get(topicId);
    const built = topic ? buildTipPost(topic, lang) : null;
    if (!built) throw noTips();
    return built;
  };

  const rotationOf = async (key: ChannelKey): Promise<RotationState> =>
    (await store.getRotation(key)) ?? store.initRotation(key, { seed: seed() >>> 0, cycle: 0, shown: [] });

  return {
    async subscribe(platform, channelId, input) {
      checkChannel(platform, channelId);
      const existing = await store.getSubscription({ platform, channelId });
      // An empty option (a blank form field) means "not given", like an absent one.
      const read = <T>(value: string | undefined, parse: (text: string) => T, fallback: T): T =>
        value !== undefined && value.trim() !== '' ? parse(value) : fallback;
      const sub = await store.saveSubscription(
        {
          platform,
          channelId,
          time: read(input.time, parseTime, existing?.time ?? defaultTime),
          timezone: read(input.timezone, parseTimezone, existing?.timezone ?? defaultZone),
          lang: read(input.lang, parseLang, existing?.lang ?? defaultLang),
        },
        now().getTime(),
      );
      await rotationOf(sub);
      return schedule(sub);
    },
    async unsubscribe(platform, channelId) {
      checkChannel(platform, channelId);
      return store.deleteSubscription({ platform, channelId });
    },
    async status(platform, channelId) {
      checkChannel(platform, channelId);
      const sub = await store.getSubscription({ platform, channelId });
      return sub ? schedule(sub) : null;
    },
    async today(platform, channelId, lang) {
      if (pool.length === 0) throw noTips();
      const sub = channelId === null ? null : await store.getSubscription({ platform, channelId });
      const at = now().getTime();
      if (!sub) return post(tipForDate(pool, zonedParts(at, defaultZone).date), lang);
      const entry = await store.getEntry({ ...sub, localDate: localDateOf(sub, at) });
      if (entry && byId.get(entry.topicId)?.tip) return post(entry.topicId, lang);
      // Not claimed yet today: the topic the scheduler will pick, so `tip` and the post agree.
      return post(nextTip(pool, await rotationOf(sub)).topicId, lang);
    },
  };
}
