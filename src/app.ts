import { createConsoleAdapter } from '../adapters/console/adapter.ts';
import { createEngine } from './engine/engine.ts';
import { loadKnowledge } from './knowledge/load.ts';

/** Long-running commands: `start`, `check`, `tips`. Grows with configuration (Slack, Discord, tips). */
export async function runCommand(command: string, _args: string[], knowledge: string): Promise<number> {
  const engine = createEngine(loadKnowledge(knowledge));
  if (command !== 'start') {
    process.stderr.write(`"${command}" is not available yet\n`);
    return 2;
  }
  const adapter = createConsoleAdapter({ engine, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) });
  await adapter.start();
  await adapter.closed;
  return 0;
}
