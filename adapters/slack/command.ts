import { parseTipsCommand, type TipsError } from '../../src/tips/command.ts';
import type { Lang } from '../../src/types.ts';

/**
 * What a `/docker …` text (or a mention's text) asks for. `lang` is a language forced with
 * `--lang`; absent, the question's script (or the user's Slack locale) decides.
 */
export type Command =
  | { kind: 'ask'; question: string; lang?: Lang }
  | { kind: 'help'; lang?: Lang }
  | { kind: 'badLang'; lang?: Lang }
  | { kind: 'tipsOn'; time?: string; timezone?: string; tipLang?: Lang; lang?: Lang }
  | { kind: 'tipsOff'; lang?: Lang }
  | { kind: 'tipsStatus'; lang?: Lang }
  | { kind: 'tip'; lang?: Lang }
  | { kind: 'tipsInvalid'; error: TipsError; lang?: Lang };

const HELP_WORDS = new Set(['', 'help', '-h', '--help', '?', '？', 'usage', '帮助', '用法']);
const LANG_FLAG = /^--lang(?:=(\S*))?$/i;

function asLang(word: string | undefined): Lang | null {
  const w = word?.toLowerCase();
  return w === 'zh' || w === 'en' ? w : null;
}

/**
 * Parses command text. The tip forms (`tips`, `tips on|off …`, `tip`) are read by the shared
 * tips parser (src/tips), so every platform accepts the same words; anything else, such as
 * "tips for smaller images", is a question.
 */
export function parseCommand(text: string): Command {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let lang: Lang | undefined;
  const rest: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const flag = LANG_FLAG.exec(words[i] ?? '');
    if (!flag) {
      rest.push(words[i] ?? '');
      continue;
    }
    const value = flag[1] ?? words[(i += 1)];
    const parsed = asLang(value);
    if (!parsed) return { kind: 'badLang' };
    lang = parsed;
  }
  const withLang = <T extends object>(command: T) => (lang ? { ...command, lang } : command);
  const question = rest.join(' ');
  if (HELP_WORDS.has(question.toLowerCase())) return withLang({ kind: 'help' as const });
  const tips = parseTipsCommand(question);
  switch (tips?.kind) {
    case 'tip':
      return withLang({ kind: 'tip' as const });
    case 'status':
      return withLang({ kind: 'tipsStatus' as const });
    case 'off':
      return withLang({ kind: 'tipsOff' as const });
    case 'invalid':
      return withLang({ kind: 'tipsInvalid' as const, error: tips.error });
    case 'on': {
      const { lang: tipLang, ...when } = tips;
      return withLang({ ...when, kind: 'tipsOn' as const, ...(tipLang ? { tipLang } : {}) });
    }
    default:
      return withLang({ kind: 'ask' as const, question });
  }
}
