import { createHash } from 'node:crypto';
import { hasHan } from './text/normalize.ts';

/**
 * The rules that turn collected, twice-labelled questions into rows of the real-world eval set
 * (test/eval/README.md). Fixed before the second labels of a collection come in; `npm run
 * eval:add` applies them and the eval tests check every committed row against them.
 */

/** A label: topic ids, with `null` where declining is right too; `[]` means no note helps. */
export type Label = (string | null)[];

/**
 * Two labellers' labels as one: the first's ids, then the second's others; declining is accepted
 * when either accepted it or they disagree on whether any note helps; `[]` only when both say so.
 */
export function combineLabels(a: Label, b: Label): Label {
  const ia = a.filter((x): x is string => x !== null);
  const ib = b.filter((x): x is string => x !== null);
  const ids = [...ia, ...ib.filter((x) => !ia.includes(x))];
  if (!ids.length) return [];
  return a.includes(null) || b.includes(null) || !ia.length || !ib.length ? [...ids, null] : ids;
}

/**
 * A label extended when new notes land: two labellers answer, for the uncovered questions and
 * those that name the new subjects, which new notes would help (`a`, `b`: new ids, with `null`
 * when a note only partly helps), combined as `combineLabels` does. An uncovered question takes
 * that combination as its label; on a covered one the new ids join as alternatives, and whether
 * declining is fair stays as it was. Records: test/eval/labels/new-topics-*.jsonl.
 */
export function extendLabel(current: Label, a: Label, b: Label): Label {
  const added = combineLabels(a, b);
  const ids = current.filter((x): x is string => x !== null);
  if (!ids.length) return added;
  const more = added.filter((x): x is string => x !== null && !ids.includes(x));
  return [...ids, ...more, ...(current.includes(null) ? [null] : [])];
}

/** The split of a question collected after the first 778 rows: `test` for 40 % of sources, by the source's sha256. */
export function splitOf(source: string): 'train' | 'test' {
  return parseInt(createHash('sha256').update(source).digest('hex').slice(0, 8), 16) % 100 < 40 ? 'test' : 'train';
}

/** A collected question with the first labeller's label, as the collectors write it (test/eval/labels/COLLECT.md). */
export interface Collected {
  q: string;
  expect: Label;
  lang: 'en' | 'zh';
  source: string;
  category: string;
}

/** A row of the real-world set. */
export interface RealWorldRow extends Collected {
  split: 'train' | 'test';
}

export const CATEGORIES = ['ops', 'network', 'build', 'registry', 'storage', 'compose', 'desktop', 'error', 'cli', 'other', 'security', 'concepts'] as const;

/** What a collection adds: the new rows and both labellers' labels, or the problems that stop it. */
export interface Merged {
  rows: RealWorldRow[];
  first: Array<{ source: string; expect: Label }>;
  second: Array<{ source: string; expect: Label }>;
  problems: string[];
}

/**
 * Checks a collection against the set it joins and combines its labels. A problem (an unknown id,
 * a source or title already in the set, a missing second label) stops the whole collection:
 * nothing is added until every row is right.
 */
export function mergeCollection(existing: Array<Pick<RealWorldRow, 'q' | 'source'>>, collected: Collected[], second: Map<string, Label>, known: (id: string) => boolean): Merged {
  const problems: string[] = [];
  const sources = new Set(existing.map((r) => r.source));
  const titles = new Set(existing.map((r) => r.q.trim().toLowerCase()));
  const merged: Merged = { rows: [], first: [], second: [], problems };
  collected.forEach((c, i) => {
    const at = `row ${i + 1} (${c.source})`;
    const other = second.get(c.source);
    if (!c.q?.trim()) problems.push(`${at}: empty question`);
    if (!/^https?:\/\//.test(c.source ?? '')) problems.push(`${at}: source is not an address`);
    if (sources.has(c.source)) problems.push(`${at}: source already in the set`);
    if (titles.has(c.q?.trim().toLowerCase())) problems.push(`${at}: title already in the set`);
    if (c.lang !== (hasHan(c.q ?? '') ? 'zh' : 'en')) problems.push(`${at}: lang "${c.lang}" does not match the title`);
    if (!(CATEGORIES as readonly string[]).includes(c.category)) problems.push(`${at}: unknown category "${c.category}"`);
    if (!other) problems.push(`${at}: no second label`);
    for (const id of [...(c.expect ?? []), ...(other ?? [])]) if (id !== null && !known(id)) problems.push(`${at}: unknown topic id "${id}"`);
    sources.add(c.source);
    titles.add(c.q?.trim().toLowerCase());
    if (!other) return;
    merged.rows.push({ q: c.q, expect: combineLabels(c.expect, other), lang: c.lang, source: c.source, category: c.category, split: splitOf(c.source) });
    merged.first.push({ source: c.source, expect: c.expect });
    merged.second.push({ source: c.source, expect: other });
  });
  if (second.size !== collected.length) problems.push(`${second.size} second labels for ${collected.length} questions`);
  return merged;
}
