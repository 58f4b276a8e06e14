import type { FeedbackService } from '../../src/adapter.ts';
import { rateable } from '../../src/learn/recorder.ts';
import type { VoteReason } from '../../src/learn/store.ts';
import { t } from '../../src/templates.ts';
import type { Answer, Lang } from '../../src/types.ts';
import { rateWords } from './words.ts';

/** `+` or 👍; `-` or 👎, optionally followed by a reason number (`- 2`, `-2`). */
const VOTE = /^(?:(\+|👍)|(-|👎)\s*([1-4])?)$/u;

/**
 * The chat's `+` / `-`: a vote on the last answer, as `user`. After a bare `-` the next line may
 * be a reason number (1–4, in the order of the reasons shown) or empty to skip; anything else is
 * handled as usual.
 */
export class ConsoleRater {
  private pending: { answerId: string; lang: Lang } | null = null;

  constructor(
    private readonly feedback: FeedbackService,
    private readonly user: string,
  ) {}

  /** The reply to a vote or reason line ('' for a skipped reason), or null when the line is neither. */
  async handle(line: string, last: Answer | null): Promise<string | null> {
    const pending = this.pending;
    this.pending = null;
    if (pending && /^[1-4]$/.test(line)) return this.reason(pending, Number(line));
    if (pending && line === '') return '';
    const vote = VOTE.exec(line);
    if (!vote) return null;
    if (!rateable(last)) return rateWords(last?.lang ?? 'en').nothingToRate;
    const words = t(last.lang).feedback;
    const up = vote[1] !== undefined;
    const result = await this.feedback.vote({ answerId: last.answerId, platform: 'console', userId: this.user, vote: up ? 1 : -1, topicId: last.topic?.id ?? null, lang: last.lang });
    if (result === 'failed') return words.failed;
    if (up) return words.up[result];
    const target = { answerId: last.answerId, lang: last.lang };
    if (vote[3]) return this.reason(target, Number(vote[3]));
    this.pending = target;
    return `${words.down[result]}\n${rateWords(last.lang).reasons(reasons(last.lang).map((r) => words.reasons[r]))}`;
  }

  private async reason(target: { answerId: string; lang: Lang }, choice: number): Promise<string> {
    const words = t(target.lang).feedback;
    const reason = reasons(target.lang)[choice - 1]!;
    const saved = await this.feedback.reason({ answerId: target.answerId, platform: 'console', userId: this.user, reason });
    return saved ? words.reasonSaved(words.reasons[reason]) : words.reasonFailed;
  }
}

function reasons(lang: Lang): VoteReason[] {
  return Object.keys(t(lang).feedback.reasons) as VoteReason[];
}
