/** Text normalisation shared by the loader (alias keys) and the engine (questions). */

/** Questions longer than this are cut before any processing, so a pasted wall costs the same as a page. */
export const MAX_QUESTION_CHARS = 2000;

const HAN = /\p{Script=Han}/u;
const HAN_GLOBAL = /\p{Script=Han}/gu;
// Control and format characters except tab/newline; binary pastes become spaces.
const CONTROL = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\u{FFFD}]/gu;
// Invisible format characters (zero-width space and joiners, soft hyphen, BOM, bidi marks) sit
// inside words: removing them keeps `p\u200bs` one word, where a space would split it.
const INVISIBLE = /\p{Cf}/gu;

/**
 * Repairs lone surrogates and replaces control and format characters (binary pastes, zero-width
 * tricks) with `replacement`, keeping the whitespace characters listed in `keep`.
 */
export function stripControl(text: string, keep = '\n\t', replacement = ' '): string {
  return text.toWellFormed().replace(CONTROL, (c) => (keep.includes(c) ? c : replacement));
}

/** Drops control bytes and lone surrogates, applies NFKC (full-width to half-width) and caps the length. */
export function clean(input: string, max = MAX_QUESTION_CHARS): string {
  const capped = input.length > max * 2 ? input.slice(0, max * 2) : input;
  const text = stripControl(capped.replace(INVISIBLE, '')).normalize('NFKC');
  return text.length > max ? text.slice(0, max) : text;
}

/** Lower-cases and collapses white space: the form used for exact alias keys. */
export function key(input: string): string {
  return clean(input).toLowerCase().replace(/\s+/g, ' ').trim();
}

const SPACE_BEFORE_HAN = /\s+(?=\p{Script=Han})/gu;
const SPACE_AFTER_HAN = /(?<=\p{Script=Han})\s+/gu;

/**
 * The form of an exact alias key: `key` without the spaces next to Chinese characters, which
 * writers add or leave out around Latin words at will ("什么是 Docker", "什么是Docker"). Both
 * the index and the question go through it, so either spelling hits the same alias.
 */
export function exactKey(input: string): string {
  return key(input).replace(SPACE_BEFORE_HAN, '').replace(SPACE_AFTER_HAN, '');
}

/** Whether the text contains Chinese characters. */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** Number of Han characters: the language signal. */
export function hanCount(text: string): number {
  return text.match(HAN_GLOBAL)?.length ?? 0;
}
