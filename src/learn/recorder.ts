import { randomBytes } from 'node:crypto';
import type { Engine, Platform } from '../adapter.ts';
import type { Logger } from '../log.ts';
import type { Answer, AnswerKind } from '../types.ts';
import type { LearnStore, Outcome } from './store.ts';

/** What an answer id looks like (12 base64url characters today; a little slack for later). Adapters reject anything else from a button. */
export const ANSWER_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

/** Whether an answer gets 👍/👎 on any platform: anything with an answer id except usage text. */
export function rateable(answer: Answer | null): answer is Answer & { answerId: string } {
  return typeof answer?.answerId === 'string' && ANSWER_ID_PATTERN.test(answer.answerId) && answer.kind !== 'help';
}

const OUTCOME: Record<AnswerKind, Outcome> = { topic: 'answered', compare: 'answered', suggest: 'suggested', notFound: 'declined', help: 'help', lint: 'lint', explain: 'explain' };

/** The log's outcome of an answer kind; the metrics use the same words. */
export function outcomeOf(kind: AnswerKind): Outcome {
  return OUTCOME[kind];
}

/** Options of recordingEngine. */
export interface RecorderOptions {
  store: LearnStore;
  platform: Platform;
  /** LOG_RETENTION_DAYS: 0 keeps no question at all (answers still get ids, so votes work). */
  retentionDays: number;
  logger?: Logger;
  now?: () => number;
  /** Milliseconds between two calls, for the latency column; defaults to performance.now(). */
  clock?: () => number;
}

/**
 * The engine as one platform sees it, with a question log: every answer gets an `answerId` (the
 * key 👍/👎 come back with) and, unless retention is 0, one log row. The row is written in the
 * background: an answer never waits for the store, and a failing store never fails an answer (the
 * row is dropped and the error logged).
 */
export function recordingEngine(engine: Engine, options: RecorderOptions): Engine {
  const { store, platform, logger } = options;
  const now = options.now ?? Date.now;
  const clock = options.clock ?? (() => performance.now());
  const keep = options.retentionDays > 0;
  const record = (answer: Answer, text: string | null, asker: string | undefined, started: number): Answer => {
    const answerId = randomBytes(9).toString('base64url');
    if (keep) {
      // Fire and forget: the answer never waits for the log, and a failed row is only logged.
      const failed = (error: unknown) => logger?.error({ err: error, part: 'learn' }, 'question log: could not store a question');
      try {
        store
          .logQuestion({
            answerId,
            at: now(),
            platform,
            lang: answer.lang,
            outcome: outcomeOf(answer.kind),
            topicId: answer.topic?.id ?? answer.suggestions[0]?.id ?? null,
            confidence: answer.confidence,
            latencyMs: Math.round((clock() - started) * 1000) / 1000,
            text,
            asker: asker ? store.person(platform, asker) : null,
          })
          .catch(failed);
      } catch (error) {
        failed(error);
      }
    }
    return { ...answer, answerId };
  };
  return {
    ...engine,
    answer(question, context) {
      const started = clock();
      const answer = engine.answer(question, context);
      return record(answer, answer.query, context?.asker, started);
    },
    answerTopic(id, lang) {
      const started = clock();
      const answer = engine.answerTopic(id, lang);
      // A button or autocomplete pick: logged without text, since nobody typed it.
      return answer && record(answer, null, undefined, started);
    },
  };
}
