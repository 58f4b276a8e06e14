import { describe, expect, it } from 'vitest';
import { EventDeduper, ExpiringMap } from '../../../adapters/slack/memory.ts';

describe('EventDeduper', () => {
  it('accepts an event id once within the window and again after it', () => {
    let now = 0;
    const dedupe = new EventDeduper(() => now, 100, 1_000);
    expect(dedupe.first('Ev1')).toBe(true);
    expect(dedupe.first('Ev1')).toBe(false);
    now = 999;
    expect(dedupe.first('Ev1')).toBe(false);
    now = 1_000 + 999;
    expect(dedupe.first('Ev1')).toBe(true);
  });

  it('stays bounded under a flood of ids', () => {
    const now = 0;
    const dedupe = new EventDeduper(() => now, 100, 60_000);
    for (let i = 0; i < 10_000; i += 1) dedupe.first(`Ev${i}`);
    expect(dedupe.size).toBeLessThanOrEqual(100);
    // The newest are still remembered.
    expect(dedupe.first('Ev9999')).toBe(false);
  });
});

describe('ExpiringMap', () => {
  it('forgets expired entries and evicts the oldest when full', () => {
    let now = 0;
    const map = new ExpiringMap<number>(2, 10, () => now);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect(map.get('a')).toBeUndefined();
    expect(map.get('c')).toBe(3);
    now = 10;
    expect(map.get('c')).toBeUndefined();
  });
});
