import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TipsError, parseLang, parseTime, parseTimezone, parseTipsCommand } from '../../src/tips/command.ts';
import { expectTipsError as invalid } from './tips-error.ts';

describe('parseTime', () => {
  it.each([
    ['09:00', '09:00'],
    ['9:00', '09:00'],
    ['21:30', '21:30'],
    ['0:05', '00:05'],
    ['23:59', '23:59'],
    ['９：３０', '09:30'],
    ['9am', '09:00'],
    ['9 AM', '09:00'],
    ['12am', '00:00'],
    ['12pm', '12:00'],
    ['6:30pm', '18:30'],
    ['9点', '09:00'],
    ['9点半', '09:30'],
    ['18点30', '18:30'],
    ['18点05分', '18:05'],
    ['21时', '21:00'],
  ])('reads %j as %s', (input, expected) => {
    expect(parseTime(input)).toBe(expected);
  });

  it.each(['24:00', '9:60', '9', '0900', '13pm', '0am', '9:5', 'noon', '', '   ', '9:00:00', '-1:00', '9.30'])('refuses %j', (input) => {
    expect(invalid(() => parseTime(input)).message).toContain('HH:MM');
  });

  it('refuses huge and binary input without echoing all of it', () => {
    const e = invalid(() => parseTime('9'.repeat(10_000)));
    expect(e.message.length).toBeLessThan(200);
    invalid(() => parseTime('\u0000\u0001\uffff'));
  });

  it('never throws anything but TipsError, and only returns valid HH:MM', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        try {
          expect(parseTime(s)).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
        } catch (error) {
          expect(error).toBeInstanceOf(TipsError);
        }
      }),
    );
  });
});

describe('parseTimezone', () => {
  it('returns the canonical spelling', () => {
    expect(parseTimezone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(parseTimezone(' europe/berlin ')).toBe('Europe/Berlin');
  });

  it('explains that offsets are not zones', () => {
    expect(invalid(() => parseTimezone('+08:00')).message).toMatch(/offset/);
    expect(invalid(() => parseTimezone('UTC+8')).messages.zh).toContain('时差');
  });

  it('refuses unknown zones with an example of a good one', () => {
    expect(invalid(() => parseTimezone('Mars/Base')).message).toContain('Asia/Shanghai');
    invalid(() => parseTimezone(''));
    invalid(() => parseTimezone('<!channel>'));
  });
});

describe('parseLang', () => {
  it('accepts codes and names in both languages', () => {
    expect(parseLang('zh')).toBe('zh');
    expect(parseLang('中文')).toBe('zh');
    expect(parseLang('EN')).toBe('en');
    expect(parseLang('English')).toBe('en');
  });

  it('refuses other languages', () => {
    expect(invalid(() => parseLang('fr')).message).toContain('zh or en');
  });
});

describe('parseTipsCommand', () => {
  it('reads the four commands', () => {
    expect(parseTipsCommand('tip')).toEqual({ kind: 'tip' });
    expect(parseTipsCommand('tips')).toEqual({ kind: 'status' });
    expect(parseTipsCommand('tips show')).toEqual({ kind: 'status' });
    expect(parseTipsCommand('tips off')).toEqual({ kind: 'off' });
    expect(parseTipsCommand('tips on')).toEqual({ kind: 'on' });
  });

  it('reads tips on with time, zone and language in any order', () => {
    const full = { kind: 'on', time: '08:30', timezone: 'Asia/Shanghai', lang: 'zh' };
    expect(parseTipsCommand('tips on 08:30 Asia/Shanghai zh')).toEqual(full);
    expect(parseTipsCommand('tips on zh asia/shanghai 8:30')).toEqual(full);
    expect(parseTipsCommand('  TIPS   ON   8:30am   America/New_York  ')).toEqual({ kind: 'on', time: '08:30', timezone: 'America/New_York' });
    expect(parseTipsCommand('tips on 9 pm')).toEqual({ kind: 'on', time: '21:00' });
    expect(parseTipsCommand('ｔｉｐｓ ｏｎ ０９:００')).toEqual({ kind: 'on', time: '09:00' });
    expect(parseTipsCommand('每日小贴士 开启 9点半 中文')).toEqual({ kind: 'on', time: '09:30', lang: 'zh' });
  });

  it('turns bad arguments into an invalid command with a bilingual message', () => {
    const bad = (text: string) => {
      const parsed = parseTipsCommand(text);
      expect(parsed?.kind).toBe('invalid');
      return parsed as { kind: 'invalid'; error: TipsError };
    };
    expect(bad('tips on 25:00').error.message).toContain('HH:MM');
    expect(bad('tips on 09:00 Mars/Base').error.message).toContain('time zone');
    expect(bad('tips on 09:00 10:00').error.message).toContain('once');
    expect(bad('tips on zh en').error.messages.zh).toContain('一次');
    expect(bad('tips on 1 2 3 4').error.message).toContain('Usage');
  });

  it('leaves questions that start with "tip" to the answer engine', () => {
    expect(parseTipsCommand('tips for smaller images')).toBeNull();
    expect(parseTipsCommand('tip of the day for volumes')).toBeNull();
    expect(parseTipsCommand('how do I use tips')).toBeNull();
    expect(parseTipsCommand('tips off now')).toBeNull();
    expect(parseTipsCommand('')).toBeNull();
    expect(parseTipsCommand('x'.repeat(10_000))).toBeNull();
    expect(parseTipsCommand('tips '.repeat(2_000))).toBeNull();
  });

  it('never throws on any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `tips on ${s}`), fc.string().map((s) => `tips ${s}`)), (s) => {
        const parsed = parseTipsCommand(s);
        expect(parsed === null || typeof parsed.kind === 'string').toBe(true);
      }),
    );
  });
});
