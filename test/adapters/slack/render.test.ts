import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TipPost } from '../../../src/adapter.ts';
import { LANGS, type Answer, type Lang } from '../../../src/types.ts';
import { ACTIONS, decodeTarget, encodeTarget, renderAnswer, renderSchedule, renderTip, slackDate } from '../../../adapters/slack/render.ts';
import { comparisonQuestion, knowledge, realEngine } from './harness.ts';
import { blockKitProblems } from './limits.ts';

const views = [
  { ephemeral: true, command: '/docker' },
  { ephemeral: false, command: '/docker', sharedBy: 'Alice <!channel> *bold* & co' },
];

describe('renderAnswer over the real knowledge base', () => {
  it('renders every topic in both languages within every Block Kit limit', () => {
    const engine = realEngine();
    const { topics } = knowledge();
    expect(topics.length).toBeGreaterThan(0);
    for (const topic of topics) {
      for (const lang of LANGS) {
        const answer = engine.answerTopic(topic.id, lang)!;
        for (const view of views) {
          const message = renderAnswer(answer, view);
          expect(blockKitProblems(message), `${topic.id} ${lang}`).toEqual([]);
          expect(JSON.stringify(message.blocks[0]), `${topic.id} ${lang}`).toContain(JSON.stringify(topic.title[lang]).slice(1, 20));
        }
      }
    }
  });

  it('renders every tip in both languages within the limits, with a Full answer button', () => {
    for (const topic of knowledge().topics) {
      if (!topic.tip) continue;
      for (const lang of LANGS) {
        const tip: TipPost = { topicId: topic.id, lang, title: topic.title[lang], text: topic.tip[lang], ...(topic.tip.example ? { example: topic.tip.example } : {}) };
        const message = renderTip(tip);
        expect(blockKitProblems(message), `${topic.id} ${lang}`).toEqual([]);
        const buttons = message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
        expect(buttons).toHaveLength(1);
        expect(decodeTarget((buttons[0] as { value: string }).value)).toEqual({ lang, id: topic.id });
      }
    }
  });

  it('keeps any question, however hostile, escaped and within the limits', () => {
    const engine = realEngine();
    const hostile = fc.oneof(
      fc.string({ maxLength: 3000 }),
      fc.string({ unit: 'binary', maxLength: 500 }),
      fc.array(fc.constantFrom('<!channel>', '<!here>', '@everyone', '<@U123>', '&', '<', '>', '```', '*', '_', '~', '镜像', 'cmd', ' vs ', '\n', '<https://x.y|z>'), { maxLength: 400 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(hostile, fc.constantFrom<Lang | undefined>(undefined, 'en', 'zh'), (question, lang) => {
        const answer = engine.answer(question, lang ? { lang } : {});
        for (const view of views) expect(blockKitProblems(renderAnswer(answer, view))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

function answer(overrides: Partial<Answer>): Answer {
  return {
    kind: 'topic',
    query: 'q',
    lang: 'en',
    topic: { id: 'cmd', title: 'CMD' },
    title: 'CMD',
    summary: 'Summary.',
    sections: [],
    examples: [],
    related: [],
    suggestions: [],
    confidence: 1,
    ...overrides,
  };
}

describe('renderAnswer on extreme data', () => {
  it('splits huge sections and code, caps at 50 blocks and keeps the buttons', () => {
    const big = answer({
      title: 'T'.repeat(400),
      summary: `${'word & <b> '.repeat(800)}`,
      sections: Array.from({ length: 40 }, (_, i) => ({ heading: `H${i} <x>`, text: `- **bold** \`code\` ${'x'.repeat(4000)}` })),
      examples: [{ lang: 'bash', code: `${'echo "<&>" ```\n'.repeat(1000)}${'y'.repeat(7000)}` }],
      related: Array.from({ length: 30 }, (_, i) => ({ id: `topic-${i}`, title: `Related topic number ${i} ${'z'.repeat(100)}` })),
      suggestions: [{ id: 'entrypoint', title: 'ENTRYPOINT' }],
    });
    const message = renderAnswer(big, { ephemeral: true, command: '/docker' });
    expect(blockKitProblems(message)).toEqual([]);
    expect(message.blocks).toHaveLength(50);
    const last = message.blocks.at(-1)!;
    expect(last.type).toBe('actions');
    expect(JSON.stringify(last)).toContain(ACTIONS.share);
    expect(JSON.stringify(message.blocks)).toContain('shortened');
  });

  it('escapes note text and user text so nothing can mention or link', () => {
    const message = renderAnswer(
      answer({ kind: 'notFound', topic: null, query: '<!channel> @here <@U1> &', title: 'Nope', summary: 'See <https://evil|x> & @channel', suggestions: [] }),
      { ephemeral: false, command: '/docker' },
    );
    const json = JSON.stringify(message);
    expect(blockKitProblems(message)).toEqual([]);
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('&lt;https://evil|x&gt; &amp;');
    expect(json).not.toMatch(/@(here|channel)/);
  });

  it('converts note markdown to mrkdwn with bold, code and bullets', () => {
    const message = renderAnswer(answer({ sections: [{ heading: 'How', text: '- **Bold** and `a<b`\n- second\n\nParagraph 中文**加粗**文字' }] }), { ephemeral: false, command: '/docker' });
    const section = JSON.stringify(message.blocks[2]);
    expect(section).toContain('*How*\\n•  *Bold* and `a&lt;b`\\n•  second\\n\\nParagraph 中文\u200b*加粗*\u200b文字');
  });

  it('offers Share only on ephemeral topic and comparison answers', () => {
    const has = (a: Answer, ephemeral: boolean) => JSON.stringify(renderAnswer(a, { ephemeral, command: '/docker' })).includes(ACTIONS.share);
    expect(has(answer({}), true)).toBe(true);
    expect(has(answer({}), false)).toBe(false);
    expect(has(answer({ kind: 'compare', query: 'run vs start' }), true)).toBe(true);
    expect(has(answer({ kind: 'suggest', topic: null }), true)).toBe(false);
    expect(has(answer({ kind: 'help', topic: null }), true)).toBe(false);
  });

  it('shares a side-by-side comparison by its query, which re-creates the same answer', () => {
    const engine = realEngine();
    const compared = engine.answer(comparisonQuestion());
    expect(compared.kind).toBe('compare');
    const message = renderAnswer(compared, { ephemeral: true, command: '/docker' });
    const share = message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((e) => (e as { action_id: string }).action_id === ACTIONS.share) as { value: string };
    const target = decodeTarget(share.value)!;
    expect('query' in target).toBe(true);
    if ('query' in target) expect(engine.answer(target.query, { lang: target.lang }).title).toBe(compared.title);
  });
});

describe('button values', () => {
  it('round-trips targets and rejects anything else', () => {
    expect(decodeTarget(encodeTarget({ lang: 'zh', id: 'cmd-vs-entrypoint' }))).toEqual({ lang: 'zh', id: 'cmd-vs-entrypoint' });
    expect(decodeTarget(encodeTarget({ lang: 'en', query: 'a vs b' }))).toEqual({ lang: 'en', query: 'a vs b' });
    for (const bad of [undefined, '', 'x', '{}', '{"l":"fr","t":"cmd"}', '{"l":"en","t":"../etc"}', '{"l":"en","t":"A B"}', 'null', '[1]', 'x'.repeat(3000)]) {
      expect(decodeTarget(bad)).toBeNull();
    }
  });
});

describe('renderSchedule', () => {
  const schedule = { platform: 'slack' as const, channelId: 'C1', time: '09:30', timezone: 'Asia/Shanghai', lang: 'zh' as const, paused: false, nextAt: '2025-01-02T01:30:00.000Z' };

  it('shows the time, zone, language and next post as a Slack date token', () => {
    const message = renderSchedule(schedule, 'en', '/docker');
    const json = JSON.stringify(message);
    expect(json).toContain('09:30');
    expect(json).toContain('Asia/Shanghai');
    expect(json).toContain('Chinese');
    expect(json).toContain(`<!date^${Date.parse(schedule.nextAt) / 1000}^{date_short_pretty} {time}|2025-01-02T01:30:00.000Z>`);
    expect(blockKitProblems(message)).toEqual([]);
  });

  it('says when tips are paused or absent, in the asked language', () => {
    expect(JSON.stringify(renderSchedule({ ...schedule, paused: true, nextAt: null }, 'zh', '/docker'))).toContain('暂停');
    expect(JSON.stringify(renderSchedule(null, 'en', '/docker'))).toContain('/docker tips on');
  });

  it('falls back to escaped text for a bad date', () => {
    expect(slackDate('<not a date>')).toBe('&lt;not a date&gt;');
  });
});
