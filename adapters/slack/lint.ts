/**
 * `/docker lint …` (and `@dockhand lint …`, a DM starting with `lint`): the file in the command
 * text or in a code block goes to the engine as a tagged code block, so it gets the same lint
 * Answer as a pasted Dockerfile; no file gets usage help, text with no instruction says so.
 */
import { asDockerfileBlock, fileOf } from '../paste.ts';
import { findDockerfile } from '../../src/lint/chat.ts';
import { RULES } from '../../src/lint/index.ts';
import type { Lang } from '../../src/types.ts';
import type { Command } from './command.ts';
import { renderAnswer, renderNotice, type SlackMessage } from './render.ts';
import type { Asker, ReplyDeps } from './reply.ts';
import { escapeMrkdwn } from './text.ts';

const FENCE = '```';
const HAN = /[\u3400-\u9fff]/;

const WORDS = {
  en: {
    usage: (cmd: string, checks: number) =>
      `*Check a Dockerfile:* \`${cmd} lint\` followed by the file, pasted as it is or in a code block (${FENCE}…${FENCE}). ` +
      `I point at each line that fails one of the ${checks} checks (${RULES[0]!.id}–${RULES[checks - 1]!.id}), with the note that explains it. ` +
      'For a long file, send it to me as a snippet in a direct message, or mention me with one.',
    notDockerfile: "That doesn't look like a Dockerfile: I found no instruction (`FROM`, `RUN`, `COPY`…) in it.",
  },
  zh: {
    usage: (cmd: string, checks: number) =>
      `*检查 Dockerfile：* \`${cmd} lint\` 后面直接贴上文件，或放在代码块里（${FENCE}…${FENCE}）。` +
      `我会指出没通过 ${checks} 项检查（${RULES[0]!.id}–${RULES[checks - 1]!.id}）的每一行，并附上讲解它的笔记。` +
      '文件很长时，请在私信里以代码片段（snippet）发给我，或带着片段 @我。',
    notDockerfile: '这看起来不是 Dockerfile：里面没有找到任何指令（`FROM`、`RUN`、`COPY`…）。',
  },
} as const;

/** Usage help for `lint` with no file, in mrkdwn. */
export function lintUsage(lang: Lang, command: string): string {
  return WORDS[lang].usage(escapeMrkdwn(command), RULES.length);
}

/** How sure the engine must be to answer `/docker lint <prose>` with a note instead of the notice. */
const LINT_QUESTION_CONFIDENCE = 0.9;

/** The reply to a `lint` command: findings, usage help for no file, or "no instruction found". */
export async function lintReply(cmd: Extract<Command, { kind: 'lint' }>, asker: Asker, deps: ReplyDeps): Promise<SlackMessage> {
  const file = fileOf(cmd.file);
  // A Dockerfile is mostly English keywords: Chinese comments, else the user's Slack language, decide.
  const lang = cmd.lang ?? (HAN.test(file) ? 'zh' : ((await deps.people.get(asker.client, asker.userId)).lang ?? 'en'));
  if (!file.trim()) return renderNotice(lintUsage(lang, deps.command));
  const block = asDockerfileBlock(file);
  const view = { ephemeral: asker.ephemeral, command: deps.command, botUserId: asker.botUserId, feedback: Boolean(deps.feedback) };
  if (!findDockerfile(block)) {
    // "lint a dockerfile in CI" is a question that starts with the word: a note that answers it
    // with high confidence wins. The word "lint" alone leans towards the Dockerfile note, and the
    // asker meant to paste a file, so a middling answer gets the notice instead.
    const question = `lint ${file}`;
    const asked = deps.engine.answer(question, { ...(cmd.lang ? { lang: cmd.lang } : {}), asker: asker.userId });
    if ((asked.kind === 'topic' || asked.kind === 'compare') && asked.confidence >= LINT_QUESTION_CONFIDENCE) return renderAnswer(asked, { ...view, asked: question });
    return renderNotice(`${WORDS[lang].notDockerfile}\n\n${lintUsage(lang, deps.command)}`);
  }
  const answer = deps.engine.answer(block, { lang, asker: asker.userId });
  return renderAnswer(answer, view);
}
