/**
 * `lint(text)`: a Dockerfile's findings as data. Parsing is dockerfile-ast's (src/lint/model.ts),
 * the rules are in src/lint/rules.ts, and `# dockhand-ignore DH001` comments silence findings.
 */
import { parse, type Model } from './model.ts';
import { RULES, RULE_BY_ID, check } from './rules.ts';
import { severityRank, type Finding, type LintOptions, type LintReport } from './types.ts';

const IGNORE = /#\s*dockhand-ignore\b([^#\n]*)/;
const RULE_ID = /DH\d{3}/g;

/** Silenced lines: line → rule ids (an empty set silences every rule). */
function ignores(model: Model): Map<number, Set<string> | 'all'> {
  const out = new Map<number, Set<string> | 'all'>();
  const add = (line: number, ids: string[]) => {
    if (!ids.length) {
      out.set(line, 'all');
      return;
    }
    const prev = out.get(line);
    if (prev === 'all') return;
    const set = prev ?? new Set<string>();
    for (const id of ids) set.add(id);
    out.set(line, set);
  };
  const starts = new Map(model.all.map((i) => [i.line, i]));
  model.lines.forEach((text, index) => {
    if (!text.includes('dockhand-ignore')) return;
    const m = IGNORE.exec(text);
    if (!m) return;
    const ids = m[1]!.match(RULE_ID) ?? [];
    const line = index + 1;
    if (!text.trimStart().startsWith('#')) {
      add(line, ids); // trailing: silences this line
      return;
    }
    // A comment line silences the next line that is not a comment or blank; a whole instruction when it starts one.
    let next = index + 1;
    while (next < model.lines.length && (model.lines[next]!.trim() === '' || model.lines[next]!.trimStart().startsWith('#'))) next++;
    const instr = starts.get(next + 1);
    if (instr) for (let l = instr.line; l <= instr.endLine; l++) add(l, ids);
    else add(next + 1, ids);
  });
  return out;
}

export function lint(text: string, options: LintOptions = {}): LintReport {
  const model = parse(text);
  const fragment = options.fragment === true && model.stages.length === 0;
  const silenced = ignores(model);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const hit of check(model, fragment)) {
    const rule = RULE_BY_ID.get(hit.rule)!;
    const skip = silenced.get(hit.line);
    if (skip === 'all' || skip?.has(hit.rule)) continue;
    const key = `${hit.rule}:${hit.line}:${hit.message.en}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({
      rule: hit.rule,
      line: hit.line,
      ...(hit.column !== undefined ? { column: hit.column } : {}),
      severity: hit.severity ?? rule.severity,
      message: hit.message,
      topic: hit.topic ?? rule.topic,
    });
  }
  findings.sort((a, b) => a.line - b.line || severityRank(a.severity) - severityRank(b.severity) || a.rule.localeCompare(b.rule));
  return {
    findings,
    rules: RULES.filter((r) => !fragment || (r.id !== 'DH001' && r.id !== 'DH007' && r.id !== 'DH019')).map((r) => r.id),
    lines: model.lines.length - (model.lines[model.lines.length - 1] === '' ? 1 : 0),
    instructions: model.all.length,
    stages: model.stages.length,
  };
}
