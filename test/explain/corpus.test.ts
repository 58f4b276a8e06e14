/**
 * Real command lines copied from public READMEs, scripts and issues (sources in corpus.json):
 * every flag is explained or listed as unknown, the image and the container's command are found,
 * and the risky flags are flagged. `expect` was reviewed by hand when each line was added.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainCommand } from '../../src/explain/explain.ts';
import { commandLines, splitWords } from '../../src/explain/parse.ts';

interface Case {
  source: string;
  line: string;
  expect: { command: string; image: string | null; containerCommand: string[] | null; unknown: string[]; risks: string[]; flags: number };
}
const corpus = JSON.parse(readFileSync(new URL('./corpus.json', import.meta.url), 'utf8')) as Case[];

describe('real command lines', () => {
  it('has a source for every line', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(20);
    for (const c of corpus) expect(c.source).toMatch(/\S/);
  });

  for (const c of corpus) {
    it(`${c.expect.command} ${c.expect.image ?? ''} (${c.source.slice(0, 60)})`, () => {
      const e = explainCommand(c.line);
      expect(e).not.toBeNull();
      expect(e!.command).toBe(c.expect.command);
      expect(e!.image).toBe(c.expect.image);
      expect(e!.containerCommand).toEqual(c.expect.containerCommand);
      expect(e!.unknown).toEqual(c.expect.unknown);
      expect(e!.args.filter((a) => a.risk).map((a) => `${a.flag} ${a.risk!.level}`)).toEqual(c.expect.risks);
      expect(e!.args.length).toBe(c.expect.flags);
      // Every docker flag word (before the image) is explained or unknown: none dropped, none invented.
      const line = commandLines(c.line).find((l) => /docker/.test(l))!;
      const words = splitWords(line).flatMap((w) => ('word' in w ? [w.word] : []));
      const start = words.findIndex((w) => /^docker$/.test(w));
      const target = c.expect.image ?? e!.positionals[0]?.value;
      const end = target ? words.indexOf(target, start) : words.length;
      const flagWords = words.slice(start, end).filter((w) => /^-/.test(w));
      // A short cluster (-itd) is at most one flag per letter.
      const clusters = flagWords.reduce((n, w) => n + (w.startsWith('--') ? 1 : w.length - 1), 0);
      expect(e!.args.length + e!.unknown.length).toBeLessThanOrEqual(clusters);
      expect(e!.args.length + e!.unknown.length).toBeGreaterThanOrEqual(flagWords.length);
      for (const a of e!.args) {
        expect(a.text).toMatch(/\S/);
        if (a.risk) expect(a.risk.reason).toMatch(/\S/);
      }
    });
  }

  it('flags what is risky in the corpus: docker.sock, /, --privileged, seccomp=unconfined', () => {
    const risks = corpus.flatMap((c) => c.expect.risks);
    expect(risks.filter((r) => r.endsWith('high')).length).toBeGreaterThan(10);
    expect(corpus.filter((c) => /docker\.sock/.test(c.line)).every((c) => c.expect.risks.some((r) => r.endsWith('high')))).toBe(true);
  });
});
