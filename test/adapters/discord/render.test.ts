import fc from 'fast-check';
import { ButtonStyle } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { decodeTopicRef, encodeTopicRef, renderAnswer, renderChoices, renderSchedule, renderTip } from '../../../adapters/discord/render.ts';
import type { TipPost } from '../../../src/adapter.ts';
import { LANGS, type Answer, type Lang, type TopicRef } from '../../../src/types.ts';
import { realEngine, realKnowledge } from '../../support/kb.ts';
import { limitProblems, mentionProblems } from './limits.ts';

const kb = realKnowledge();
const engine = realEngine();

/** Strings that break things: pings, markdown, code fences, control bytes, lone surrogates, walls of text. */
const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 7000 }),
  fc
    .array(fc.constantFrom('@everyone ', '@here', '<@123456789012345678>', '<@&123456789012345678>', '```', '**', '\n# ', '||', '[x](https://e.com)', '😀', '\uD800', '\u202E', '容器', ' '), {
      maxLength: 1500,
    })
    .map((parts) => parts.join('')),
);
const refArb = fc.record({ id: fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,120}$/), hostile), title: hostile });
const answerArb = fc.record({
  kind: fc.constantFrom('topic', 'compare', 'suggest', 'notFound', 'help'),
  query: hostile,
  lang: fc.constantFrom<Lang>('en', 'zh'),
  topic: fc.option(refArb, { nil: null }),
  title: hostile,
  summary: hostile,
  sections: fc.array(fc.record({ heading: fc.option(hostile, { nil: null }), text: hostile }), { maxLength: 30 }),
  examples: fc.array(fc.record({ lang: hostile, code: hostile }), { maxLength: 8 }),
  related: fc.array(refArb, { maxLength: 12 }),
  suggestions: fc.array(refArb, { maxLength: 12 }),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
}) satisfies fc.Arbitrary<Answer>;

describe('renderAnswer over the whole knowledge base', () => {
  it('renders every topic in both languages within every Discord limit, with buttons that lead to real topics', () => {
    expect(kb.topics.length).toBeGreaterThan(50);
    for (const topic of kb.topics) {
      for (const lang of LANGS) {
        const answer = engine.answerTopic(topic.id, lang)!;
        const message = renderAnswer(answer);
        const where = `${topic.id} (${lang})`;
        expect(limitProblems(message), where).toEqual([]);
        expect(mentionProblems(message), where).toEqual([]);
        const embed = message.embeds[0]!;
        expect(embed.title, where).toBe(topic.title[lang]);
        expect(embed.description!.startsWith(topic.body[lang].summary.slice(0, 50)), where).toBe(true);
        for (const field of embed.fields ?? []) {
          expect(field.value.startsWith('```'), where).toBe(true);
          expect(field.value.endsWith('\n```'), where).toBe(true);
          expect(field.value.split('```').length, `${where}: a code fence opens or closes inside the code`).toBe(3);
        }
        const buttons = message.components.flatMap((r) => r.components);
        for (const button of buttons) {
          const ref = decodeTopicRef(button.custom_id);
          expect(ref && kb.byId.has(ref.id), `${where}: ${button.custom_id}`).toBe(true);
          expect(ref!.lang).toBe(lang);
          expect(ref!.id).not.toBe(topic.id);
        }
      }
    }
  });

  it('renders the answer to every title and alias (topics, comparisons, suggestions) within the limits', () => {
    const kinds = new Set<string>();
    for (const topic of kb.topics) {
      for (const question of [topic.title.en, topic.title.zh, ...topic.aliases.en, ...topic.aliases.zh]) {
        const answer = engine.answer(question);
        kinds.add(answer.kind);
        const message = renderAnswer(answer);
        expect(limitProblems(message), question).toEqual([]);
        expect(mentionProblems(message), question).toEqual([]);
      }
    }
    expect(kinds.has('topic')).toBe(true);
  });

  it('renders help in both languages', () => {
    for (const lang of LANGS) {
      const message = renderAnswer(engine.help(lang));
      expect(limitProblems(message)).toEqual([]);
      expect(message.embeds[0]!.title).toBe(engine.help(lang).title);
      expect(message.components).toEqual([]);
    }
  });
});

