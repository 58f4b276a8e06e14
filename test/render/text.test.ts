import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.ts';
import { renderText, renderTipText, wrapLine } from '../../src/render/text.ts';
import { realKnowledge } from '../support/kb.ts';

const engine = createEngine(realKnowledge());
const ESC = String.fromCharCode(27);
const columns = (line: string) => [...line.split(ESC).map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, ''))).join('')].reduce((n, c) => n + (/[\u2e80-\ua4cf\uac00-\ud7a3\uff00-\uff60]/u.test(c) ? 2 : 1), 0);

describe('terminal text', () => {
  it('wraps between words, indents continuations and never splits a word', () => {
    const lines = wrapLine('- a bullet with enough words in it to need two lines at this width', 30);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(columns(l)).toBeLessThanOrEqual(30);
    expect(lines.slice(1).every((l) => l.startsWith('  ') && !l.startsWith('   '))).toBe(true);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toBe('- a bullet with enough words in it to need two lines at this width');
  });

  it('wraps Chinese between characters, counting each as two columns', () => {
    const lines = wrapLine('容器是共享宿主机内核、被隔离起来的进程；虚拟机则是在虚拟出来的硬件上运行一整套客户机操作系统。', 40);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(columns(l)).toBeLessThanOrEqual(40);
  });

  it('renders every topic in both languages within the width, code left as written', () => {
    for (const topic of realKnowledge().topics) {
      for (const lang of ['en', 'zh'] as const) {
        const text = renderText(engine.answerTopic(topic.id, lang)!, { color: true, width: 80 });
        const codeLines = new Set(topic.body[lang].examples.flatMap((e) => e.code.split('\n').map((l) => `  ${l}`)));
        for (const line of text.split('\n')) if (!codeLines.has(line)) expect(columns(line), `${topic.id} ${lang}: ${line}`).toBeLessThanOrEqual(80);
      }
    }
  });

  it('never starts a line with Chinese closing punctuation, at any terminal width', () => {
    const closing = /^\s*[，。、；：！？）》」』】]/u;
    for (const width of [31, 40, 57, 64, 79, 99]) {
      for (const topic of realKnowledge().topics) {
        const text = renderText(engine.answerTopic(topic.id, 'zh')!, { color: false, width });
        const codeLines = new Set(topic.body.zh.examples.flatMap((e) => e.code.split('\n').map((l) => `  ${l}`)));
        for (const line of text.split('\n')) {
          if (codeLines.has(line)) continue;
          expect(line, `${topic.id} at ${width}`).not.toMatch(closing);
          expect(columns(line), `${topic.id} at ${width}: ${line}`).toBeLessThanOrEqual(width);
        }
      }
    }
  });

  it('keeps plain output free of escape codes and markdown stars', () => {
    const text = renderText(engine.answer('cmd vs entrypoint'), { color: false });
    expect(text).not.toContain('\x1b[');
    expect(text).not.toContain('**');
    expect(text).toContain('CMD vs ENTRYPOINT');
  });

  it('labels the closest topics of a "not found" answer, and renders a tip with its example', () => {
    const notFound = { ...engine.answer('what is the weather in Beijing'), suggestions: [{ id: 'volumes', title: 'Volumes' }] };
    expect(renderText(notFound)).toContain('Closest topics:\n  - Volumes (volumes)');
    const tip = renderTipText({ topicId: 'run-rm', lang: 'zh', title: 'docker run --rm', text: '用 `--rm` 运行一次性容器。', example: { lang: 'bash', code: 'docker run --rm alpine:3.20 echo hi' } });
    expect(tip).toBe('每日 Docker 小贴士: docker run --rm\n\n用 `--rm` 运行一次性容器。\n\n--- bash ---\n  docker run --rm alpine:3.20 echo hi');
  });
});
