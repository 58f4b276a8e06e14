/**
 * Length limits and text helpers for Discord. Lengths are measured in UTF-16 code units
 * (`string.length`), which is never less than the code points Discord counts, so a string
 * that fits here fits there.
 */
import { stripControl } from '../../src/text/normalize.ts';

/** The Discord limits every rendered message holds (DESIGN.md, "Platform limits"). */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

const ELLIPSIS = '…';
// Control and format characters (zero-width joiners, bidi overrides, NUL, …) except tab and newline.
// ASCII punctuation Discord's markdown treats as syntax: escaping any of it is harmless.
const MARKDOWN = /[\\*_~`|>#\-[\]()<:]/g;

/** Cuts `text` to at most `max` UTF-16 units, ending with "…" when cut, never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = text.slice(0, max - ELLIPSIS.length);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.trimEnd() + ELLIPSIS;
}

/** Makes text well formed and drops control characters; keeps newlines and tabs. */
export function sanitize(text: string): string {
  return stripControl(text, '\n\t', '');
}

/** Sanitized text on one line: runs of white space become one space, ends trimmed. */
export function oneLine(text: string): string {
  return sanitize(text).replace(/\s+/g, ' ').trim();
}

/**
 * Makes user text inert for an embed or message: one line, control characters gone, markdown
 * escaped (no headings, links, spoilers or code fences), `@` followed by a zero-width space so
 * `@everyone` and `@here` read as text, and `<@…>`/`<#…>`/`<@&…>` shown literally. Messages also
 * carry `allowed_mentions: {parse: []}`; this is the second lock, for what people see.
 * `max` bounds the input before escaping; the result is at most about twice that.
 */
export function escapeUserText(text: string, max: number): string {
  const line = clip(oneLine(text), max);
  return line.replace(MARKDOWN, '\\$&').replace(/@/g, '@\u200b');
}

/** Neutralises mentions in text that is otherwise trusted markdown (service messages, our own wording). */
export function defuseMentions(text: string): string {
  return sanitize(text).replace(/@/g, '@\u200b').replace(/<(?=[@#])/g, '<\u200b');
}

/**
 * A fenced code block that fits `max` characters. Backtick runs inside the code cannot close the
 * fence (a zero-width space separates adjacent backticks); long code is cut at a line boundary with "…".
 */
export function codeBlock(code: string, lang: string, max: number): string {
  const tag = lang.toLowerCase().replace(/[^a-z0-9+-]/g, '').slice(0, 20);
  const open = '```' + tag + '\n';
  const close = '\n```';
  const body = sanitize(code).replace(/`(?=`)/g, '`\u200b').replace(/\s+$/, '');
  const room = max - open.length - close.length;
  return open + fitLines(body, room) + close;
}

/** Keeps whole lines of `text` within `max`, marking a cut with a final "…" line. */
export function fitLines(text: string, max: number): string {
  if (text.length <= max) return text;
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const cost = line.length + (kept.length ? 1 : 0);
    if (used + cost + 2 > max) break;
    kept.push(line);
    used += cost;
  }
  if (kept.length === 0) return clip(text.split('\n')[0] ?? '', max);
  return kept.join('\n') + '\n' + ELLIPSIS;
}

/**
 * Joins blocks (paragraphs) with blank lines within `max` characters. Blocks that do not fit are
 * dropped, except that the first block is always kept (clipped), and the cut is marked with "…".
 */
export function fitBlocks(blocks: string[], max: number): string {
  const out: string[] = [];
  let used = 0;
  for (const [i, block] of blocks.entries()) {
    const sep = out.length ? 2 : 0;
    if (used + sep + block.length <= max) {
      out.push(block);
      used += sep + block.length;
      continue;
    }
    if (i === 0) return clip(block, max);
    const room = max - used - sep;
    if (room > 80) out.push(fitLines(block, room));
    else if (used + 2 + ELLIPSIS.length <= max) out.push(ELLIPSIS);
    break;
  }
  return out.join('\n\n');
}
