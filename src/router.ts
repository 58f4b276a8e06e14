/**
 * One place decides what a chat message is: a pasted Dockerfile (lint, src/lint/answer.ts), a
 * pasted docker command (explain, src/explain/) or a question (the ranking). The engine's
 * `answer` asks here first; `explain` (what eval scores) stays the ranking.
 */
import { explainCommand, type Explanation } from './explain/explain.ts';
import { explainAnswer } from './explain/format.ts';
import { answerPaste, type PasteContext } from './lint/answer.ts';
import { findDockerfile } from './lint/chat.ts';
import type { Answer, Lang, TopicRef } from './types.ts';

export type Route = { kind: 'dockerfile' } | { kind: 'command'; explanation: Explanation; prose: string } | { kind: 'question' };

/** Longer messages are not read for commands past here (a 4 kB command line fits many times over). */
const MAX_MESSAGE_CHARS = 20_000;
const DOCKER_LINE = /^\s*(?:[$#>]\s*)?(?:sudo\s+(?:-\S+\s+)*)?(?:[A-Z_][A-Z0-9_]*=\S*\s+)*(?:docker|docker-compose|podman)(?:\s|$)/;
const PREFIX = /^\s*(?:@\S+\s+)?(?:explain(?:\s+this)?|what\s+does\s+this\s+do|解释(?:一下)?(?:这个命令)?)\s*[:：?？]?\s*/i;

/** Words around a pasted command that only ask what it does ("what does this do?", "这条命令什么意思"). */
const ASK_WORDS = new Set("what's whats what does do this it mean means explain command line the a is please pls can you me flag flags each option options here".split(' '));
const ASK_ZH = ['这个', '这条', '命令', '什么', '意思', '是', '干', '啥', '的', '吗', '解释', '一下', '帮我', '看看', '参数', '每个', '做', '了', '呢'];

function justAsking(prose: string): boolean {
  let rest = prose.toLowerCase();
  for (const w of ASK_ZH) rest = rest.split(w).join(' ');
  return rest
    .split(/[\s?!.,:;？！。，：；]+/)
    .filter(Boolean)
    .every((w) => ASK_WORDS.has(w));
}

/** The first fenced block's body and the text around it; indexOf keeps a wall of backticks linear. */
function fenced(text: string): { body: string; rest: string } | null {
  const open = text.indexOf('```');
  if (open < 0) return null;
  const lineEnd = text.indexOf('\n', open + 3);
  const close = lineEnd < 0 ? -1 : text.indexOf('```', lineEnd + 1);
  if (close < 0) {
    // A one-line block: ```docker run …```
    const end = text.indexOf('```', open + 3);
    return end < 0 ? null : { body: text.slice(open + 3, end), rest: `${text.slice(0, open)} ${text.slice(end + 3)}` };
  }
  return { body: text.slice(lineEnd + 1, close), rest: `${text.slice(0, open)} ${text.slice(close + 3)}` };
}

/** A docker command pasted into a message: in a code block, or lines of its own that read as a command rather than a question. */
export function findCommand(message: string, lang: Lang = 'en'): { explanation: Explanation; prose: string } | null {
  if (typeof message !== 'string' || message.length < 8) return null;
  const text = message.length > MAX_MESSAGE_CHARS ? message.slice(0, MAX_MESSAGE_CHARS) : message;
  const block = fenced(text);
  if (block) {
    const start = block.body.split('\n').findIndex((l) => DOCKER_LINE.test(l));
    if (start < 0) return null;
    const explanation = explainCommand(block.body.split('\n').slice(start).join('\n'), lang);
    return explanation?.known ? { explanation, prose: block.rest.trim() } : null;
  }
  const prefixed = PREFIX.exec(text);
  const body = prefixed ? text.slice(prefixed[0].length) : text;
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((l) => DOCKER_LINE.test(l));
  if (start < 0) return null;
  // The command runs to the last of its continuation lines.
  let end = start;
  while (end + 1 < lines.length && /[\\`^]\s*$/.test(lines[end]!)) end++;
  const explanation = explainCommand(lines.slice(start, end + 1).join('\n'), lang);
  if (!explanation?.known) return null;
  // "docker run -d" or "what does docker run -p do" is a question about a flag: the note answers it.
  const target = explanation.image ?? explanation.positionals[0]?.value ?? null;
  const enough = Boolean(prefixed) || end > start || (target !== null && explanation.args.length + explanation.unknown.length >= 2);
  if (!enough) return null;
  return { explanation, prose: [...lines.slice(0, start), ...lines.slice(end + 1)].join(' ').trim() };
}

export function route(message: string, lang: Lang = 'en'): Route {
  if (findDockerfile(message)) return { kind: 'dockerfile' };
  const command = findCommand(message, lang);
  return command ? { kind: 'command', ...command } : { kind: 'question' };
}

/** The answer for a pasted Dockerfile or command; null for a question (the caller ranks it). */
export function answerMessage(message: string, context: PasteContext): Answer | null {
  const routed = route(message, context.lang);
  if (routed.kind === 'dockerfile') return answerPaste(message, context);
  if (routed.kind === 'question') return null;
  const topicRef = (id: string): TopicRef | null => {
    const topic = context.byId.get(id);
    return topic ? { id: topic.id, title: topic.title[context.lang] } : null;
  };
  const { explanation, prose } = routed;
  const explained = explainAnswer(explanation, { lang: context.lang, topicRef, query: prose.slice(0, 300) });
  const asked = prose.slice(0, 300);
  if (/[\p{L}\p{N}]/u.test(asked) && !justAsking(asked)) {
    // A specific question around the command: answer it as before, and add what the command does in one line.
    const ranked = context.explain(message);
    if (ranked.kind === 'topic' || ranked.kind === 'compare' || ranked.kind === 'suggest') {
      const risks = explained.explain!.risks.map((r) => r.flag);
      const zh = context.lang === 'zh';
      const text = zh
        ? `顺便看了你贴的 \`${explanation.command}\`：${explanation.args.length} 个参数${risks.length ? `，需要留意：${[...new Set(risks)].join('、')}` : ''}。只发这条命令（或以 \`explain:\` 开头）可以看到每个参数的解释。`
        : `I also read your \`${explanation.command}\`: ${explanation.args.length} flags${risks.length ? `; look at ${[...new Set(risks)].join(', ')} first` : ''}. Send it on its own (or after \`explain:\`) to see each flag explained.`;
      return { ...ranked, sections: [...ranked.sections, { heading: null, text }], explain: explained.explain! };
    }
  }
  return explained;
}
