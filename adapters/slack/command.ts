import { parseTipsCommand, type TipsError } from '../../src/tips/command.ts';
import type { Lang } from '../../src/types.ts';

/**
 * What a `/docker …` text (or a mention's text) asks for. `lang` is a language forced with
 * `--lang`; absent, the question's script (or the user's Slack locale) decides.
 */
export type Command =
  | { kind: 'ask'; question: string; lang?: Lang }
  | { kind: 'lint'; file: string; lang?: Lang }
  | { kind: 'help'; lang?: Lang }
  | { kind: 'badLang'; lang?: Lang }
  | { kind: 'tipsOn'; time?: string; timezone?: string; tipLang?: Lang; lang?: Lang }
  | { kind: 'tipsOff'; lang?: Lang }
  | { kind: 'tipsStatus'; lang?: Lang }
  | { kind: 'tip'; lang?: Lang }
  | { kind: 'tipsInvalid'; error: TipsError; lang?: Lang };

const HELP_WORDS = new Set(['', 'help', '-h', '--help', '?', '？', 'usage', '帮助', '用法']);
const LANG_FLAG = /^--lang(?:=(\S*))?$/i;
/** `lint` followed by a space, a line break or a code fence, or nothing. */
const LINT_WORD = /^lint(?=\s|```|$)/i;

function asLang(word: string | undefined): Lang | null {
  const w = word?.toLowerCase();
  return w === 'zh' || w === 'en' ? w : null;
}

/**
 * Reads `--lang` flags out of the first line (later lines are a pasted file, which may well hold
 * `--lang` of its own) and keeps everything else as typed: a pasted Dockerfile needs its line breaks.
 */
function readFlags(text: string): { rest: string; lang?: Lang } | null {
  const trimmed = text.trim();
  const newline = trimmed.indexOf('\n');
  const first = newline < 0 ? trimmed : trimmed.slice(0, newline);
  const parts = first.split(/(\s+)/);
  let lang: Lang | undefined;
  let kept = '';
  for (let i = 0; i < parts.length; i += 2) {
    const flag = LANG_FLAG.exec(parts[i] ?? '');
    if (!flag) {
      kept += (parts[i] ?? '') + (parts[i + 1] ?? '');
      continue;
    }
    const value = flag[1] ?? parts[(i += 2)];
    const parsed = asLang(value);
    if (!parsed) return null;
    lang = parsed;
  }
  const rest = (kept + (newline < 0 ? '' : trimmed.slice(newline))).trim();
  return lang ? { rest, lang } : { rest };
}

/**
 * Parses command text. `lint …` keeps the rest verbatim as the file to check. The tip forms
 * (`tips`, `tips on|off …`, `tip`) are read by the shared tips parser (src/tips), so every platform
 * accepts the same words; anything else, such as "tips for smaller images", is a question.
 */
export function parseCommand(text: string): Command {
  const flags = readFlags(text);
  if (!flags) return { kind: 'badLang' };
  const { lang } = flags;
  const withLang = <T extends object>(command: T) => (lang ? { ...command, lang } : command);
  const question = flags.rest;
  const lint = LINT_WORD.exec(question);
  if (lint) return withLang({ kind: 'lint' as const, file: question.slice(lint[0].length).replace(/^[ \t]+/, '') });
  if (HELP_WORDS.has(question.toLowerCase())) return withLang({ kind: 'help' as const });
  const tips = parseTipsCommand(question.replace(/\s+/g, ' '));
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
