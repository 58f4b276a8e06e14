/**
 * "Handle this once": the memory behind Slack's event-retry and Share idempotency (issue #17).
 * Slack may deliver a retried event, or the second click of a double-clicked Share, to another
 * replica behind the load balancer, so the decision "was this key already taken?" is made by the
 * store every replica shares: one unique-key insert per key, decided by the database, never an
 * in-process lock. One process without a database keeps the keys in memory, as before.
 *
 * Implementations: `createMemoryOnceStore` (this process only), `openSqliteOnceStore`
 * (src/store/sqlite-once.ts, the store file: every process on one host) and `pgOnceStore`
 * (src/store/pg-once.ts: every replica).
 */
import { createHash } from 'node:crypto';

/**
 * The contract. `first(key, ttlMs, now)` resolves true exactly once per key within `ttlMs` of the
 * take that won, across every process sharing the store; an expired key may be taken again. Times
 * are epoch milliseconds from the caller's clock (all replicas' clocks are assumed close, as
 * Slack's own signature check already requires). A failing store rejects with a StoreError.
 */
export interface OnceStore {
  /** `memory`, `sqlite` or `postgres`: where the decision is made (for logs and checks). */
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  /** True for the first take of `key` (or of an expired one), false while an earlier take holds. */
  first(key: string, ttlMs: number, now: number): Promise<boolean>;
  /** Releases a key, so the next `first` wins again (the work it guarded failed and may be retried). */
  forget(key: string): Promise<void>;
  /** Deletes the keys expired at `now`; resolves with how many went. */
  prune(now: number): Promise<number>;
  /** Closes what this store opened (a store on a shared pool leaves the pool open). */
  close(): Promise<void>;
}

/** Keys longer than this are stored as their SHA-256, so a 2,000-character button value stays a small index entry. */
export const MAX_KEY_LENGTH = 200;

/** The key as stored: itself when short, else `sha256:<hex>` of it (same rule in every implementation). */
export function storedKey(key: string): string {
  return key.length <= MAX_KEY_LENGTH ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** Options of the in-memory store. */
export interface MemoryOnceOptions {
  /** Most keys held; past it the oldest go first (a flood cannot grow the process). Default 10,000. */
  max?: number;
}

/** The in-process store: right for one process, and the default without a database. */
export function createMemoryOnceStore(options: MemoryOnceOptions = {}): OnceStore {
  const max = options.max ?? 10_000;
  // Insertion order; re-taking an expired key moves it to the end.
  const expires = new Map<string, number>();
  const prune = (now: number) => {
    let gone = 0;
    for (const [key, until] of expires) {
      if (until > now) continue;
      expires.delete(key);
      gone += 1;
    }
    return gone;
  };
  return {
    kind: 'memory',
    async first(raw, ttlMs, now) {
      const key = storedKey(raw);
      const until = expires.get(key);
      if (until !== undefined && until > now) return false;
      expires.delete(key);
      expires.set(key, now + ttlMs);
      if (expires.size > max) prune(now);
      for (const oldest of expires.keys()) {
        if (expires.size <= max) break;
        expires.delete(oldest);
      }
      return true;
    },
    async forget(raw) {
      expires.delete(storedKey(raw));
    },
    prune: async (now) => prune(now),
    async close() {},
  };
}

/**
 * The same insert on both engines: a new key is inserted; an existing one is taken over only when
 * it has expired. One statement, so the database decides even when two processes race for a key:
 * the loser's conflicting insert finds an unexpired row and changes nothing.
 */
export const TAKE_SQL = {
  sqlite: `INSERT INTO handled_once (key, expires) VALUES (?, ?)
           ON CONFLICT (key) DO UPDATE SET expires = excluded.expires WHERE handled_once.expires <= ?`,
  postgres: `INSERT INTO handled_once (key, expires) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET expires = EXCLUDED.expires WHERE handled_once.expires <= $3`,
} as const;
