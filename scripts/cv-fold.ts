/**
 * Scores the left-out part of the train split with a model trained without it
 * (`TRAIN_FOLD=K/N TRAIN_OUT=DIR npm run train`), as unseen questions: no counts to leave out.
 * Prints one JSON line of counts; scripts/cross-validate.sh sums them over the folds.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { checkAssocModel, type AssocModel } from '../src/engine/assoc.ts';
import { createEngine } from '../src/engine/engine.ts';
import { checkGateModel, type GateModel } from '../src/engine/gate.ts';
import { readEvalFile, scoreEval } from '../src/eval.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/paths.ts';

const [dir, fold, folds] = process.argv.slice(2);
if (!dir || fold === undefined || !folds) throw new Error('usage: cv-fold.ts DIR K N');
const read = (name: string) => JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) as unknown;
const kb = loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
const gate = { ...checkGateModel(read('gate.json') as GateModel), assoc: checkAssocModel(read('assoc.json') as AssocModel) };
const engine = createEngine(kb, { gate });
const cases = readEvalFile(new URL('../test/eval/realworld.jsonl', import.meta.url).pathname)
  .filter((c) => c.split === 'train')
  .filter((_, i) => i % Number(folds) === Number(fold));
const r = scoreEval(cases, (q) => engine.explain(q), (id) => kb.byId.has(id));
if (process.env.CV_MISSES) for (const m of r.misses) appendFileSync(process.env.CV_MISSES, `${JSON.stringify({ fold: Number(fold), ...m })}\n`);
const count = (share: number, of: number) => Math.round(share * of);
process.stdout.write(
  `${JSON.stringify({ fold: Number(fold), covered: r.covered, top1: count(r.top1, r.covered), top3: count(r.top3, r.covered), uncovered: r.uncovered, wrong: count(r.confidentWrong, r.uncovered), mustAnswer: r.mustAnswer, mustRight: count(r.answeredRight, r.mustAnswer) })}\n`,
);
