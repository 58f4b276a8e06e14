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
 * Remembers Events API `event_id`s so Slack's retries (`X-Slack-Retry-Num`, Socket Mode
 * `retry_attempt`) of an event we already took are answered once. Slack retries three times
 * within about five minutes; entries live for `ttlMs` (default 15 min), at most `max` of them.
 * The Share button uses one too, keyed by message and answer, so a double click posts once.
 */
export class EventDeduper {
  private readonly seen: ExpiringMap<true>;

  constructor(now: () => number, max = 10_000, ttlMs = 15 * 60_000) {
    this.seen = new ExpiringMap(max, ttlMs, now);
  }

  /** True the first time an id is offered (within the window), false for repeats. */
  first(eventId: string): boolean {
    if (this.seen.get(eventId)) return false;
    this.seen.set(eventId, true);
    return true;
  }

  /** Forgets an id, so the next offer counts as the first again (work that failed may be retried). */
  forget(eventId: string): void {
    this.seen.delete(eventId);
  }

  get size(): number {
    return this.seen.size;
  }
}
