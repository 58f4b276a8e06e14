/**
 * `npm run eval:add -- COLLECTED.jsonl SECOND.jsonl [--into DIR] [--dry-run]`: appends a new
 * collection of real questions to the real-world eval set (test/eval/realworld.jsonl) with the
 * labels combined by the fixed rule and the split fixed by the source's hash, and keeps both
 * labellers' labels (labels/first.jsonl, labels/second.jsonl). COLLECTED is the collectors' file
 * (q, expect, lang, source, category: labels/COLLECT.md); SECOND is the blind labeller's, one
 * {"source", "expect"} per line. Any problem stops it before anything is written.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mergeCollection, type Collected, type Label } from '../src/eval-labels.ts';
import { readEvalFile } from '../src/eval.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/paths.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { into: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
const [collectedFile, secondFile] = positionals;
if (!collectedFile || !secondFile) {
  process.stderr.write('usage: npm run eval:add -- COLLECTED.jsonl SECOND.jsonl [--into DIR] [--dry-run]\n');
  process.exit(2);
}
const dir = values.into ?? new URL('../test/eval/', import.meta.url).pathname;
const lines = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as T;
      } catch (error) {
        throw new Error(`${file}:${i + 1}: not JSON`, { cause: error });
      }
    });
const kb = loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
const existing = readEvalFile(join(dir, 'realworld.jsonl')).map((c) => ({ q: c.q, source: c.source ?? '' }));
const second = new Map(lines<{ source: string; expect: Label }>(secondFile).map((l) => [l.source, l.expect]));
const merged = mergeCollection(existing, lines<Collected>(collectedFile), second, (id) => kb.byId.has(id));
if (merged.problems.length) {
  process.stderr.write(`${merged.problems.join('\n')}\nnothing added\n`);
  process.exit(1);
}
/** One JSON value the way the committed files are written: `", "` and `": "` between items. */
const spaced = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(spaced).join(', ')}]` : v && typeof v === 'object' ? `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${spaced(x)}`).join(', ')}}` : JSON.stringify(v);
const jsonl = (rows: object[]) => rows.map((r) => `${spaced(r)}\n`).join('');
const test = merged.rows.filter((r) => r.split === 'test').length;
const uncovered = merged.rows.filter((r) => !r.expect.some((id) => id !== null)).length;
process.stdout.write(`${merged.rows.length} questions (${test} test, ${merged.rows.length - test} train; ${uncovered} no note helps)${values['dry-run'] ? ' — dry run, nothing written' : ''}\n`);
if (!values['dry-run']) {
  appendFileSync(join(dir, 'realworld.jsonl'), jsonl(merged.rows));
  appendFileSync(join(dir, 'labels/first.jsonl'), jsonl(merged.first));
  appendFileSync(join(dir, 'labels/second.jsonl'), jsonl(merged.second));
}
