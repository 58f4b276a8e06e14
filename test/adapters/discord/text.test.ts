import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, codeBlock, defuseMentions, escapeUserText, fitBlocks, fitLines } from '../../../adapters/discord/text.ts';

const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 3000 }),
  fc.array(fc.constantFrom('```', '\n', 'abc ', '😀', '长', '@everyone', '<@1>'), { maxLength: 800 }).map((a) => a.join('')),
);

describe('clip', () => {
  it('never exceeds the limit nor splits a surrogate pair', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 300 }), (text, max) => {
        const out = clip(text.toWellFormed(), max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out.isWellFormed()).toBe(true);
      }),
    );
  });

  it('marks a cut with an ellipsis and leaves short text alone', () => {
    expect(clip('hello world', 8)).toBe('hello w…');
    expect(clip('hello', 8)).toBe('hello');
    expect(clip('a😀b', 3)).toBe('a…');
  });
});

describe('escapeUserText', () => {
  it('turns pings and markdown into plain text on one line', () => {
    expect(escapeUserText('@everyone hi\n# head <@&12> **b** ||s|| [l](u) `c`', 200)).toBe(
      '@\u200beveryone hi \\# head \\<@\u200b&12\\> \\*\\*b\\*\\* \\|\\|s\\|\\| \\[l\\]\\(u\\) \\`c\\`',
    );
  });

  it('drops control and bidi characters and stays within twice the bound', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = escapeUserText(text, 100);
        expect(out.length).toBeLessThanOrEqual(2 * 100);
        expect(out).not.toMatch(/[\n\r\u202E]/);
        expect(out.includes('\u0000')).toBe(false);
        expect(out).not.toMatch(/@(everyone|here)/);
        expect(out.isWellFormed()).toBe(true);
      }),
    );
  });
});

describe('defuseMentions', () => {
  it('keeps text readable but inert', () => {
    expect(defuseMentions('Unknown time zone "@here <@123> <#456>"')).toBe('Unknown time zone "@\u200bhere <\u200b@\u200b123> <\u200b#456>"');
  });
});

describe('codeBlock', () => {
  it('always yields exactly one fenced block within the limit', () => {
    fc.assert(
      fc.property(anyText, anyText, fc.integer({ min: 40, max: 1024 }), (code, lang, max) => {
        const out = codeBlock(code, lang, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out.split('```')).toHaveLength(3);
        expect(out.endsWith('\n```')).toBe(true);
      }),
    );
  });

  it('cuts long code at a line boundary', () => {
    const code = Array.from({ length: 100 }, (_, i) => `echo line ${i}`).join('\n');
    const out = codeBlock(code, 'bash', 120);
    expect(out.startsWith('```bash\necho line 0\n')).toBe(true);
    expect(out.endsWith('\n…\n```')).toBe(true);
    expect(out.split('\n').slice(1, -2).every((l) => /^echo line \d+$/.test(l))).toBe(true);
  });
});

describe('fitBlocks and fitLines', () => {
  it('never exceed the budget', () => {
    fc.assert(
      fc.property(fc.array(anyText, { maxLength: 20 }), fc.integer({ min: 1, max: 4096 }), (blocks, max) => {
        expect(fitBlocks(blocks, max).length).toBeLessThanOrEqual(max);
        expect(fitLines(blocks.join('\n'), max).length).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('keeps whole blocks in order and marks what was dropped', () => {
    expect(fitBlocks(['summary', 'second', 'x'.repeat(500)], 30)).toBe('summary\n\nsecond\n\n…');
    expect(fitBlocks(['a'.repeat(50)], 10)).toBe('aaaaaaaaa…');
  });
});
