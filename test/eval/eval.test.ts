import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.ts';
import { readEvalFile, scoreEval } from '../../src/eval.ts';
import { realKnowledge } from '../support/kb.ts';

/** The floors CI holds the engine and the knowledge base to (issue: knowledge base). */
const FLOORS = { top1: 0.9, top3: 0.97, declined: 0.9 };
const FILE = new URL('./questions.jsonl', import.meta.url).pathname;

describe('eval set', () => {
  const kb = realKnowledge();
  const cases = readEvalFile(FILE);

  it('is well formed: enough questions, known ids, every topic asked', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(cases.filter((c) => c.expect.length === 0).length).toBeGreaterThanOrEqual(40);
    const asked = new Set(cases.flatMap((c) => c.expect));
    for (const id of asked) if (id !== null) expect(kb.byId.has(id), `unknown id ${id}`).toBe(true);
    for (const topic of kb.topics) expect(asked.has(topic.id), `no question expects ${topic.id}`).toBe(true);
  });

  it(`meets the floors: top-1 ≥ ${FLOORS.top1}, top-3 ≥ ${FLOORS.top3}, declined ≥ ${FLOORS.declined}`, () => {
    const engine = createEngine(kb);
    const report = scoreEval(cases, (q) => engine.explain(q));
    const summary = `top1 ${report.top1.toFixed(3)} top3 ${report.top3.toFixed(3)} declined ${report.declined.toFixed(3)}\n${report.misses
      .map((m) => `${JSON.stringify(m.q.slice(0, 80))} → ${m.got} (want ${m.expect.join('|')})`)
      .join('\n')}`;
    expect(report.top1, summary).toBeGreaterThanOrEqual(FLOORS.top1);
    expect(report.top3, summary).toBeGreaterThanOrEqual(FLOORS.top3);
    expect(report.declined, summary).toBeGreaterThanOrEqual(FLOORS.declined);
  });
});
