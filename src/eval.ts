import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Scored } from './engine/engine.ts';

/** One line of an eval file: the question and the ids that count as right; `null` allows declining. */
export const evalCaseSchema = z.strictObject({ q: z.string(), expect: z.array(z.string().nullable()) });
export type EvalCase = z.infer<typeof evalCaseSchema>;

export interface EvalMiss {
  q: string;
  expect: (string | null)[];
  got: string | null;
  ranked: string[];
}

export interface EvalReport {
  total: number;
  onTopic: number;
  offTopic: number;
  top1: number;
  top3: number;
  declined: number;
  misses: EvalMiss[];
}

/** Parses a JSON Lines eval file; a bad line fails with its line number. */
export function readEvalFile(path: string): EvalCase[] {
  const cases: EvalCase[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (error) {
        throw new Error(`${path}:${i + 1}: not JSON: ${(error as Error).message}`, { cause: error });
      }
      const parsed = evalCaseSchema.safeParse(json);
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      cases.push(parsed.data);
    });
  return cases;
}

/** Scores the engine on eval cases: top-1 and top-3 over on-topic questions, declines over off-topic ones. */
export function scoreEval(cases: EvalCase[], explain: (q: string) => Scored): EvalReport {
  let onTopic = 0;
  let top1 = 0;
  let top3 = 0;
  let offTopic = 0;
  let declined = 0;
  const misses: EvalMiss[] = [];
  for (const c of cases) {
    const { answer, ranked } = explain(c.q);
    const got = answer.kind === 'topic' || answer.kind === 'compare' ? (answer.topic?.id ?? null) : null;
    const firstThree = [...new Set([...(got ? [got] : []), ...answer.suggestions.map((s) => s.id), ...ranked])].slice(0, 3);
    if (c.expect.length === 0) {
      offTopic++;
      if (got === null) declined++;
      else misses.push({ q: c.q, expect: c.expect, got, ranked: firstThree });
      continue;
    }
    onTopic++;
    const acceptsNull = c.expect.includes(null);
    const hit1 = got === null ? acceptsNull : c.expect.includes(got);
    const hit3 = hit1 || firstThree.some((id) => c.expect.includes(id));
    if (hit1) top1++;
    if (hit3) top3++;
    if (!hit1) misses.push({ q: c.q, expect: c.expect, got, ranked: firstThree });
  }
  const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
  return { total: cases.length, onTopic, offTopic, top1: ratio(top1, onTopic), top3: ratio(top3, onTopic), declined: ratio(declined, offTopic), misses };
}
