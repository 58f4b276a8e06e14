import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../adapters/slack/command.ts';

describe('parseCommand', () => {
  it('treats plain text as a question', () => {
    expect(parseCommand('cmd vs entrypoint')).toEqual({ kind: 'ask', question: 'cmd vs entrypoint' });
  });

  it('reads --lang anywhere, in both spellings', () => {
    expect(parseCommand('--lang zh cmd vs entrypoint')).toEqual({ kind: 'ask', question: 'cmd vs entrypoint', lang: 'zh' });
    expect(parseCommand('cmd --lang=EN')).toEqual({ kind: 'ask', question: 'cmd', lang: 'en' });
    expect(parseCommand('--lang fr cmd')).toEqual({ kind: 'badLang' });
    expect(parseCommand('cmd --lang')).toEqual({ kind: 'badLang' });
  });

  it('recognises help in both languages and when empty', () => {
    for (const text of ['', '  ', 'help', 'HELP', '帮助', '?', '--lang zh']) expect(parseCommand(text).kind).toBe('help');
    expect(parseCommand('--lang zh help')).toEqual({ kind: 'help', lang: 'zh' });
  });

  it('routes the tip commands', () => {
    expect(parseCommand('tip')).toEqual({ kind: 'tip' });
    expect(parseCommand('tips')).toEqual({ kind: 'tipsStatus' });
    expect(parseCommand('tips off')).toEqual({ kind: 'tipsOff' });
    expect(parseCommand('tips on')).toEqual({ kind: 'tipsOn' });
    expect(parseCommand('tips on 09:30 Asia/Shanghai zh')).toEqual({ kind: 'tipsOn', time: '09:30', timezone: 'Asia/Shanghai', tipLang: 'zh' });
    expect(parseCommand('tips on en 7:05')).toEqual({ kind: 'tipsOn', time: '07:05', tipLang: 'en' });
    expect(parseCommand('--lang zh tips on UTC')).toEqual({ kind: 'tipsOn', timezone: 'UTC', lang: 'zh' });
    expect(parseCommand('tips 开启 9点半')).toEqual({ kind: 'tipsOn', time: '09:30' });
  });

  it('turns a malformed tips on into a bilingual error, not a question', () => {
    const cmd = parseCommand('tips on 25:99');
    expect(cmd.kind).toBe('tipsInvalid');
    if (cmd.kind === 'tipsInvalid') {
      expect(cmd.error.code).toBe('TIPS_INVALID');
      expect(cmd.error.messages.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(parseCommand('tips on Mars/Olympus').kind).toBe('tipsInvalid');
  });

  it('keeps questions that merely start with tip words as questions', () => {
    expect(parseCommand('tips for smaller images').kind).toBe('ask');
    expect(parseCommand('tip of the day').kind).toBe('ask');
    expect(parseCommand('tips off topic question here').kind).toBe('ask');
  });
});
