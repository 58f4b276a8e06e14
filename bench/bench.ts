/**
 * `npm run bench`: dockhand's engine against a naive baseline (fuse.js with default options over
 * title, aliases and whole body, given the raw question) in one run. Each engine runs in its own
 * child process so resident memory is its own. Prints p50/p99 latency per workload, cold start,
 * RSS, top-1 accuracy and the ratios.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Fuse from 'fuse.js';
import { createEngine } from '../src/engine/engine.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/paths.ts';
import { askReport } from './ask.ts';
import { explainReport } from './explain.ts';
import { lintReport } from './lint.ts';
import { loadWorkloads } from './workloads.ts';

const EVAL_FILE = fileURLToPath(new URL('../test/eval/questions.jsonl', import.meta.url));
/** The baseline needs seconds per paste; a few samples show the shape without a ten-minute run. */
const BASELINE_PASTES = 3;

interface Stats {
  p50: number;
  p99: number;
  max: number;
  n: number;
}
interface Result {
  engine: string;
  coldStartMs: number;
  rssMb: number;
  heapMb: number;
  top1: number;
  declined: number;
  latency: Record<'first' | 'eval' | 'paste4k' | 'wall10k' | 'hostile', Stats>;
}

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1] ?? 0, n: s.length };
}

function time<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const value = fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

/** Passes over the eval set that the steady-state latency is measured on (dockhand only). */
const EVAL_PASSES = 3;

function measure(mode: 'dockhand' | 'baseline'): Result {
  const work = loadWorkloads(EVAL_FILE);
  const [answer, coldStartMs] = time(() => {
    const kb = loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
    if (mode === 'dockhand') {
      const engine = createEngine(kb);
      return (q: string) => engine.answer(q).topic?.id ?? null;
    }
    const docs = kb.topics.map((t) => ({
      id: t.id,
      title: `${t.title.en} ${t.title.zh}`,
      aliases: [...t.aliases.en, ...t.aliases.zh],
      body: ['en', 'zh'].map((l) => { const b = t.body[l as 'en' | 'zh']; return [b.summary, ...b.sections.map((s) => s.text), ...b.examples.map((e) => e.code)].join('\n'); }).join('\n'),
    }));
    const fuse = new Fuse(docs, { keys: ['title', 'aliases', 'body'] });
    return (q: string) => fuse.search(q)[0]?.item.id ?? null;
  });
  // The first pass runs while V8 is still compiling the answer path: report it, then measure the
  // steady state a long-running bot lives in.
  const firstPass = stats((mode === 'baseline' ? work.eval.slice(0, 50) : work.eval).map((c) => time(() => answer(c.q))[1]));
  let hits = 0;
  let onTopic = 0;
  let declined = 0;
  let offTopic = 0;
  const evalTimes: number[] = [];
  for (const c of work.eval) {
    const [id, ms] = time(() => answer(c.q));
    evalTimes.push(ms);
    if (c.expect.length === 0) {
      offTopic++;
      if (id === null) declined++;
    } else {
      onTopic++;
      if (id === null ? c.expect.includes(null) : c.expect.includes(id)) hits++;
    }
  }
  // A p99 over one pass is its 7th-slowest question, which one collection pause moves by 2 ms;
  // two more passes (ours only: the baseline takes minutes per pass) steady it.
  for (let pass = 1; pass < (mode === 'dockhand' ? EVAL_PASSES : 1); pass++) for (const c of work.eval) evalTimes.push(time(() => answer(c.q))[1]);
  const count = mode === 'baseline' ? BASELINE_PASTES : undefined;
  const run = (list: string[]) => list.slice(0, count).map((q) => time(() => answer(q))[1]);
  const paste4k = run(work.paste4k);
  const hostile = work.hostile.flatMap((q) => Array.from({ length: mode === 'baseline' ? 1 : 5 }, () => time(() => answer(q))[1]));
  const wall10k = run(work.wall10k);
  if (global.gc) global.gc();
  return {
    engine: mode,
    coldStartMs,
    rssMb: process.memoryUsage().rss / 2 ** 20,
    heapMb: process.memoryUsage().heapUsed / 2 ** 20,
    top1: hits / onTopic,
    declined: offTopic ? declined / offTopic : 1,
    latency: { first: firstPass, eval: stats(evalTimes), paste4k: stats(paste4k), wall10k: stats(wall10k), hostile: stats(hostile) },
  };
}

function child(mode: string): Result {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx/esm', self, mode], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${mode} run failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Result;
}

function report(ours: Result, base: Result): string {
  const f = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  const rows = [
    ['', 'dockhand', 'baseline', 'ratio'],
    ['cold start (load+validate+index) ms', f(ours.coldStartMs), f(base.coldStartMs), `${f(base.coldStartMs / ours.coldStartMs)}x`],
    [`first pass p99 ms (n=${ours.latency.first.n}/${base.latency.first.n})`, f(ours.latency.first.p99), f(base.latency.first.p99), `${f(base.latency.first.p99 / ours.latency.first.p99)}x`],
    ...(['eval', 'paste4k', 'wall10k'] as const).flatMap((w) => [
      [`${w} p50 ms (n=${ours.latency[w].n}/${base.latency[w].n})`, f(ours.latency[w].p50), f(base.latency[w].p50), `${f(base.latency[w].p50 / ours.latency[w].p50)}x`],
      [`${w} p99 ms`, f(ours.latency[w].p99), f(base.latency[w].p99), `${f(base.latency[w].p99 / ours.latency[w].p99)}x`],
    ]),
    [`hostile input max ms (n=${ours.latency.hostile.n}/${base.latency.hostile.n})`, f(ours.latency.hostile.max), f(base.latency.hostile.max), `${f(base.latency.hostile.max / ours.latency.hostile.max)}x`],
    ['resident memory MB (whole process)', f(ours.rssMb), f(base.rssMb), `${f(base.rssMb / ours.rssMb)}x`],
    ['JS heap used MB (after GC)', f(ours.heapMb), f(base.heapMb), `${f(base.heapMb / ours.heapMb)}x`],
    ['top-1 accuracy (eval, on topic)', pct(ours.top1), pct(base.top1), ''],
    ['off-topic declined', pct(ours.declined), pct(base.declined), ''],
  ];
  const width = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  '));
  const targets = [
    `p99 eval ≤ 2 ms: ${ours.latency.eval.p99 <= 2 ? 'yes' : 'NO'}`,
    `p99 4 kB paste ≤ 10 ms: ${ours.latency.paste4k.p99 <= 10 ? 'yes' : 'NO'}`,
    `cold start ≤ 300 ms: ${ours.coldStartMs <= 300 ? 'yes' : 'NO'}`,
    `hostile input (empty, binary, 10,000 characters, spam) well under 50 ms: ${ours.latency.hostile.max < 25 ? 'yes' : 'NO'}`,
    `≥ 20x faster than baseline at p99 (eval): ${base.latency.eval.p99 / ours.latency.eval.p99 >= 20 ? 'yes' : 'NO'}`,
  ];
  return [`node ${process.version}, ${ours.latency.first.n} eval questions`, ...lines, '', ...targets].join('\n');
}

const mode = process.argv[2];
if (mode === 'dockhand' || mode === 'baseline') {
  console.log(JSON.stringify(measure(mode)));
} else {
  const ours = child('dockhand');
  const base = child('baseline');
  console.log(report(ours, base));
  console.log(`\n${lintReport()}`);
  console.log(`\n${explainReport()}`);
  console.log(`\n${await askReport()}`);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ dockhand: ours, baseline: base }));
}
