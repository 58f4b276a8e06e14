import type { KnowledgeProblem } from '../knowledge/errors.ts';
import { COMMANDS, COMPOSE_FLAGS, GLOBAL_FLAGS, type FlagDef } from './flags.ts';

const FILE = 'src/explain/flags.ts';

/**
 * The flag table checked against the loaded notes, for `dockhand kb check`: every note a flag or
 * a command points to exists, and every meaning and risk reason has both languages. (Names,
 * short forms and values are checked against the Docker sources by test/explain/flags.test.ts.)
 */
export function checkFlagTable(known: (id: string) => boolean): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const tables: Array<[string, FlagDef[], string | null]> = [
    ['docker', GLOBAL_FLAGS, null],
    ['compose', COMPOSE_FLAGS, null],
    ...Object.entries(COMMANDS).map(([name, c]): [string, FlagDef[], string | null] => [name, c.flags, c.topic]),
  ];
  for (const [command, flags, topic] of tables) {
    if (topic && !known(topic)) problems.push({ file: FILE, field: command, message: `unknown topic id "${topic}"` });
    for (const f of flags) {
      const field = `${command} --${f.long}`;
      if (f.topic && !known(f.topic)) problems.push({ file: FILE, field, message: `unknown topic id "${f.topic}"` });
      if (!f.text.en.trim() || !f.text.zh.trim()) problems.push({ file: FILE, field, message: 'needs a meaning in both en and zh' });
      if (f.risk && (!f.risk.reason.en.trim() || !f.risk.reason.zh.trim())) problems.push({ file: FILE, field, message: 'needs a risk reason in both en and zh' });
    }
  }
  return problems;
}
