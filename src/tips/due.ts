/**
 * Whether a subscription is due at an instant: one pure function shared by the scheduler (what to
 * post), the CLI dry run (why) and `tips status` (when next).
 */
import type { LedgerEntry, Subscription, TipStore } from './store.ts';
import { addDays, slotInstant, zonedParts, type LocalDate } from './time.ts';

/**
 * - `due`: post now (first try, catch-up after downtime, or a retry whose time has come).
 * - `waiting`: nothing to do until `at` (today's slot ahead, or tomorrow's when today is settled).
 * - `retrying`: a transient failure; the day is claimable again at `at`.
 * - `done`: today is settled (`entry` says how: posted, failed, or claimed and maybe posted); next slot at `at`.
 * - `paused`: stopped after repeated failures until someone runs `tips on` again.
 */
export type DueState =
  | { state: 'due'; date: LocalDate; slot: number; entry: LedgerEntry | null }
  | { state: 'waiting'; date: LocalDate; at: number; startsLater: boolean }
  | { state: 'retrying'; date: LocalDate; at: number; entry: LedgerEntry }
  | { state: 'done'; date: LocalDate; at: number; entry: LedgerEntry }
  | { state: 'paused'; date: LocalDate; reason: string };

/** The subscription's local date at `now`: the ledger's day key. */
export function localDateOf(sub: Subscription, now: number): LocalDate {
  return zonedParts(now, sub.timezone).date;
}

/**
 * Evaluates a subscription at `now`, given its ledger row for the local date at `now` (or null).
 * A slot that passed before the subscription was created is not posted (no back-fill on day one);
 * any other passed slot without a ledger row is due, which is how a restart catches up.
 */
export function evaluate(sub: Subscription, entry: LedgerEntry | null, now: number, maxAttempts: number): DueState {
  const date = localDateOf(sub, now);
  if (sub.pausedAt !== null) return { state: 'paused', date, reason: sub.pauseReason ?? 'paused' };
  const slot = slotInstant(date, sub.time, sub.timezone);
  const next = () => slotInstant(addDays(date, 1), sub.time, sub.timezone);
  if (!entry) {
    if (slot > now) return { state: 'waiting', date, at: slot, startsLater: false };
    if (slot < sub.createdAt) return { state: 'waiting', date, at: next(), startsLater: true };
    return { state: 'due', date, slot, entry: null };
  }
  if (entry.status === 'released' && entry.attempts < maxAttempts) {
    const at = entry.retryAt ?? now;
    return at <= now ? { state: 'due', date, slot, entry } : { state: 'retrying', date, at, entry };
  }
  return { state: 'done', date, at: next(), entry };
}

/** `evaluate` with the subscription's ledger row for its local date at `now` read from the store. */
export async function evaluateStored(store: Pick<TipStore, 'getEntry'>, sub: Subscription, now: number, maxAttempts: number): Promise<DueState> {
  return evaluate(sub, await store.getEntry({ ...sub, localDate: localDateOf(sub, now) }), now, maxAttempts);
}

/** When the subscription next needs attention after `now`: null when paused; `now` when due. */
export function nextAttention(state: DueState, now: number): number | null {
  switch (state.state) {
    case 'paused':
      return null;
    case 'due':
      return now;
    default:
      return state.at;
  }
}

/** How long a "maybe posted" day stays visible in logs, `/metrics` and `tips run --dry-run`. */
export const MAYBE_POSTED_DAYS = 7;

/**
 * Claims of the last MAYBE_POSTED_DAYS days that never recorded a message id: the poster crashed
 * (SIGKILL, power loss) or timed out. Claims younger than `postTimeoutMs` plus a minute may still
 * be in flight and are left out. Newest first, over every channel.
 */
export function maybePostedDays(store: Pick<TipStore, 'listMaybePosted'>, now: number, postTimeoutMs = 30_000): Promise<LedgerEntry[]> {
  return store.listMaybePosted(now - MAYBE_POSTED_DAYS * 24 * 3600_000, now - postTimeoutMs - 60_000);
}
