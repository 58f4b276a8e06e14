/**
 * `dockhand explain [--json] [--lang zh|en] COMMAND…` (no COMMAND, or `-`: read it from standard
 * input, continuation lines and all). Everything from the first word that is not one of these
 * options is the command line, so `dockhand explain docker run -d nginx` works unquoted too.
 * Exit 0 explained, 1 not a docker command, 2 bad usage.
 */
import { quote } from 'shell-quote';
import { loadKnowledge, type KnowledgeSource } from '../knowledge/load.ts';
import { renderText } from '../render/text.ts';
import type { Lang } from '../types.ts';
import { explainCommand, explanationJson } from './explain.ts';
import { explainAnswer } from './format.ts';

export class ExplainUsageError extends Error {
  readonly code = 'USAGE';
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function explainCli(args: string[], knowledge: KnowledgeSource, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  let json = false;
  let lang: string = 'en';
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--lang') lang = args[++i] ?? '';
    else if (a.startsWith('--lang=')) lang = a.slice(7);
    else break;
  }
  if (lang !== 'en' && lang !== 'zh') throw new ExplainUsageError(`--lang must be zh or en, not "${lang}"`);
  const rest = args.slice(i);
  // One argument is the command line as pasted; several are argv words the shell already split, quoted back.
  const line = rest.length === 0 || (rest.length === 1 && rest[0] === '-') ? await readStdin() : rest.length === 1 ? rest[0]! : quote(rest);
  const explained = explainCommand(line, lang);
  if (!explained) {
    process.stderr.write(lang === 'zh' ? '这不是 docker 命令（应以 docker 或 docker-compose 开头）\n' : 'not a docker command (it should start with docker or docker-compose)\n');
    return 1;
  }
  if (json) {
    out(`${JSON.stringify(explanationJson(explained))}\n`);
    return 0;
  }
  const kb = loadKnowledge(knowledge);
  const answer = explainAnswer(explained, { lang, topicRef: (id) => { const t = kb.byId.get(id); return t ? { id: t.id, title: t.title[lang as Lang] } : null; } });
  out(`${renderText(answer, { color: Boolean(process.stdout.isTTY) })}\n`);
  return 0;
}