describe('renderAnswer with hostile input', () => {
  it('holds every limit for any Answer, however long or broken its strings', () => {
    fc.assert(
      fc.property(answerArb, (answer) => {
        const message = renderAnswer(answer);
        expect(limitProblems(message)).toEqual([]);
        expect(message.embeds).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });

  it('never lets the echoed question ping or format anything', () => {
    const base = engine.answer('how do I make my whale fly to the moon');
    fc.assert(
      fc.property(hostile, (query) => {
        for (const kind of ['suggest', 'notFound'] as const) {
          const message = renderAnswer({ ...base, kind, query });
          expect(limitProblems(message)).toEqual([]);
          expect(mentionProblems(message)).toEqual([]);
          const description = message.embeds[0]!.description ?? '';
          expect(description.split('\n')[0]!.includes('```')).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('echoes an off-topic question escaped: no ping, no formatting, shown as typed', () => {
    const answer = engine.answer('@everyone **bold** `code` <@&123456789012345678> how do I bake bread?');
    expect(['notFound', 'suggest']).toContain(answer.kind);
    const message = renderAnswer(answer);
    const description = message.embeds[0]!.description!;
    expect(description).toContain('@\u200beveryone');
    expect(description).toContain('\\*\\*bold\\*\\*');
    expect(description).toContain('\\<@\u200b&123456789012345678\\>');
    expect(mentionProblems(message)).toEqual([]);
  });

  it('answers "did you mean" with primary buttons carrying the choices', () => {
    const suggestions: TopicRef[] = [kb.topics[0]!, kb.topics[1]!].map((t) => ({ id: t.id, title: t.title.zh }));
    const answer: Answer = { ...engine.answer('xyz'), kind: 'suggest', lang: 'zh', suggestions, related: [] };
    const [row] = renderAnswer(answer).components;
    expect(row!.components.map((b) => [b.style, b.label, b.custom_id])).toEqual(
      suggestions.map((s) => [ButtonStyle.Primary, s.title, `dh:t:${s.id}:zh`]),
    );
  });

  it('keeps a topic out of its own related buttons and never repeats a custom_id', () => {
    const topic = kb.topics.find((t) => t.related.length > 0)!;
    const answer = engine.answerTopic(topic.id, 'en')!;
    const self = { id: topic.id, title: 'self' };
    const twice = answer.related[0]!;
    const message = renderAnswer({ ...answer, related: [self, twice, twice, ...answer.related], suggestions: [twice] });
    const ids = message.components.flatMap((r) => r.components.map((b) => b.custom_id));
    expect(ids).not.toContain(`dh:t:${topic.id}:en`);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('topic refs (custom_id and autocomplete value)', () => {
  it('round-trips every topic id within 100 characters', () => {
    for (const topic of kb.topics) {
      for (const lang of LANGS) {
        const value = encodeTopicRef(topic.id, lang)!;
        expect(value.length).toBeLessThanOrEqual(100);
        expect(decodeTopicRef(value)).toEqual({ id: topic.id, lang });
      }
    }
  });

  it('rejects ids that cannot fit and values that are not ours', () => {
    expect(encodeTopicRef('a'.repeat(93), 'en')).toBeNull();
    expect(encodeTopicRef('Bad Id', 'en')).toBeNull();
    for (const value of ['cmd vs entrypoint', 'dh:t:cmd:fr', 'dh:t::en', 'dh:t:cmd', 'dh:t:CMD:en', `dh:t:${'a'.repeat(200)}:en`, 'dh:x:cmd:en']) {
      expect(decodeTopicRef(value), value).toBeNull();
    }
  });
});

describe('renderChoices', () => {
  it('gives at most 25 named choices within 100 characters, deduplicated', () => {
    const refs = kb.topics.map((t) => ({ id: t.id, title: `${t.title.zh} ${'长'.repeat(120)}` }));
    const choices = renderChoices([...refs, ...refs], 'zh');
    expect(choices).toHaveLength(25);
    expect(limitProblems({ choices })).toEqual([]);
    expect(new Set(choices.map((c) => c.value)).size).toBe(25);
    expect(choices[0]!.value).toBe(`dh:t:${kb.topics[0]!.id}:zh`);
  });
});

describe('renderTip', () => {
  it('renders every topic tip in both languages within the limits, with a Full answer button', () => {
    const withTips = kb.topics.filter((t) => t.tip);
    expect(withTips.length).toBeGreaterThan(0);
    for (const topic of withTips) {
      for (const lang of LANGS) {
        const tip: TipPost = { topicId: topic.id, lang, title: topic.title[lang], text: topic.tip![lang], ...(topic.tip!.example ? { example: topic.tip!.example } : {}) };
        const message = renderTip(tip);
        expect(limitProblems(message), topic.id).toEqual([]);
        expect(message.embeds[0]!.title).toBe(topic.title[lang]);
        expect(message.embeds[0]!.description).toContain(topic.tip![lang]);
        const [button] = message.components[0]!.components;
        expect(button!.custom_id).toBe(`dh:t:${topic.id}:${lang}`);
        expect(button!.label).toBe(lang === 'zh' ? '查看完整回答' : 'Full answer');
      }
    }
  });

  it('holds the limits for hostile tips', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, fc.constantFrom<Lang>('en', 'zh'), (title, text, code, lang) => {
        const message = renderTip({ topicId: 'cmd', lang, title, text, example: { lang: 'bash', code } });
        expect(limitProblems(message)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('renderSchedule', () => {
  const schedule = { platform: 'discord' as const, channelId: '1', time: '09:30', timezone: 'Asia/Shanghai', lang: 'zh' as const, paused: false, nextAt: '2030-01-02T01:30:00.000Z' };

  it('shows the next post as a Discord timestamp in the reader’s own time zone', () => {
    const seconds = Date.parse(schedule.nextAt) / 1000;
    expect(renderSchedule(schedule, 'en')).toBe(
      `Daily Docker tips are **on** here: every day at **09\\:30** (Asia/Shanghai), in Chinese. Next tip: <t:${seconds}:F> (<t:${seconds}:R>).`,
    );
    expect(renderSchedule(schedule, 'zh')).toContain('每天 **09\\:30**（Asia/Shanghai），中文');
  });

  it('says when tips are paused', () => {
    expect(renderSchedule({ ...schedule, paused: true, nextAt: null }, 'en')).toBe('Daily Docker tips here are **paused** (09\\:30 Asia/Shanghai, Chinese).');
  });

  it('escapes whatever came back as the time zone', () => {
    const text = renderSchedule({ ...schedule, timezone: '@everyone <@&123456789012345678>' }, 'en');
    expect(mentionProblems({ content: text })).toEqual([]);
  });
});
