import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.ts';
import { MAX_QUESTION_CHARS } from '../../src/text/normalize.ts';
import { realKnowledge } from '../support/kb.ts';

const engine = createEngine(realKnowledge());
const answered = (q: string) => {
  const a = engine.answer(q);
  return a.kind === 'topic' || a.kind === 'compare' ? a.topic?.id : null;
};

describe('engine: exact hits', () => {
  it.each([
    ['cmd vs entrypoint', 'cmd-vs-entrypoint'],
    ['CMD和ENTRYPOINT有什么区别', 'cmd-vs-entrypoint'],
    ['entrypoitn vs cmd', 'cmd-vs-entrypoint'],
    ['ENTRYPOINT', 'entrypoint'],
    ['what is ENTRYPOINT?', 'entrypoint'],
    ['docker container ls --all', 'docker-ps'],
    ['docker ps -a', 'docker-ps'],
    ['ｃｍｄ ｖｓ ｅｎｔｒｙｐｏｉｎｔ？', 'cmd-vs-entrypoint'],
    // Spaces around Latin words in Chinese are optional, and common question frames are not the topic.
    ['什么是 Docker ?', 'what-is-docker'],
    ['什么叫 绑定挂载', 'volume-vs-bind-mount'],
    ['docker-compose 是干啥的', 'docker-compose'],
    ['what is the purpose of EXPOSE', 'expose'],
    ['Docker --privileged 命令详解', 'privileged-and-capabilities'],
  ])('%s → %s', (q, expected) => {
    expect(answered(q)).toBe(expected);
  });
});

describe('engine: comparisons in both languages', () => {
  it.each([
    ['difference between save and export', 'save-vs-export'],
    ['容器和虚拟机有什么区别', 'container-vs-vm'],
    ['should I use COPY or ADD', 'copy-vs-add'],
    ['exec 跟 attach 啥区别', 'exec-vs-attach'],
  ])('%s → %s', (q, expected) => {
    expect(answered(q)).toBe(expected);
  });
});

describe('engine: declining', () => {
  it.each(["What's the weather in Beijing?", '今天北京天气怎么样', 'how do I reverse a linked list in python', 'best sushi in Tokyo'])('declines %s', (q) => {
    const a = engine.answer(q);
    expect(a.topic).toBeNull();
    expect(['notFound', 'suggest']).toContain(a.kind);
  });
});

describe('engine: answers as data', () => {
  it('answers in the language of the question', () => {
    expect(engine.answer('怎么进入容器').lang).toBe('zh');
    expect(engine.answer('how do I get a shell in a container').lang).toBe('en');
    expect(engine.answer('docker ps', { lang: 'zh' }).lang).toBe('zh');
    expect(engine.answer('1234', { localeHint: 'zh' }).lang).toBe('zh');
    expect(engine.answer('docker ps', { localeHint: 'zh' }).lang).toBe('zh');
    expect(engine.answer('怎么看日志', { localeHint: 'en' }).lang).toBe('zh');
  });

  it('fills a topic answer from the note in that language', () => {
    const a = engine.answer('cmd vs entrypoint', { lang: 'zh' });
    expect(a.kind).toBe('topic');
    expect(a.title).toBe('CMD 与 ENTRYPOINT 的区别');
    expect(a.summary.length).toBeGreaterThan(10);
    expect(a.examples.length).toBeGreaterThan(0);
    expect(a.related.every((r) => r.id !== 'cmd-vs-entrypoint')).toBe(true);
  });

  it('offers at most three suggestions', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (q) => {
        expect(engine.answer(q).suggestions.length).toBeLessThanOrEqual(3);
      }),
      { numRuns: 200 },
    );
  });

  it('gives help for empty input and answers topics by id', () => {
    expect(engine.answer('').kind).toBe('help');
    expect(engine.answer('   \n\t ').kind).toBe('help');
    expect(engine.answerTopic('volumes', 'en')?.topic?.id).toBe('volumes');
    expect(engine.answerTopic('no-such-topic', 'en')).toBeNull();
  });

  it('autocompletes: popular topics for an empty box, ranked choices otherwise', () => {
    expect(engine.complete('', 'en', 25)).toHaveLength(25);
    const choices = engine.complete('cmd vs entry', 'zh', 25);
    expect(choices[0]?.id).toBe('cmd-vs-entrypoint');
    expect(choices[0]?.title).toBe('CMD 与 ENTRYPOINT 的区别');
    expect(engine.complete('x'.repeat(5000), 'en', 25).length).toBeLessThanOrEqual(25);
  });
});

describe('engine: hostile input never throws', () => {
  const dockerfile = ['FROM node:22-slim', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .', 'CMD ["node", "server.js"]'].join('\n');
  it.each([
    ['empty', ''],
    ['10,000 characters', 'docker '.repeat(1500)],
    ['binary bytes', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)).toString('latin1')],
    ['lone surrogates', '\ud800\udfff\ud800 docker'],
    ['a pasted Dockerfile', `${dockerfile.repeat(40)}\nwhy is my build slow`],
    ['mention spam', '<!channel> <!here> @everyone <@U123> '.repeat(200)],
    ['markdown breakers', '```` ** __ ~~ ` > | <script>'.repeat(100)],
    ['mixed language', 'docker run -d 是什么意思 and how do I 停止 it'],
    ['regex bait', `${'a'.repeat(5000)}!`],
  ])('%s', (_name, q) => {
    const a = engine.answer(q);
    expect(a.query.length).toBeLessThanOrEqual(300);
    expect(a.query.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
  });

  it('survives arbitrary unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (q) => {
        const a = engine.answer(q);
        expect(typeof a.summary).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('answers a pasted Dockerfile with a question about it, or offers that note first', () => {
    const a = engine.answer(`${dockerfile}\nwhy does every build reinstall all my npm packages?`);
    expect(['topic', 'suggest', 'notFound']).toContain(a.kind);
    expect(['dockerfile', 'build-cache', 'dockerfile-best-practices', 'reduce-layers', 'multi-stage-build', 'build-context']).toContain(a.topic?.id ?? a.suggestions[0]?.id);
  });
});

describe('engine: misspelt inflected words', () => {
  it.each([
    ['restaring container', 'restart-policy'],
    ['delete all imgaes', 'docker-rmi'],
  ])('%s ranks %s first: the typo is compared by its stem', (q, id) => {
    expect(engine.explain(q).ranked[0]).toBe(id);
  });
});
