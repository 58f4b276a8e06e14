import type { Answer, AskContext, Lang, TopicRef } from './types.ts';

/**
 * What adapters need from the core. Implemented by `createEngine` (src/engine/engine.ts);
 * adapters receive one instance and never reach into search or wording themselves.
 */
export interface Engine {
  /** Answers a free-text question. Never throws; any input yields an Answer. */
  answer(question: string, context?: AskContext): Answer;
  /** The full answer for a known topic id (a button press, an autocomplete pick); null if unknown. */
  answerTopic(id: string, lang: Lang): Answer | null;
  /** Up to `limit` topic choices for a partly typed question; empty input gives the most asked topics. */
  complete(partial: string, lang: Lang, limit: number): TopicRef[];
  /** Usage text in the given language. */
  help(lang: Lang): Answer;
  /** The language a question would be answered in (script first, then the hint). */
  detectLang(question: string, context?: AskContext): Lang;
}

/** The chat platforms dockhand speaks. `console` is the local terminal. */
export type Platform = 'console' | 'slack' | 'discord';

/** A short daily tip as data; each adapter renders it for its platform. */
export interface TipPost {
  topicId: string;
  lang: Lang;
  /** The topic's title in `lang`. */
  title: string;
  /** The tip's two or three sentences in `lang` (restricted markdown, as in notes). */
  text: string;
  example?: { lang: string; code: string };
}

/**
 * Why a post failed. `gone`: the channel cannot be posted to any more (removed, archived, bot
 * kicked, missing permission) and retrying will not help; `transient`: try again later.
 */
export class PostError extends Error {
  readonly code: 'POST_GONE' | 'POST_TRANSIENT';
  constructor(kind: 'gone' | 'transient', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PostError';
    this.code = kind === 'gone' ? 'POST_GONE' : 'POST_TRANSIENT';
  }
}

/**
 * A transport: a small, swappable contract in the spirit of bolt-js Receivers and hubot
 * Adapters. The app starts every configured adapter, and stops them on shutdown.
 */
export interface Adapter {
  readonly platform: Platform;
  /** Connects (or opens the prompt). Resolves once ready to receive questions. */
  start(): Promise<void>;
  /** Stops taking new questions, lets in-flight answers finish, disconnects. Idempotent. */
  stop(): Promise<void>;
  /**
   * Posts a daily tip to a channel and returns the platform's message id. Throws PostError.
   * Adapters without channels (none today) may omit it.
   */
  postTip?(channelId: string, tip: TipPost): Promise<string>;
  /**
   * Posts plain text (the weekly report) to a channel and returns the message id. The adapter
   * escapes it for its markup, clips it to the platform's limit and pings nobody. Throws PostError.
   */
  postText?(channelId: string, text: string): Promise<string>;
}

/** One 👍/👎 press, as an adapter sees it. */
export interface VoteInput {
  /** `Answer.answerId` of the answer voted on (carried in the button). */
  answerId: string;
  platform: Platform;
  /** The platform user id; hashed before it is stored. */
  userId: string;
  vote: 1 | -1;
  /** The answer's topic and language, carried in the button so a vote needs no lookup. */
  topicId: string | null;
  lang: Lang;
}

/** What a vote did: a first vote, a changed one, the same again, or nothing because the store failed. */
export type VoteOutcome = 'new' | 'changed' | 'same' | 'failed';

/**
 * Feedback on answers (src/learn/feedback.ts). One vote per person per answer; voting again
 * replaces it. Never rejects: a failing store gives `failed`, and the adapter says so privately.
 */
export interface FeedbackService {
  /** Resolves to what the vote did, or 'failed' when the store fails (never rejects). */
  vote(input: VoteInput): Promise<VoteOutcome>;
  /** Why a 👎 (one of VOTE_REASONS in src/learn/store.ts); false when there is no down vote or the store fails. */
  reason(input: { answerId: string; platform: Platform; userId: string; reason: 'wrong-note' | 'outdated' | 'too-long' | 'wrong-language' }): Promise<boolean>;
}

/** A channel's tip subscription as shown to users. */
export interface TipSchedule {
  platform: Platform;
  channelId: string;
  /** Local time "HH:MM". */
  time: string;
  /** IANA time zone, e.g. "Asia/Shanghai". */
  timezone: string;
  lang: Lang;
  paused: boolean;
  /** Next posting time as an ISO string, or null when paused. */
  nextAt: string | null;
}

/**
 * The user-facing text of a TipsService validation error (code `TIPS_INVALID`) in `lang`, or null
 * when `error` is anything else. TipsError carries both languages; other such errors their message.
 */
export function invalidTipsMessage(error: unknown, lang: Lang): string | null {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== 'TIPS_INVALID') return null;
  return (error as { messages?: Partial<Record<Lang, string>> }).messages?.[lang] ?? error.message;
}

/**
 * What chat commands need from the daily-tips feature (`/docker tips on|off`, `/docker tip`).
 * Implemented in src/tips/; adapters receive it as an optional dependency.
 */
export interface TipsService {
  /**
   * Subscribes or updates a channel. Validation errors reject with an Error with code
   * `TIPS_INVALID` and a user-facing message; a store failure rejects with a StoreError.
   */
  subscribe(platform: Platform, channelId: string, options: { time?: string; timezone?: string; lang?: Lang }): Promise<TipSchedule>;
  /** Ends a subscription; false if there was none. */
  unsubscribe(platform: Platform, channelId: string): Promise<boolean>;
  /** The channel's schedule, or null if it has none. */
  status(platform: Platform, channelId: string): Promise<TipSchedule | null>;
  /** Today's tip for a channel (its rotation when subscribed; a date-based pick otherwise). */
  today(platform: Platform, channelId: string | null, lang: Lang): Promise<TipPost>;
}
