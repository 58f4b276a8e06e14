export { lint } from './lint.ts';
export { RULES, RULE_BY_ID, type RuleInfo } from './rules.ts';
export { severityRank, SEVERITIES, type Finding, type LintOptions, type LintReport, type Severity } from './types.ts';
