import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Scored } from './engine/engine.ts';

/**
 * One line of an eval file: the question and the ids that count as right; `null` allows declining;
 * `[]` means the bot must decline. Extra fields (`lang`, `source`, `category`, `split`) are kept.
 */
export const evalCaseSchema = z.looseObject({
  q: z.string(),
  expect: z.array(z.string().nullable()),
  lang: z.enum(['en', 'zh']).optional(),
  source: z.string().optional(),
  category: z.string().optional(),
  split: z.enum(['train', 'test']).optional(),
});
export type EvalCase = z.infer<typeof evalCaseSchema>;

/** A question the engine got wrong, with what it answered and what it ranked first. */
export interface EvalMiss {
  q: string;
  expect: (string | null)[];
  got: string | null;
  confidence: number;
  ranked: string[];
  lang: string;
  category: string;
}

/**
 * Scores over a group of questions. `covered` questions have at least one expected id with a note;
 * top-1 and top-3 are shares of them. On uncovered ones the bot must decline: `confidentWrong` is
 * the share it answered anyway, `declined` its complement.
 */
export interface EvalScores {
  total: number;
  covered: number;
  uncovered: number;
  top1: number;
  top3: number;
  declined: number;
  confidentWrong: number;
  /**
   * Covered questions where declining is not accepted (no `null` expected), and the share of them
   * answered with an expected note: a bot that declines whenever it can does not score here.
   */
  mustAnswer: number;
  answeredRight: number;
}

/** Answered questions grouped by the confidence they were answered with. */
export interface CalibrationBin {
  from: number;
  to: number;
  answered: number;
  accuracy: number;
}

export interface EvalReport extends EvalScores {
  /** Old names kept for callers of the first eval: on-topic = covered, off-topic = uncovered. */
  onTopic: number;
  offTopic: number;
  byLang: Record<string, EvalScores>;
  byCategory: Record<string, EvalScores>;
  calibration: CalibrationBin[];
  /** Expected ids that have no note in the loaded knowledge: they count as "must decline". */
  missingIds: string[];
  misses: EvalMiss[];
}

/** Parses a JSON Lines eval file; a bad line fails with its line number, a missing file says so. */
export function readEvalFile(path: string): EvalCase[] {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw Object.assign(new Error(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${code ?? (error as Error).message})`, { cause: error }), { code: 'EVAL_FILE' });
  }
  const cases: EvalCase[] = [];
  source.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw Object.assign(new Error(`${path}:${i + 1}: not JSON: ${(error as Error).message}`, { cause: error }), { code: 'EVAL_FILE' });
    }
    const parsed = evalCaseSchema.safeParse(json);
    if (!parsed.success) throw Object.assign(new Error(`${path}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`), { code: 'EVAL_FILE' });
    cases.push(parsed.data);
  });
  return cases;
}

/** The expected ids that have a note now, plus `null` when declining is acceptable. */
export function resolveExpect(expect: (string | null)[], known: (id: string) => boolean): { ids: string[]; acceptsNull: boolean } {
  return { ids: expect.filter((id): id is string => id !== null && known(id)), acceptsNull: expect.includes(null) };
}

interface Outcome {
  lang: string;
  category: string;
  covered: boolean;
  acceptsNull: boolean;
  hit1: boolean;
  hit3: boolean;
  answered: boolean;
  confidence: number;
}

const BIN_EDGES = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001];

/**
 * Scores the engine on eval cases against the loaded knowledge (`known` says which ids have a
 * note). Declining a covered question counts as a top-1 hit only when `null` is expected.
 */
export function scoreEval(cases: EvalCase[], explain: (q: string, c: EvalCase) => Scored, known: (id: string) => boolean = () => true): EvalReport {
  const outcomes: Outcome[] = [];
  const misses: EvalMiss[] = [];
  const missing = new Set<string>();
  for (const c of cases) {
    for (const id of c.expect) if (id !== null && !known(id)) missing.add(id);
    const { ids, acceptsNull } = resolveExpect(c.expect, known);
    const { answer, ranked } = explain(c.q, c);
    const got = answer.kind === 'topic' || answer.kind === 'compare' ? (answer.topic?.id ?? null) : null;
    const firstThree = [...new Set([...(got ? [got] : []), ...answer.suggestions.map((s) => s.id), ...ranked])].slice(0, 3);
    const covered = ids.length > 0;
    const hit1 = covered ? (got === null ? acceptsNull : ids.includes(got)) : got === null;
    const hit3 = covered ? hit1 || firstThree.some((id) => ids.includes(id)) : hit1;
    const lang = c.lang ?? (/\p{Script=Han}/u.test(c.q) ? 'zh' : 'en');
    const category = c.category ?? 'all';
    outcomes.push({ lang, category, covered, acceptsNull, hit1, hit3, answered: got !== null, confidence: answer.confidence });
    if (!hit1) misses.push({ q: c.q, expect: c.expect, got, confidence: answer.confidence, ranked: firstThree, lang, category });
  }
  const group = (key: (o: Outcome) => string) => {
    const out: Record<string, EvalScores> = {};
    const keys = [...new Set(outcomes.map(key))].sort();
    for (const k of keys) out[k] = scores(outcomes.filter((o) => key(o) === k));
    return out;
  };
  const all = scores(outcomes);
  return {
    ...all,
    onTopic: all.covered,
    offTopic: all.uncovered,
    byLang: group((o) => o.lang),
    byCategory: group((o) => o.category),
    calibration: calibrate(outcomes),
    missingIds: [...missing].sort(),
    misses,
  };
}

function scores(outcomes: Outcome[]): EvalScores {
  const covered = outcomes.filter((o) => o.covered);
  const uncovered = outcomes.filter((o) => !o.covered);
  const share = (n: number, d: number) => (d === 0 ? 1 : n / d);
  const wrong = uncovered.filter((o) => o.answered).length;
  const must = covered.filter((o) => !o.acceptsNull);
  return {
    total: outcomes.length,
    covered: covered.length,
    uncovered: uncovered.length,
    top1: share(covered.filter((o) => o.hit1).length, covered.length),
    top3: share(covered.filter((o) => o.hit3).length, covered.length),
    declined: share(uncovered.length - wrong, uncovered.length),
    confidentWrong: uncovered.length === 0 ? 0 : wrong / uncovered.length,
    mustAnswer: must.length,
    answeredRight: share(must.filter((o) => o.answered && o.hit1).length, must.length),
  };
}

/** Accuracy of the answered questions per confidence band: a calibrated gate rises with the band. */
function calibrate(outcomes: Outcome[]): CalibrationBin[] {
  const answered = outcomes.filter((o) => o.answered);
  const bins: CalibrationBin[] = [];
  for (let i = 0; i + 1 < BIN_EDGES.length; i++) {
    const from = BIN_EDGES[i]!;
    const to = BIN_EDGES[i + 1]!;
    const inBin = answered.filter((o) => o.confidence >= from && o.confidence < to);
    if (!inBin.length) continue;
    // An answer is right when it names an expected topic; on an uncovered question it is wrong.
    bins.push({ from, to: Math.min(to, 1), answered: inBin.length, accuracy: inBin.filter((o) => o.covered && o.hit1).length / inBin.length });
  }
  return bins;
}
