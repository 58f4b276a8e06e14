import { createMemoryOnceStore, type OnceStore } from '../../src/store/once.ts';
import type { Logger } from '../../src/log.ts';

/**
 * A small map whose entries expire after `ttlMs` and which never holds more than `max` entries
 * (the oldest go first). Time comes from an injected clock so tests need no timers.
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    this.prune();
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(): void {
    const now = this.now();
    // Insertion order is expiry order (same ttl), so expired entries sit at the front.
    for (const [key, entry] of this.entries) {
      if (entry.expires > now && this.entries.size <= this.max) break;
      this.entries.delete(key);
    }
  }
}

/**
 * "Handle this once" for the adapter: Events API `event_id`s, so Slack's retries
 * (`X-Slack-Retry-Num`, Socket Mode `retry_attempt`) of an event already taken are answered once,
 * and Share clicks, so a double click posts once. The decision is the shared OnceStore's (every
 * replica's; src/store/once.ts), after this process's own memory, which answers a retry that
 * reaches the same replica without a round trip. While the store fails or does not answer within
 * `waitMs` (a network partition leaves a query hanging), that memory decides alone: answering a
 * retry on a second replica twice is better than answering nobody (the outage is logged once, at
 * warn). Slack retries three times within about five minutes; keys live `ttlMs`.
 */
export class HandledOnce {
  private readonly local = createMemoryOnceStore();
  private readonly ttlMs: number;
  private readonly waitMs: number;
  private storeDown = false;
  private prunedAt: number;

  constructor(
    private readonly store: OnceStore | null,
    private readonly now: () => number,
    private readonly log: Logger,
    options: { ttlMs?: number; waitMs?: number } = {},
  ) {
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.waitMs = options.waitMs ?? 1_000;
    this.prunedAt = now();
  }

  /** True the first time a key is offered within the window (across replicas), false for repeats. */
  async first(key: string): Promise<boolean> {
    const now = this.now();
    if (!(await this.local.first(key, this.ttlMs, now))) return false;
    if (!this.store) return true;
    this.pruneNow(now);
    try {
      const first = await this.bounded(this.store.first(key, this.ttlMs, now));
      // Only keys this process won stay in its memory: one another replica holds may be released
      // there (a failed share) and must then be free here too.
      if (!first) await this.local.forget(key);
      if (this.storeDown) this.log.info({ store: this.store.kind }, 'the store answers again: Slack retries and shares are deduplicated across replicas again');
      this.storeDown = false;
      return first;
    } catch (error) {
      if (!this.storeDown) this.log.warn({ err: error, store: this.store.kind }, 'the store cannot tell whether another replica handled this; deciding from this process only until it answers');
      this.storeDown = true;
      return true;
    }
  }

  /** Forgets a key, so the next offer counts as the first again (work that failed may be retried). */
  async forget(key: string): Promise<void> {
    await this.local.forget(key);
    if (!this.store) return;
    await this.bounded(this.store.forget(key)).catch((error: unknown) => this.log.warn({ err: error, key }, 'could not release a key in the store; a retry waits for it to expire'));
  }

  /** The store's answer, or a rejection once `waitMs` has passed without one. */
  private bounded<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`the store did not answer within ${this.waitMs} ms`), { code: 'STORE_TIMEOUT' })), this.waitMs);
      timer.unref();
    });
    // A late failure is already reported by the timeout; do not let it surface as unhandled.
    work.catch(() => {});
    return Promise.race([work, late]).finally(() => clearTimeout(timer));
  }

  /** Deletes the store's expired keys now and then (every ttl), in the background. */
  private pruneNow(now: number): void {
    if (now - this.prunedAt < this.ttlMs) return;
    this.prunedAt = now;
    void this.store?.prune(now).catch((error: unknown) => this.log.debug({ err: error }, 'pruning expired keys failed; the next window tries again'));
  }
}
