/**
 * Splits a pasted command line into words with shell-quote (quotes, escapes, comments, operators),
 * after joining `\` continuations (and PowerShell's trailing backtick, cmd's `^`), and keeps
 * `$(…)`, `${…}`, `$VAR` and backticks as the values they were written as. Linear in the input.
 */
import { parse as shellParse } from 'shell-quote';

/** Private-use characters mark a protected substitution; they cannot come from the user (stripped first). */
const OPEN = '\ue000';
const CLOSE = '\ue001';

/** Joins continuation lines: `\` + newline (POSIX shells), a trailing backtick (PowerShell) or `^` (cmd). */
export function joinContinuations(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/(?:\\|(?<=\s)[`^])[ \t]*\n/g, ' ');
}

/** The end (exclusive) of a `$(`…`)` or `${`…`}` starting at `start`, matching nested pairs; -1 when unclosed. */
function closing(text: string, start: number, open: string, close: string): number {
  let depth = 0;
  let quote = '';
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = '';
      else if (ch === '\\' && quote === '"') i++;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\') i++;
    else if (ch === open) depth++;
    else if (ch === close && --depth === 0) return i + 1;
  }
  return -1;
}

/** Replaces substitutions by numbered placeholders the shell parser keeps inside a word. Jumps from one special character to the next. */
function protect(text: string): { text: string; saved: string[] } {
  const saved: string[] = [];
  const out: string[] = [];
  const special = /['$`<]/g;
  let copied = 0;
  for (let m = special.exec(text); m; m = special.exec(text)) {
    const i = m.index;
    const ch = text[i]!;
    if (ch === "'") {
      if (i > 0 && text[i - 1] === '\\') continue;
      // A single-quoted string is literal: skip to its end.
      const close = text.indexOf("'", i + 1);
      if (close < 0) break;
      special.lastIndex = close + 1;
      continue;
    }
    let end = -1;
    if (ch === '<') {
      // A documentation placeholder (`-v <path to data>:/config`), not a redirect.
      if (text[i + 1] === '<' || (i > 0 && !/[\s=:]/.test(text[i - 1]!))) continue;
      const close = text.indexOf('>', i + 1);
      if (close > i + 1 && close - i <= 60 && /^[A-Za-z][\w .|/-]*$/.test(text.slice(i + 1, close))) end = close + 1;
    } else if (ch === '$') {
      if (text[i + 1] === '(' || text[i + 1] === '{') end = closing(text, i + 1, text[i + 1]!, text[i + 1] === '(' ? ')' : '}');
    } else {
      const next = text.indexOf('`', i + 1);
      end = next < 0 ? -1 : next + 1;
    }
    if (end < 0) continue;
    out.push(text.slice(copied, i));
    // `#optional` (linuxserver READMEs): a substitution of a comment expands to nothing.
    if (!(ch === '`' && text.slice(i + 1, end - 1).trimStart().startsWith('#'))) {
      out.push(`${OPEN}${saved.length}${CLOSE}`);
      saved.push(text.slice(i, end));
    }
    copied = end;
    special.lastIndex = end;
  }
  out.push(text.slice(copied));
  return { text: out.join(''), saved };
}

function restore(word: string, saved: string[]): string {
  if (!word.includes(OPEN)) return word;
  return word.replace(/\ue000(\d+)\ue001/g, (_, n: string) => saved[Number(n)] ?? '');
}

/** A word of the command line, or the operator that ended a simple command (`|`, `&&`, `;`, `>` …). */
export type Word = { word: string } | { op: string };

/** The lines of a paste once continuations are joined: each is one shell command line. */
export function commandLines(text: string): string[] {
  return joinContinuations(text.replace(/[\ue000\ue001]/g, '')).split('\n');
}

/** Splits one command line into words and operators. Comments are dropped. */
export function splitWords(line: string): Word[] {
  const { text, saved } = protect(line.replace(/[\ue000\ue001]/g, ''));
  let parsed: ReturnType<typeof shellParse>;
  try {
    parsed = shellParse(text, (key) => `$${key}`);
  } catch {
    // An unclosed substitution ("Bad substitution"): split on spaces rather than fail.
    parsed = text.split(/\s+/).filter(Boolean);
  }
  const words: Word[] = [];
  for (const entry of parsed) {
    if (typeof entry === 'string') words.push({ word: restore(entry, saved) });
    else if ('comment' in entry) break;
    else if ('op' in entry && entry.op === 'glob') words.push({ word: restore((entry as { pattern: string }).pattern, saved) });
    else if ('op' in entry) words.push({ op: entry.op });
  }
  return words;
}
