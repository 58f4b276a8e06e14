import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeBlock, cut, cutMrkdwn, escapeMrkdwn, mdToMrkdwn, slackToPlain, splitCode, splitMrkdwn, userText } from '../../../adapters/slack/text.ts';

describe('escaping', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn('a & b <c> "d" \'e\'')).toBe('a &amp; b &lt;c&gt; "d" \'e\'');
  });

  it('makes user text unable to ping: markup escaped, broadcast words broken, controls dropped, length capped', () => {
    const safe = userText('<!channel> @here @Everyone <@U1>\u0000\u202e x', 100);
    expect(safe).toBe('&lt;!channel&gt; @\u200bhere @\u200bEveryone &lt;@U1&gt;   x');
    expect(userText('y'.repeat(500), 10)).toHaveLength(10);
  });

  it('never leaves a broken entity or a lone surrogate when cutting', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 2, max: 120 }), (raw, max) => {
        const out = cutMrkdwn(escapeMrkdwn(raw), max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
        expect(out.isWellFormed()).toBe(true);
        expect(cut(raw, max).isWellFormed()).toBe(true);
      }),
    );
  });
});

describe('mdToMrkdwn', () => {
  it('turns **bold** into *bold*, keeps `code`, and bullets into •', () => {
    expect(mdToMrkdwn('- **Use** `a && b` now\n* star bullet\nplain')).toBe('•  *Use* `a &amp;&amp; b` now\n•  star bullet\nplain');
  });

  it('adds zero-width spaces so Slack styles text next to Han characters', () => {
    expect(mdToMrkdwn('用**粗体**和`代码`。')).toBe('用\u200b*粗体*\u200b和\u200b`代码`\u200b。');
    expect(mdToMrkdwn('a **b** c')).toBe('a *b* c');
  });

  it('leaves unbalanced markers as text', () => {
    expect(mdToMrkdwn('a ` b ** c')).toBe('a ` b ** c');
  });

  it('keeps inline code inside bold', () => {
    expect(mdToMrkdwn('**run `docker ps`**')).toBe('*run `docker ps`*');
  });
});

describe('code blocks and splitting', () => {
  it('fences code, escapes it and stops backtick runs closing the fence early', () => {
    const block = codeBlock('echo "<x>" ```');
    expect(block.startsWith('```\n')).toBe(true);
    expect(block.endsWith('\n```')).toBe(true);
    expect(block.slice(4, -4)).not.toContain('```');
    expect(block).toContain('&lt;x&gt;');
  });

  it('splits code into fenced pieces that fit and lose nothing', () => {
    const code = Array.from({ length: 400 }, (_, i) => `line ${i} <&>`).join('\n') + '\n' + 'z'.repeat(5000);
    const pieces = splitCode(code, 3000);
    for (const p of pieces) expect(codeBlock(p).length).toBeLessThanOrEqual(3000);
    expect(pieces.join('\n').replace(/\n/g, '')).toBe(code.replace(/\n/g, ''));
  });

  it('splits long mrkdwn on line breaks without breaking entities', () => {
    const text = escapeMrkdwn(`${'a<b '.repeat(1000)}\n${'c&d\n'.repeat(900)}`);
    const pieces = splitMrkdwn(text, 3000);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(3000);
      expect(p).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(pieces.join('').replace(/\n/g, '')).toBe(text.replace(/\n/g, ''));
  });
});

describe('slackToPlain', () => {
  it('turns Slack message markup back into what the user typed', () => {
    expect(slackToPlain('<@UBOT> what is <#C1|general> and <https://docs.docker.com|the docs> &lt;tag&gt; &amp; <!channel> <!subteam^S1|@team>')).toBe(
      'what is #general and the docs <tag> &',
    );
    expect(slackToPlain('see <https://example.com>')).toBe('see https://example.com');
  });

  it('is fast on pathological input', () => {
    const start = performance.now();
    slackToPlain('<'.repeat(8000));
    slackToPlain('<a'.repeat(4000));
    expect(performance.now() - start).toBeLessThan(500);
  });
});
