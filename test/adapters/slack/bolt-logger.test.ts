import pino from 'pino';
import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../../adapters/slack/bolt-logger.ts';

describe('boltLogger', () => {
  it('sends Bolt lines to pino at the same level and reports the pino level to Bolt', () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l) as { level: number; msg: string }) });
    const bolt = boltLogger(log);
    bolt.debug('hidden');
    bolt.info('hello', { a: 1 });
    bolt.warn(new Error('careful'));
    bolt.error('bad', 2);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [30, 'hello {"a":1}'],
      [40, 'careful'],
      [50, 'bad 2'],
    ]);
    expect(bolt.getLevel()).toBe(LogLevel.INFO);
    expect(boltLogger(pino({ level: 'debug' })).getLevel()).toBe(LogLevel.DEBUG);
  });
});
