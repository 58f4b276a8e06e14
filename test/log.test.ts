import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  let raw = '';
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw += chunk.toString('utf8');
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { destination, lines, raw: () => raw };
}

describe('logger', () => {
  it('redacts token fields and masks configured secrets anywhere, errors included', () => {
    const out = capture();
    const secret = 'xoxb-live-secret-123456';
    const log = createLogger({ destination: out.destination, secrets: [secret] });
    log.info({ config: { slack: { botToken: secret } }, token: 'another-token-value' }, 'starting');
    log.error({ err: new Error(`auth failed for ${secret}`) }, `request with ${secret} failed`);
    expect(out.raw()).not.toContain(secret);
    expect(out.raw()).not.toContain('another-token-value');
    const [start, failure] = out.lines;
    expect(start).toMatchObject({ config: { slack: { botToken: '[redacted]' } }, token: '[redacted]' });
    expect(failure).toMatchObject({ msg: 'request with [redacted] failed', err: { type: 'Error', message: 'auth failed for [redacted]' } });
    expect(String((failure!.err as { stack: string }).stack)).toContain('auth failed for [redacted]');
  });

  it('keeps errors intact when no secret is configured, and reports error lines with their component', () => {
    const out = capture();
    const seen: unknown[] = [];
    const log = createLogger({ destination: out.destination, onError: (b) => seen.push(b) });
    log.child({ adapter: 'slack' }).error({ err: new Error('boom') }, 'handler failed');
    log.warn('just a warning');
    expect(out.lines[0]).toMatchObject({ adapter: 'slack', err: { message: 'boom' } });
    expect(seen).toEqual([{ adapter: 'slack' }]);
  });
});
