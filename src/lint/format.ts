/** The CLI's output formats for a lint report: text for people, JSON for scripts, SARIF 2.1.0 for code scanning. */
import type { Lang } from '../types.ts';
import { RULES } from './rules.ts';
import type { LintReport, Severity } from './types.ts';

const WORDS = {
  en: { clean: (n: number) => `no findings (${n} checks run)`, total: (n: number, e: number, w: number, i: number) => `${n} finding${n === 1 ? '' : 's'}: ${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}, ${i} info`, note: 'note' },
  zh: { clean: (n: number) => `没有发现问题（已运行 ${n} 项检查）`, total: (n: number, e: number, w: number, i: number) => `共 ${n} 个问题：${e} 个错误，${w} 个警告，${i} 个提示`, note: '笔记' },
} as const;

const LABEL: Record<Lang, Record<Severity, string>> = {
  en: { error: 'error', warning: 'warning', info: 'info' },
  zh: { error: '错误', warning: '警告', info: '提示' },
};

/** `FILE:LINE RULE severity: message (note: topic)`, one per line, then a count. */
export function formatText(file: string, report: LintReport, lang: Lang): string {
  const w = WORDS[lang];
  if (!report.findings.length) return `${file}: ${w.clean(report.rules.length)}`;
  const lines = report.findings.map((f) => `${file}:${f.line}${f.column ? `:${f.column}` : ''} ${f.rule} ${LABEL[lang][f.severity]}: ${f.message[lang]} (${w.note}: ${f.topic})`);
  const count = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
  lines.push(w.total(report.findings.length, count('error'), count('warning'), count('info')));
  return lines.join('\n');
}

/** The JSON contract of DESIGN.md: `{"file", "findings": [{"rule", "line", "severity", "message", "topic"}]}`. */
export function formatJson(file: string, report: LintReport, lang: Lang): string {
  return JSON.stringify({
    file,
    findings: report.findings.map((f) => ({ rule: f.rule, line: f.line, severity: f.severity, message: f.message[lang], topic: f.topic })),
  });
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0, one run, every rule described so code scanning can show them. */
export function formatSarif(file: string, report: LintReport, lang: Lang): string {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const uri = file === '-' ? 'Dockerfile' : file.replace(/\\/g, '/').replace(/^\.\//, '');
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dockhand',
            informationUri: 'https://github.com/dockhand/dockhand#lint',
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.title[lang] },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { topic: r.topic },
            })),
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule) ?? 0,
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message[lang] },
          locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: f.line, ...(f.column ? { startColumn: f.column } : {}) } } }],
          properties: { topic: f.topic },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
