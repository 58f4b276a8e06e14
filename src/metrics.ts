import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Engine, Platform } from './adapter.ts';
import { outcomeOf } from './learn/recorder.ts';
import type { Logger } from './log.ts';

/** The bot's Prometheus metrics, on a registry of its own (no global state between tests). */
export interface Metrics {
  registry: Registry;
  questions: Counter<'platform' | 'outcome'>;
  latency: Histogram<'platform'>;
  tipsPosted: Counter<'platform'>;
  errors: Counter<'where'>;
  /** 👍/👎 stored, by `vote` (up, down) and `topic` (the note id, `none` without one). A changed vote counts again. */
  feedback: Counter<'vote' | 'topic'>;
  /** Declined questions, by platform and language: `increase(dockhand_declined_questions_total[1h])` is per hour. */
  declined: Counter<'platform' | 'lang'>;
}

/** Options of createMetrics. */
export interface MetricsOptions {
  processMetrics?: boolean;
  /** Read at each scrape: tip days of the last week that are "maybe posted" (claimed, no message id). */
  maybePosted?: () => number | Promise<number>;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'dockhand_' });
  const maybePosted = options.maybePosted;
  if (maybePosted) {
    // Read from the store at scrape time, so it is right after a restart too, not counted per process.
    new Gauge({
      name: 'dockhand_tips_maybe_posted',
      help: 'Tip days of the last 7 days that were claimed but never recorded a message id (maybe posted, not retried)',
      registers: [registry],
      async collect() {
        try {
          this.set(await maybePosted());
        } catch {
          // a failing store is reported by /healthz; the gauge keeps its last value
        }
      },
    });
  }
  return {
    registry,
    questions: new Counter({ name: 'dockhand_questions_total', help: 'Questions answered, by outcome (answered, suggested, declined, help, lint, explain: the question log\'s words)', labelNames: ['platform', 'outcome'], registers: [registry] }),
    latency: new Histogram({
      name: 'dockhand_answer_seconds',
      help: 'Time to produce an answer in the engine',
      labelNames: ['platform'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      registers: [registry],
    }),
    tipsPosted: new Counter({ name: 'dockhand_tips_posted_total', help: 'Daily tips posted', labelNames: ['platform'], registers: [registry] }),
    errors: new Counter({ name: 'dockhand_errors_total', help: 'Errors caught in handlers, the scheduler and the app', labelNames: ['where'], registers: [registry] }),
    feedback: new Counter({ name: 'dockhand_feedback_total', help: 'Votes on answers stored, by vote (up, down) and topic; a changed vote counts again', labelNames: ['vote', 'topic'], registers: [registry] }),
    declined: new Counter({ name: 'dockhand_declined_questions_total', help: 'Questions declined (no note fits), by platform and language', labelNames: ['platform', 'lang'], registers: [registry] }),
  };
}

/** Counts a stored vote (the FeedbackService's onVote). */
export function countVote(metrics: Metrics, vote: 1 | -1, topicId: string | null): void {
  metrics.feedback.inc({ vote: vote === 1 ? 'up' : 'down', topic: topicId ?? 'none' });
}

/**
 * The engine as one platform sees it: every answer is timed, counted and logged in one line with
 * topic, confidence, latency, platform and the answer id (when the question log gave one). The
 * question text is logged only at debug level.
 */

export function instrumentEngine(engine: Engine, platform: Platform, metrics: Metrics, logger: Logger): Engine {
  return {
    ...engine,
    answer(question, context) {
      const start = process.hrtime.bigint();
      const answer = engine.answer(question, context);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      metrics.latency.observe({ platform }, seconds);
      const outcome = outcomeOf(answer.kind);
      metrics.questions.inc({ platform, outcome });
      if (outcome === 'declined') metrics.declined.inc({ platform, lang: answer.lang });
      logger.info({ platform, ...(answer.answerId ? { answerId: answer.answerId } : {}), topic: answer.topic?.id ?? null, kind: answer.kind, confidence: answer.confidence, lang: answer.lang, ms: Math.round(seconds * 1e6) / 1e3, chars: question.length }, 'answered');
      logger.debug({ platform, question: question.slice(0, 500) }, 'question text');
      return answer;
    },
    // Usage (`/docker`, `/docker help`) is asked for without a question, so it never passes answer().
    help(lang) {
      metrics.questions.inc({ platform, outcome: 'help' });
      return engine.help(lang);
    },
  };
}
