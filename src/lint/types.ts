import type { Bilingual } from '../types.ts';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** One lint finding: plain data, rendered by the CLI formats and the chat renderers. */
export interface Finding {
  /** Rule id, DH001–DH020 (a contract: DESIGN.md). */
  rule: string;
  /** 1-based line of the instruction or the command inside it. */
  line: number;
  column?: number;
  severity: Severity;
  message: Bilingual;
  /** The id of the note that explains the rule. */
  topic: string;
}

export interface LintReport {
  findings: Finding[];
  /** The rule ids that ran. */
  rules: string[];
  /** Physical lines and instructions read. */
  lines: number;
  instructions: number;
  /** Build stages (FROM instructions). */
  stages: number;
}

export interface LintOptions {
  /** A snippet from chat: rules that need a whole Dockerfile (FROM, the final stage) are skipped when there is no FROM. */
  fragment?: boolean;
}

/** Rank for --fail-on and sorting: error 0, warning 1, info 2. */
export function severityRank(s: Severity): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : 2;
}
