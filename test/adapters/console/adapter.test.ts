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

/**
 * The real readline in terminal mode over streams, typed into key by key as a terminal sends it
 * (`\r` for Enter, `\x03` for Ctrl-C, ESC[200~ … ESC[201~ around a paste).
 */
async function terminal(size: { rows?: number; columns?: number } = {}) {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), size);
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  let closedByUser = false;
  const adapter = createConsoleAdapter({ engine, input, output, interactive: true, onClose: () => (closedByUser = true) });
  await adapter.start();
  const settle = () => new Promise((r) => setTimeout(r, 30));
  return {
    adapter,
    output: () => text,
    closed: () => closedByUser,
    async type(keys: string) {
      input.write(keys);
      await settle();
    },
  };
}

const prompts = (text: string) => text.split('dockhand> ').length - 1;

describe('console adapter in a terminal', () => {
  it('asks a pasted multi-line Dockerfile as one question, sent with Enter', async () => {
    const term = await terminal();
    const before = prompts(term.output());
    expect(term.output()).toContain('\x1b[?2004h');
    const dockerfile = ['FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'ENTRYPOINT ["node"]', 'CMD ["server.js"]'];
    await term.type(`\x1b[200~${dockerfile.join('\r')}\r\x1b[201~`);
    // Nothing is answered while (or just after) the paste arrives…
    expect(prompts(term.output())).toBe(before);
    await term.type('\r');
    // …and Enter answers the whole paste once.
    expect(prompts(term.output())).toBe(before + 1);
    const answer = engine.answer(dockerfile.join('\n'));
    expect(term.output()).toContain(answer.title);
    await term.type('history\r');
    expect(term.output()).toContain('1. FROM node:20 WORKDIR /app COPY . . RUN npm ci');
    await term.adapter.stop();
    expect(term.output()).toContain('\x1b[?2004l');
  });

  it('shows a long answer as summary and first section, then the rest on "more"', async () => {
    const long = realKnowledge().topics.find((t) => {
      const a = engine.answer(t.id);
      return a.topic?.id === t.id && a.sections.length >= 3 && a.sections.at(-1)!.heading;
    })!;
    const answer = engine.answer(long.id);
    const term = await terminal({ rows: 20, columns: 80 });
    await term.type(`${long.id}\r`);
    const plain = () => term.output().split('\x1b').map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;?]*[A-Za-z]/, ''))).join('');
    const lastSection = answer.sections.at(-1)!;
    const marker = lastSection.heading!.slice(0, 20);
    expect(plain()).toContain('type "more"');
    expect(plain()).not.toContain(marker);
    await term.type('more\r');
    expect(plain()).toContain(marker);
    await term.adapter.stop();
  });

  it('Ctrl-C drops a half-typed line and keeps the chat; Ctrl-C on an empty line leaves', async () => {
    const term = await terminal();
    await term.type('how do I half typed');
    await term.type('\x03');
    expect(term.closed()).toBe(false);
    expect(term.output()).toContain('^C');
    const before = prompts(term.output());
    await term.type('cmd vs entrypoint\r');
    expect(prompts(term.output())).toBe(before + 1);
    expect(term.output()).toContain('CMD vs ENTRYPOINT');
    await term.type('history\r');
    expect(term.output()).toContain('1. cmd vs entrypoint');
    expect(term.output()).not.toContain('1. how do I half typed');
    await term.type('\x03');
    expect(term.closed()).toBe(true);
    await term.adapter.closed;
  });
});

describe('console adapter', () => {
  it('answers each line of piped input and ends with the input', async () => {
    const out = await chat(['cmd vs entrypoint', '容器和虚拟机有什么区别']);
    expect(out).toContain('CMD vs ENTRYPOINT');
    expect(out).toContain('容器与虚拟机');
    expect(out).not.toContain('dockhand>');
    expect(out).not.toContain('\x1b[');
  });

  it('answers "1" with the first "did you mean" choice of the previous answer', async () => {
    const first = engine.answer('dokcer run -d');
    expect(first.kind).toBe('suggest');
    const pick = engine.answerTopic(first.suggestions[0]!.id, 'en')!;
    const out = await chat(['dokcer run -d', '1']);
    expect(out).toContain(`1. ${first.suggestions[0]!.title}`);
    expect(out).toContain(pick.summary.replace(/\*\*/g, ''));
  });

  it('keeps a history and shows help for empty input', async () => {
    const out = await chat(['docker ps', '', 'history']);
    expect(out).toContain('1. docker ps');
    expect(out).toContain('Ask me a Docker question');
  });

  it('help lists the chat\'s own commands, in English or Chinese', async () => {
    const out = await chat(['help']);
    for (const word of ['tip', 'history', 'clear', '1, 2, 3', 'exit', 'Ctrl-C']) expect(out).toContain(word);
    const zh = await chat(['帮助']);
    expect(zh).toContain('聊天里可用的命令');
    expect(zh).toContain('小贴士');
  });

  it('shows a prompt and colours in a terminal', async () => {
    const out = await chat(['exit'], { interactive: true });
    expect(out).toContain('dockhand> ');
    expect(out).toContain('\x1b[1m');
  });

  it('says tips are off when no tips service is configured, and shows one when it is', async () => {
    expect(await chat(['tip'])).toContain('not enabled');
    const tips: TipsService = {
      subscribe: () => Promise.reject(new Error('unused')),
      unsubscribe: async () => false,
      status: async () => null,
      today: async (_p, _c, lang) => ({ topicId: 'run-rm', lang, title: 'docker run --rm', text: 'Use --rm for throwaway containers.' }),
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
