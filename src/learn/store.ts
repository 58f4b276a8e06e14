/**
 * The learning loop's state: one row per question asked (the question log) and one vote per
 * person per answer. `LearnStore` is the contract, Promise-returning so that a server database
 * (src/learn/pg-store.ts) implements it as well as the embedded one; `openSqliteLearnStore` keeps
 * the tables in the same SQLite file as the tips (one file to back up), through its own
 * connection, and wraps its synchronous calls. There is no in-memory mirror: every answer comes
 * from the database, so replicas sharing one see the same votes and the same weekly state.
 *
 * Privacy: a platform user id never reaches the file. `person()` turns it into a salted hash (the
 * salt is random per store and stays in the file), enough to count distinct people and to keep
 * one vote per person, useless to look anyone up.
 */
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Platform } from '../adapter.ts';
import type { Lang } from '../types.ts';
import { toStoreError } from '../tips/store-error.ts';
import { openSqliteDatabase } from '../tips/store.ts';

/** What became of a question. `help` is usage; `lint`/`explain` are pasted Dockerfiles and commands. */
export type Outcome = 'answered' | 'suggested' | 'declined' | 'help' | 'lint' | 'explain';

/** One logged question. Times are epoch milliseconds. */
export interface QuestionRecord {
  /** The id feedback buttons carry back (opaque, unique). */
  answerId: string;
  at: number;
  platform: Platform;
  lang: Lang;
  outcome: Outcome;
  /** The note answered, or the first suggestion; null when declined. */
  topicId: string | null;
  confidence: number;
  latencyMs: number;
  /** The normalised question; null when the log keeps no text (LOG_RETENTION_DAYS=0). */
  text: string | null;
  /** `person()` of the asker, or null when unknown (the terminal). */
  asker: string | null;
}

/** Why a 👎: the choices offered after a down vote. */
export const VOTE_REASONS = ['wrong-note', 'outdated', 'too-long', 'wrong-language'] as const;
export type VoteReason = (typeof VOTE_REASONS)[number];

/** One person's vote on one answer. */
export interface VoteRecord {
  answerId: string;
  /** `person()` of the voter. */
  voter: string;
  platform: Platform;
  topicId: string | null;
  lang: Lang;
  vote: 1 | -1;
  reason: VoteReason | null;
  at: number;
}

/** How a vote changed the store: a first vote, a changed vote or reason, or the same vote again. */
export type VoteResult = 'new' | 'changed' | 'same';

/**
 * The learning store contract. Every method that touches the database resolves, or rejects with a
 * StoreError when the store itself fails (any other rejection is a bug). Writes are atomic on their
 * own; `recordVote` and `swapMeta` decide in the database, so concurrent processes agree.
 */
export interface LearnStore {
  /** Where the store lives, for messages: the SQLite file, or `postgres://host:port/db` (never a password). */
  readonly path: string;
  /** The opaque key for a platform user: stable for this store, not reversible. Synchronous: the salt is read at open. */
  person(platform: Platform, userId: string): string;
  /** Stores a question; an answer id already logged is ignored. */
  logQuestion(record: QuestionRecord): Promise<void>;
  /** Stores a vote, replacing the same person's earlier vote on that answer. */
  recordVote(vote: VoteRecord): Promise<VoteResult>;
  /** Adds or changes the reason of an existing down vote; false when there is none. */
  setReason(answerId: string, voter: string, reason: VoteReason): Promise<boolean>;
  /** The logged question behind an answer id, if still kept. */
  question(answerId: string): Promise<QuestionRecord | null>;
  /** Questions logged at or after `since`, oldest first. */
  questionsSince(since: number): Promise<QuestionRecord[]>;
  /** Votes cast (or last changed) at or after `since`, oldest first. */
  votesSince(since: number): Promise<VoteRecord[]>;
  /** Deletes questions and votes older than `before`; resolves to how many rows went. */
  prune(before: number): Promise<number>;
  /** A value of the store's `meta` table (the weekly report's state), or null. */
  meta(key: string): Promise<string | null>;
  /**
   * Sets `key` to `value` only if it still holds `expected` (null: absent), atomically across
   * processes sharing the store. False when someone else changed it first.
   */
  swapMeta(key: string, expected: string | null, value: string): Promise<boolean>;
  /** Waits for writes in flight, then releases the connection. Idempotent. */
  close(): Promise<void>;
}

interface QuestionRow {
  answer_id: string;
  at: number;
  platform: Platform;
  lang: Lang;
  outcome: Outcome;
  topic_id: string | null;
  confidence: number;
  latency_ms: number;
  text: string | null;
  asker: string | null;
}

interface VoteRow {
  answer_id: string;
  voter: string;
  platform: Platform;
  topic_id: string | null;
  lang: Lang;
  vote: 1 | -1;
  reason: VoteReason | null;
  at: number;
}

