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
  /**
   * The note is about this message: its title or one of its aliases quotes it. When several
   * notes declare the same fragment (a build note mentions "exec format error" in passing), the
   * one named after it explains it best.
   */
  owned: boolean;
}

/** A question's error match: the topics whose fragments it contains, best first. */
export interface ErrorMatch {
  topic: number;
  length: number;
  owned: boolean;
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
    const names = [topic.title.en, topic.title.zh, ...topic.aliases.en, ...topic.aliases.zh].map(errorKey);
    for (const e of topic.errors) {
      const text = errorKey(e.text);
      if (text.length >= MIN_FRAGMENT) out.push({ text, topic: i, owned: names.some((n) => n.includes(text)) });
    }
  });
  // A stable order (longest first), so equal matches always rank the same way.
  return out.sort((a, b) => b.text.length - a.text.length);
}

/**
 * The topics whose declared fragments occur in the question, each with its longest fragment's
 * length, best first. Plain substring search: linear in the question for each fragment.
 */
export function matchErrors(fragments: ErrorFragment[], question: string): ErrorMatch[] {
  const text = errorKey(question);
  if (text.length < MIN_FRAGMENT) return [];
  // A topic's strength is how much of the paste its fragments explain: a note that declares both
  // the daemon's prefix and the specific reason beats one that shares only the prefix.
  const best = new Map<number, ErrorMatch>();
  for (const f of fragments) {
    if (f.text.length > text.length || !text.includes(f.text)) continue;
    const seen = best.get(f.topic);
    best.set(f.topic, { topic: f.topic, length: (seen?.length ?? 0) + f.text.length, owned: f.owned || (seen?.owned ?? false) });
  }
  return [...best.values()].sort((a, b) => b.length - a.length || Number(b.owned) - Number(a.owned) || a.topic - b.topic);
}
