import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../../adapters/console/adapter.ts';
import type { TipsService } from '../../../src/adapter.ts';
import { createEngine } from '../../../src/engine/engine.ts';
import { realKnowledge } from '../../support/kb.ts';

const engine = createEngine(realKnowledge());

/** Feeds lines to the real readline over streams and collects what the console writes. */
async function chat(lines: string[], options: { interactive?: boolean; tips?: TipsService } = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const adapter = createConsoleAdapter({ engine, input, output, interactive: options.interactive ?? false, tips: options.tips });
  await adapter.start();
  for (const line of lines) input.write(`${line}\n`);
  input.end();
  await adapter.closed;
  return text;
}

describe('console adapter', () => {
  it('answers each line of piped input and ends with the input', async () => {
    const out = await chat(['cmd vs entrypoint', '容器和虚拟机有什么区别']);
    expect(out).toContain('CMD vs ENTRYPOINT');
    expect(out).toContain('容器与虚拟机');
    expect(out).not.toContain('dockhand>');
    expect(out).not.toContain('\x1b[');
  });

  it('answers "1" with the first "did you mean" choice of the previous answer', async () => {
    const first = engine.answer('docker rn -d');
    expect(first.kind).toBe('suggest');
    const pick = engine.answerTopic(first.suggestions[0]!.id, 'en')!;
    const out = await chat(['docker rn -d', '1']);
    expect(out).toContain('1. docker run -d');
    expect(out).toContain(pick.summary.replace(/\*\*/g, ''));
  });

  it('keeps a history and shows help for empty input', async () => {
    const out = await chat(['docker ps', '', 'history']);
    expect(out).toContain('1. docker ps');
    expect(out).toContain('Ask me a Docker question');
  });

  it('shows a prompt and colours in a terminal', async () => {
    const out = await chat(['exit'], { interactive: true });
    expect(out).toContain('dockhand> ');
    expect(out).toContain('\x1b[1m');
  });

  it('says tips are off when no tips service is configured, and shows one when it is', async () => {
    expect(await chat(['tip'])).toContain('not enabled');
    const tips: TipsService = {
      subscribe: () => {
        throw new Error('unused');
      },
      unsubscribe: () => false,
      status: () => null,
      today: (_p, _c, lang) => ({ topicId: 'run-rm', lang, title: 'docker run --rm', text: 'Use --rm for throwaway containers.' }),
    };
    const out = await chat(['tip'], { tips });
    expect(out).toContain('Docker tip of the day: docker run --rm');
    expect(out).toContain('Use --rm for throwaway containers.');
  });

  it('survives binary and huge input', async () => {
    const out = await chat([String.fromCharCode(...Array.from({ length: 300 }, (_, i) => i % 256)), 'x'.repeat(20000), 'docker ps']);
    expect(out).toContain('docker ps');
  });
});
