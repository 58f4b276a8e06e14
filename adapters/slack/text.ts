/**
 * Slack text handling: escaping for mrkdwn, the notes' markdown subset → mrkdwn, Slack message
 * markup → plain text, and length-safe cutting. Every function here is linear in its input and
 * uses no backtracking regex on user text.
 */
import { stripControl } from '../../src/text/normalize.ts';

const ZWSP = '\u200B';

/** Escapes the three characters Slack reserves in mrkdwn (`&`, `<`, `>`). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

// Control and format characters (bidi overrides, zero-width tricks) in user text become spaces.
// "@channel" as plain words is harmless with verbatim text objects, but a zero-width space after
// the "@" keeps it from ever turning into a broadcast, whatever a client does with it.
const BROADCAST = /@(channel|here|everyone)/gi;

/**
 * Makes user-supplied text (a question, a display name) safe for a mrkdwn text object: control
 * characters dropped, capped at `max` characters, `&<>` escaped and broadcast words defused, so
 * it can never ping anyone or open Slack markup.
 */
export function userText(text: string, max: number): string {
  const flat = stripControl(text, '\n');
  return defuse(escapeMrkdwn(cut(flat, max)));
}

function defuse(text: string): string {
  return text.replace(BROADCAST, `@${ZWSP}$1`);
}

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair; adds "…" when cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Like `cut`, for escaped mrkdwn: never leaves half an `&amp;` / `&lt;` / `&gt;` entity behind. */
export function cutMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = cut(text, max).slice(0, -1);
  const amp = kept.lastIndexOf('&');
  const whole = amp < 0 || kept.indexOf(';', amp) >= 0 ? kept : kept.slice(0, amp);
  return `${whole}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

// Slack only styles `*x*` and `` `x` `` at word boundaries; next to Han text or a letter a zero-width
// space provides the boundary. ASCII white space and punctuation already count as one.
const BOUNDARY = /[\s!-/:-@[-`{-~]/;
function needsGap(char: string | undefined): boolean {
  return char !== undefined && char !== '' && !BOUNDARY.test(char);
}

/** Converts one line of the notes' inline markdown (`**bold**`, `` `code` ``) to escaped mrkdwn. */
function inline(line: string): string {
  let out = '';
  let i = 0;
  const styled = (token: string, end: number) => {
    const before = needsGap(line[i - 1]) ? ZWSP : '';
    const after = needsGap(line[end]) ? ZWSP : '';
    out += before + token + after;
    i = end;
  };
  while (i < line.length) {
    if (line[i] === '`') {
      const close = line.indexOf('`', i + 1);
      if (close > i + 1) {
        styled(`\`${escapeMrkdwn(line.slice(i + 1, close))}\``, close + 1);
        continue;
      }
    }
    if (line.startsWith('**', i)) {
      const close = line.indexOf('**', i + 2);
      if (close > i + 2) {
        styled(`*${inlineCode(line.slice(i + 2, close))}*`, close + 2);
        continue;
      }
    }
    out += escapeMrkdwn(line[i] ?? '');
    i += 1;
  }
  return out;
}

/** Inline code inside bold text: the bold markers are already placed, so only code and escaping. */
function inlineCode(text: string): string {
  return text
    .split('`')
    .map((part, index) => (index % 2 === 1 ? `\`${escapeMrkdwn(part)}\`` : escapeMrkdwn(part)))
    .join('');
}

/**
 * Converts the knowledge notes' restricted markdown (paragraphs, `- ` bullets, `**bold**`,
 * `` `code` ``) to Slack mrkdwn. All other characters are escaped, so note text cannot form links
 * or mentions.
 */
export function mdToMrkdwn(markdown: string): string {
  const lines = markdown.split('\n').map((line) => {
    const bullet = /^\s*[-*] /.exec(line);
    return bullet ? `•  ${inline(line.slice(bullet[0].length))}` : inline(line);
  });
  return defuse(lines.join('\n'));
}

/** A fenced mrkdwn code block. Backtick runs inside the code are broken so the fence cannot close early. */
export function codeBlock(code: string): string {
  return `\`\`\`\n${escapeMrkdwn(code.replace(/```/g, `\`${ZWSP}\`${ZWSP}\``))}\n\`\`\``;
}

/**
 * Splits escaped mrkdwn into pieces of at most `max` characters, preferring line breaks and never
 * cutting inside an `&…;` entity or a surrogate pair.
 */
export function splitMrkdwn(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let at = rest.lastIndexOf('\n', max);
    if (at < max / 2) at = safeCut(rest, max);
    pieces.push(rest.slice(0, at));
    rest = rest.slice(rest[at] === '\n' ? at + 1 : at);
  }
  if (rest.length || !pieces.length) pieces.push(rest);
  return pieces;
}

function safeCut(text: string, max: number): number {
  let at = max;
  const amp = text.lastIndexOf('&', at);
  if (amp > at - 6 && text.indexOf(';', amp) >= at) at = amp;
  if (isHighSurrogate(text.charCodeAt(at - 1))) at -= 1;
  return Math.max(1, at);
}

/** Splits code into line-aligned pieces whose fenced, escaped form fits `max` characters. */
export function splitCode(code: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  const fits = (text: string) => codeBlock(text).length <= max;
  for (const line of code.split('\n')) {
    const next = current ? `${current}\n${line}` : line;
    if (fits(next)) {
      current = next;
      continue;
    }
    if (current) pieces.push(current);
    current = line;
    while (!fits(current)) {
      let take = Math.floor((max - 8) / 5);
      if (isHighSurrogate(current.charCodeAt(take - 1))) take -= 1;
      pieces.push(current.slice(0, take));
      current = current.slice(take);
    }
  }
  if (current || !pieces.length) pieces.push(current);
  return pieces;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/**
 * Turns the text of a Slack message or slash command into what the user typed: user and channel
 * references become readable (`<@U1>` is dropped, `<#C1|general>` → `#general`), links become
 * their label or URL, broadcasts (`<!channel>`) are dropped, and Slack's entities are decoded.
 */
export function slackToPlain(text: string): string {
  return text
    .replace(/<([^<>\n]{1,500})>/g, (_match, inner: string) => {
      const [target = '', label] = splitOnce(inner, '|');
      if (target.startsWith('@')) return '';
      if (target.startsWith('#')) return label ? `#${label}` : '';
      if (target.startsWith('!')) return '';
      return label ?? target;
    })
    .replace(/&(amp|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