const toQuestion = (r: QuestionRow): QuestionRecord => ({
  answerId: r.answer_id,
  at: r.at,
  platform: r.platform,
  lang: r.lang,
  outcome: r.outcome,
  topicId: r.topic_id,
  confidence: r.confidence,
  latencyMs: r.latency_ms,
  text: r.text,
  asker: r.asker,
});

const toVote = (r: VoteRow): VoteRecord => ({
  answerId: r.answer_id,
  voter: r.voter,
  platform: r.platform,
  topicId: r.topic_id,
  lang: r.lang,
  vote: r.vote,
  reason: r.reason,
  at: r.at,
});

/** The stored question text is capped: the log is for spotting gaps, not for keeping pastes. */
export const MAX_LOGGED_TEXT = 500;

/** Opens the learning tables in the tips store file (created and migrated if needed). */
export function openSqliteLearnStore(path: string): LearnStore {
  const { db } = openSqliteDatabase(path);
  const guard = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      throw toStoreError(error, path);
    }
  };
  const salt = guard(() => saltOf(db));
  const q = {
    logQ: db.prepare(
      `INSERT OR IGNORE INTO questions (answer_id, at, platform, lang, outcome, topic_id, confidence, latency_ms, text, asker)
       VALUES (@answerId, @at, @platform, @lang, @outcome, @topicId, @confidence, @latencyMs, @text, @asker)`,
    ),
    getVote: db.prepare<[string, string], VoteRow>('SELECT * FROM votes WHERE answer_id = ? AND voter = ?'),
    upsertVote: db.prepare(
      `INSERT INTO votes (answer_id, voter, platform, topic_id, lang, vote, reason, at)
       VALUES (@answerId, @voter, @platform, @topicId, @lang, @vote, @reason, @at)
       ON CONFLICT (answer_id, voter) DO UPDATE SET vote = excluded.vote, reason = excluded.reason, at = excluded.at`,
    ),
    reason: db.prepare(`UPDATE votes SET reason = ? WHERE answer_id = ? AND voter = ? AND vote = -1`),
    question: db.prepare<[string], QuestionRow>('SELECT * FROM questions WHERE answer_id = ?'),
    questionsSince: db.prepare<[number], QuestionRow>('SELECT * FROM questions WHERE at >= ? ORDER BY at, id'),
    votesSince: db.prepare<[number], VoteRow>('SELECT * FROM votes WHERE at >= ? ORDER BY at'),
    pruneQ: db.prepare('DELETE FROM questions WHERE at < ?'),
    pruneV: db.prepare('DELETE FROM votes WHERE at < ?'),
    meta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };
  const vote = db.transaction((v: VoteRecord): VoteResult => {
    const before = q.getVote.get(v.answerId, v.voter);
    if (before && before.vote === v.vote && before.reason === v.reason) return 'same';
    q.upsertVote.run({ ...v, reason: v.reason ?? null });
    return before ? 'changed' : 'new';
  });
  const prune = db.transaction((before: number) => q.pruneQ.run(before).changes + q.pruneV.run(before).changes);
  const swap = db.transaction((key: string, expected: string | null, value: string): boolean => {
    if ((q.meta.get(key)?.value ?? null) !== expected) return false;
    q.setMeta.run(key, value);
    return true;
  });
  // Async wrappers: the work runs synchronously at the call, so a row is in the file when the
  // call returns, and any failure becomes a rejection instead of a throw.
  const run = <T>(work: () => T): Promise<T> => new Promise((resolve) => resolve(guard(work)));
  return {
    path,
    person: (platform, userId) => personKey(salt, platform, userId),
    logQuestion(record) {
      const text = record.text === null ? null : record.text.slice(0, MAX_LOGGED_TEXT);
      return run(() => void q.logQ.run({ ...record, text }));
    },
    recordVote: (v) => run(() => vote.immediate(v)),
    setReason: (answerId, voter, reason) => run(() => q.reason.run(reason, answerId, voter).changes > 0),
    question: (answerId) => run(() => {
      const row = q.question.get(answerId);
      return row ? toQuestion(row) : null;
    }),
    questionsSince: (since) => run(() => q.questionsSince.all(since).map(toQuestion)),
    votesSince: (since) => run(() => q.votesSince.all(since).map(toVote)),
    prune: (before) => run(() => prune.immediate(before)),
    meta: (key) => run(() => q.meta.get(key)?.value ?? null),
    swapMeta: (key, expected, value) => run(() => swap.immediate(key, expected, value)),
    async close() {
      if (db.open) db.close();
    },
  };
}

/** The hashed person key over a store's salt; the same function on every engine, so a migrated store keeps its people. */
export function personKey(salt: string, platform: Platform, userId: string): string {
  return createHash('sha256').update(salt).update(`\0${platform}\0${userId}`).digest('base64url').slice(0, 22);
}

/** The store's salt: made once, at first use, and kept in the file. */
function saltOf(db: Database.Database): string {
  db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('person_salt', ?)`).run(randomBytes(32).toString('base64url'));
  return (db.prepare(`SELECT value FROM meta WHERE key = 'person_salt'`).get() as { value: string }).value;
}
