import { t } from '../templates.ts';
import type { TipPost } from '../adapter.ts';
import type { Answer, Example, TopicRef } from '../types.ts';

/** Terminal styling. With `color` off the output is plain text (pipes, `--json`, logs). */
export interface TextStyle {
  color: boolean;
  /** Wrap prose (not code) at this many terminal columns; no wrapping when absent. */
  width?: number;
  /** Number the suggestions so a console user can answer with "1", "2", "3". */
  numbered?: boolean;
}

const ANSI = { bold: '\x1b[1m', dim: '\x1b[2m', cyan: '\x1b[36m', reset: '\x1b[0m' };

/** Renders the restricted markdown of notes (bold, code) for a terminal. */
export function inline(text: string, style: TextStyle): string {
  if (!style.color) return text.replace(/\*\*([^*\n]+)\*\*/g, '$1');
  return text.replace(/\*\*([^*\n]+)\*\*/g, `${ANSI.bold}$1${ANSI.reset}`).replace(/`([^`\n]+)`/g, `${ANSI.cyan}$1${ANSI.reset}`);
}

function example(ex: Example, style: TextStyle): string {
  const label = style.color ? `${ANSI.dim}── ${ex.lang} ──${ANSI.reset}` : `--- ${ex.lang} ---`;
  return [label, ...ex.code.split('\n').map((l) => `  ${l}`)].join('\n');
}

function refs(list: TopicRef[], numbered: boolean): string {
  return list.map((r, i) => (numbered ? `  ${i + 1}. ${r.title} (${r.id})` : `  - ${r.title} (${r.id})`)).join('\n');
}

/** Terminal columns a character takes: CJK and full-width forms take two. */
function columns(ch: string): number {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
}

/**
 * Wraps one line at `width` columns: at spaces in Latin text, anywhere between CJK characters.
 * A bullet's or numbered item's continuation lines are indented under its text. ANSI codes take
 * no columns.
 */
// Chinese closing punctuation never starts a line (the usual line-breaking rule): when one would,
// the character before it moves down with it.
const CLOSING = new Set([...'，。、；：！？）》」』】〉”’…·%,.;:!?)]}']);

export function wrapLine(line: string, width: number): string[] {
  const marker = /^\s*(?:- |\d+\. )/.exec(line)?.[0] ?? '';
  const indent = ' '.repeat(marker.length);
  const out: string[] = [];
  let current = '';
  let used = 0;
  let lastBreak = -1;
  const chars = [...line];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '\x1b') {
      const end = chars.indexOf('m', i);
      current += chars.slice(i, end + 1).join('');
      i = end;
      continue;
    }
    const w = columns(ch);
    if (used + w > width && current.trim()) {
      let cut = ch !== ' ' && lastBreak > indent.length ? lastBreak : current.length;
      if (CLOSING.has(ch) && cut === current.length) {
        // Move down the last character that is not itself closing punctuation, and what follows it.
        const kept = [...current];
        let from = kept.length - 1;
        while (from > 0 && CLOSING.has(kept[from]!)) from -= 1;
        const before = kept.slice(0, from).join('').length;
        if (before > indent.length && kept[from] !== ' ') cut = before;
      }
      out.push(current.slice(0, cut).trimEnd());
      current = indent + current.slice(cut).trimStart();
      used = [...current].reduce((n, c) => n + columns(c), 0);
      lastBreak = -1;
      if (ch === ' ') continue;
    }
    current += ch;
    used += w;
    if (ch === ' ' || w === 2) lastBreak = current.length;
  }
  if (current.trim() || out.length === 0) out.push(current);
  return out;
}

function wrap(text: string, width: number | undefined): string {
  if (!width || width < 20) return text;
  return text
    .split('\n')
    .flatMap((l) => wrapLine(l, width))
    .join('\n');
}

/** An Answer as terminal text: title, summary, sections, examples, related, suggestions. */
export function renderText(answer: Answer, style: TextStyle = { color: false }): string {
  const words = t(answer.lang);
  const plainTitle = wrap(answer.title, style.width);
  const title = style.color ? `${ANSI.bold}${plainTitle}${ANSI.reset}` : plainTitle;
  const parts: string[] = [title, wrap(inline(answer.summary, style), style.width)];
  for (const section of answer.sections) {
    const heading = section.heading ? `${style.color ? ANSI.bold : ''}${wrap(section.heading, style.width)}${style.color ? ANSI.reset : ''}\n` : '';
    parts.push(`${heading}${wrap(inline(section.text, style), style.width)}`.trim());
  }
  for (const ex of answer.examples) parts.push(example(ex, style));
  if (answer.suggestions.length) {
    // A "did you mean" answer's summary already asks the question; other kinds label the list.
    const label = answer.kind === 'suggest' ? '' : answer.kind === 'notFound' ? `${words.closest}\n` : `${words.didYouMeanTitle}\n`;
    parts.push(wrap(`${label}${refs(answer.suggestions, style.numbered ?? false)}`, style.width));
  }
  if (answer.related.length) parts.push(wrap(`${words.related}: ${answer.related.map((r) => r.title).join(' · ')}`, style.width));
  return parts.filter(Boolean).join('\n\n');
}

/** A daily tip for a terminal: heading, the tip's sentences, its example indented. */
export function renderTipText(tip: TipPost, style: TextStyle = { color: false }): string {
  const heading = `${t(tip.lang).tipTitle}: ${tip.title}`;
  const parts = [style.color ? `${ANSI.bold}${heading}${ANSI.reset}` : heading, wrap(inline(tip.text, style), style.width)];
  if (tip.example) parts.push(example(tip.example, style));
  return parts.join('\n\n');
}
