import { t } from '../templates.ts';
import type { Answer, Example, TopicRef } from '../types.ts';

/** Terminal styling. With `color` off the output is plain text (pipes, `--json`, logs). */
export interface TextStyle {
  color: boolean;
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

/** An Answer as terminal text: title, summary, sections, examples, related, suggestions. */
export function renderText(answer: Answer, style: TextStyle = { color: false }): string {
  const words = t(answer.lang);
  const title = style.color ? `${ANSI.bold}${answer.title}${ANSI.reset}` : answer.title;
  const parts: string[] = [title, inline(answer.summary, style)];
  for (const section of answer.sections) {
    const heading = section.heading ? `${style.color ? ANSI.bold : ''}${section.heading}${style.color ? ANSI.reset : ''}\n` : '';
    parts.push(`${heading}${inline(section.text, style)}`.trim());
  }
  for (const ex of answer.examples) parts.push(example(ex, style));
  if (answer.suggestions.length) {
    const label = answer.kind === 'notFound' ? words.closest : words.didYouMeanTitle;
    parts.push(`${label}\n${refs(answer.suggestions, style.numbered ?? false)}`);
  }
  if (answer.related.length) parts.push(`${words.related}: ${answer.related.map((r) => r.title).join(' · ')}`);
  return parts.filter(Boolean).join('\n\n');
}
