import type { EvalReport, EvalScores } from './eval.ts';

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

function row(name: string, s: EvalScores): string {
  return `  ${name.padEnd(12)} ${String(s.total).padStart(4)}  covered ${String(s.covered).padStart(4)}  top-1 ${pct(s.top1).padStart(6)}  top-3 ${pct(s.top3).padStart(6)}  uncovered ${String(s.uncovered).padStart(4)}  confident-wrong ${pct(s.confidentWrong).padStart(6)}`;
}

/** The human-readable eval report: totals, per language and category, calibration, misses, floors. */
export function formatReport(
  report: EvalReport,
  options: { split: string | undefined; floors: Record<'top1' | 'top3' | 'declined', number>; ceiling: number; failed: string[]; misses: boolean },
): string {
  const lines = [
    `${report.total} questions${options.split ? ` (${options.split} split)` : ''}: ${report.covered} covered by a note, ${report.uncovered} not`,
    `top-1 ${pct(report.top1)}  top-3 ${pct(report.top3)}  off-topic declined ${pct(report.declined)}  confident-wrong ${pct(report.confidentWrong)}`,
    `must answer (covered, declining not accepted) ${report.mustAnswer}: answered right ${pct(report.answeredRight)}`,
    'by language:',
    ...Object.entries(report.byLang).map(([k, s]) => row(k, s)),
  ];
  if (Object.keys(report.byCategory).length > 1) lines.push('by category:', ...Object.entries(report.byCategory).map(([k, s]) => row(k, s)));
  lines.push('calibration (answered questions by confidence):', ...report.calibration.map((b) => `  ${b.from.toFixed(2)}–${b.to.toFixed(2)}  ${String(b.answered).padStart(4)} answered  ${pct(b.accuracy)} right`));
  if (report.missingIds.length) lines.push(`ids with no note yet (count as "must decline"): ${report.missingIds.join(', ')}`);
  if (options.misses && report.misses.length) {
    lines.push('misses:');
    for (const m of report.misses) lines.push(`  ✗ ${JSON.stringify(m.q.slice(0, 120))} expected ${JSON.stringify(m.expect)} got ${m.got ?? 'null'} (${m.confidence}) [${m.ranked.join(', ')}]`);
  }
  for (const k of options.failed) {
    if (k === 'confidentWrong') lines.push(`FAIL: confident-wrong ${pct(report.confidentWrong)} is over the ceiling ${pct(options.ceiling)}`);
    else lines.push(`FAIL: ${k} ${pct(report[k as 'top1'])} is under the floor ${pct(options.floors[k as 'top1'])}`);
  }
  return lines.join('\n');
}
