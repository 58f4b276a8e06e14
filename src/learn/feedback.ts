import type { FeedbackService } from '../adapter.ts';
import type { Logger } from '../log.ts';
import type { LearnStore } from './store.ts';

/** Options of createFeedbackService. */
export interface FeedbackOptions {
  store: LearnStore;
  logger?: Logger;
  now?: () => number;
  /** Called after each stored vote (for the feedback metrics). */
  onVote?: (vote: 1 | -1, topicId: string | null, result: 'new' | 'changed') => void;
}

/** The FeedbackService over a LearnStore: people are hashed here, before anything is stored. */
export function createFeedbackService(options: FeedbackOptions): FeedbackService {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  return {
    async vote(input) {
      try {
        const voter = store.person(input.platform, input.userId);
        const result = await store.recordVote({ answerId: input.answerId, voter, platform: input.platform, topicId: input.topicId, lang: input.lang, vote: input.vote, reason: null, at: now() });
        if (result !== 'same') options.onVote?.(input.vote, input.topicId, result);
        return result;
      } catch (error) {
        logger?.error({ err: error, part: 'feedback' }, 'feedback: could not store a vote');
        return 'failed';
      }
    },
    async reason(input) {
      try {
        return await store.setReason(input.answerId, store.person(input.platform, input.userId), input.reason);
      } catch (error) {
        logger?.error({ err: error, part: 'feedback' }, 'feedback: could not store a reason');
        return false;
      }
    },
  };
}
