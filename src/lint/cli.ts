/**
 * `dockhand lint [FILE|-] [--format text|json|sarif] [--lang zh|en] [--fail-on error|warning|info|none]`.
 * Exit 0 clean (or below --fail-on), 1 a finding at or above --fail-on (default error), 2 bad usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Lang } from '../types.ts';
import { formatJson, formatSarif, formatText } from './format.ts';
import { lint } from './lint.ts';
import { severityRank, type Severity } from './types.ts';

export class LintUsageError extends Error {
  readonly code = 'USAGE';
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function lintCommand(args: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, lang: { type: 'string', default: 'en' }, 'fail-on': { type: 'string', default: 'error' } },
  });
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new LintUsageError(`--format must be text, json or sarif, not "${format}"`);
  const lang = values.lang as Lang;
  if (lang !== 'en' && lang !== 'zh') throw new LintUsageError(`--lang must be zh or en, not "${values.lang}"`);
  const failOn = values['fail-on'];
  if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'info' && failOn !== 'none') throw new LintUsageError(`--fail-on must be error, warning, info or none, not "${failOn}"`);
  if (positionals.length > 1) throw new LintUsageError('lint takes one FILE (or - for standard input)');
  const file = positionals[0] ?? 'Dockerfile';
  let text: string;
  if (file === '-') text = await readStdin();
  else if (!existsSync(file)) throw new LintUsageError(`${file}: no such file`);
  else text = readFileSync(file, 'utf8');
  const report = lint(text);
  const render = format === 'json' ? formatJson : format === 'sarif' ? formatSarif : formatText;
  out(`${render(file, report, lang)}\n`);
  if (failOn === 'none') return 0;
  const bar = severityRank(failOn as Severity);
  return report.findings.some((f) => severityRank(f.severity) <= bar) ? 1 : 0;
}
