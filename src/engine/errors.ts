import { key } from '../text/normalize.ts';
import type { Topic } from '../types.ts';

/**
 * Pasted error messages, matched against the verbatim fragments notes declare in `errors:`.
 * An error line is the most specific thing a user can paste: when one of its fragments appears
 * in the question, that note explains it, whatever else the paste contains.
 */

/** Shorter fragments ("not found") are too common to decide anything. */
const MIN_FRAGMENT = 12;

/** One declared fragment, normalised, and the topic that explains it. */
export interface ErrorFragment {
  text: string;
  topic: number;
}

/** A question's error match: the topics whose fragments it contains, best (longest) first. */
export interface ErrorMatch {
  topic: number;
  length: number;
}

/**
 * The form fragments and questions are compared in: NFKC, lower case, quotes dropped (terminals,
 * issue trackers and chat apps turn `"` into “ ” or backticks) and white space collapsed.
 */
export function errorKey(text: string): string {
  return key(text).replace(/[“”„‟"'‘’`´]/g, '').replace(/\s+/g, ' ').trim();
}

export function errorFragments(topics: Topic[]): ErrorFragment[] {
  const out: ErrorFragment[] = [];
  topics.forEach((topic, i) => {
    for (const e of topic.errors) {
      const text = errorKey(e.text);
      if (text.length >= MIN_FRAGMENT) out.push({ text, topic: i });
    }
  });
  // Longest first: a specific wording beats a shorter one it contains.
  return out.sort((a, b) => b.text.length - a.text.length);
}

/**
 * The topics whose declared fragments occur in the question, each with its longest fragment's
 * length, best first. Plain substring search: linear in the question for each fragment.
 */
export function matchErrors(fragments: ErrorFragment[], question: string): ErrorMatch[] {
  const text = errorKey(question);
  if (text.length < MIN_FRAGMENT) return [];
  const best = new Map<number, number>();
  for (const f of fragments) {
    if (f.text.length > text.length || best.has(f.topic)) continue;
    if (text.includes(f.text)) best.set(f.topic, f.text.length);
  }
  return [...best].map(([topic, length]) => ({ topic, length })).sort((a, b) => b.length - a.length || a.topic - b.topic);
}
