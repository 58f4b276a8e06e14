import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/index.ts';

const DIR = new URL('./corpus/', import.meta.url);
const sources = JSON.parse(readFileSync(new URL('sources.json', DIR), 'utf8')) as Record<string, { source: string; expect: string[] } | string>;
const files = readdirSync(DIR).filter((f) => f.endsWith('.Dockerfile'));

/** Real public Dockerfiles, labelled by hand: the linter's precision and recall on (rule, line) pairs. */
describe('lint corpus', () => {
  it('has a source and labels for every file', () => {
    for (const f of files) {
      const entry = sources[f];
      expect(entry, f).toBeTypeOf('object');
      expect((entry as { source: string }).source, f).toMatch(/^https:\/\/github\.com\//);
    }
  });

  it('finds what we labelled and little else (precision and recall ≥ 0.9)', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const misses: string[] = [];
    for (const f of files) {
      const want = new Set((sources[f] as { expect: string[] }).expect);
      const got = new Set(lint(readFileSync(new URL(f, DIR), 'utf8')).findings.map((x) => `${x.rule}@${x.line}`));
      for (const g of got) if (want.has(g)) tp++; else { fp++; misses.push(`${f}: unexpected ${g}`); }
      for (const w of want) if (!got.has(w)) { fn++; misses.push(`${f}: missed ${w}`); }
    }
    const precision = tp / (tp + fp || 1);
    const recall = tp / (tp + fn || 1);
    console.log(`lint corpus: ${files.length} files, ${tp + fn} labelled findings, precision ${(precision * 100).toFixed(1)}%, recall ${(recall * 100).toFixed(1)}%${misses.length ? `\n  ${misses.join('\n  ')}` : ''}`);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
