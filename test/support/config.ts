import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

/** The problems loadConfig reports for `env`, as "VARIABLE: message" lines; fails unless it throws a ConfigError. */
export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.variable}: ${p.message}`);
  }
  throw new Error('expected a ConfigError');
}
