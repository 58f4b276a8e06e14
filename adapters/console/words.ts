import type { Lang } from '../../src/types.ts';

/**
 * Console-only wording, in both languages: the chat's own commands. Shared wording (the usage
 * banner, errors, tips) comes from the engine and src/templates.ts.
 */
const CONSOLE_WORDS = {
  en: {
    commandsTitle: 'In this chat',
    commands: [
      ['help', 'this list'],
      ['tip', "today's Docker tip"],
      ['more', 'the rest of a long answer'],
      ['history', 'the questions you asked'],
      ['1, 2, 3', 'pick a "did you mean" choice of the last answer'],
      ['+ / -', 'rate the last answer 👍 or 👎; after -, 1 to 4 says what was wrong (or - 2 at once)'],
      ['clear', 'clear the screen'],
      ['exit', 'leave (or Ctrl-D, or Ctrl-C on an empty line; Ctrl-C on a typed line clears it)'],
    ],
    more: (sections: number, examples: number) =>
      sections || examples ? `(more: ${sections} more section${sections === 1 ? '' : 's'} and ${examples} example${examples === 1 ? '' : 's'}; type "more")` : '(nothing more to show)',
    paste: 'Paste a Dockerfile or a command as it is: a multi-line paste is one question, sent with Enter.',
    rate: 'Rate this answer: + or -',
    nothingToRate: 'Nothing to rate yet: ask a question first.',
    reasons: (labels: string[]) => `${labels.map((label, i) => `${i + 1} ${label}`).join('   ')}   (a number, or Enter to skip)`,
  },
  zh: {
    commandsTitle: '聊天里可用的命令',
    commands: [
      ['help', '显示这份列表'],
      ['tip / 小贴士', '今天的 Docker 小贴士'],
      ['more / 更多', '长回答的其余部分'],
      ['history', '你问过的问题'],
      ['1、2、3', '选择上一个回答里“你是不是想问”的选项'],
      ['+ / -', '给上一个回答点 👍 或 👎；输入 - 之后可用 1 到 4 说明哪里不对（也可以直接输入 - 2）'],
      ['clear', '清屏'],
      ['exit', '退出（也可以按 Ctrl-D，或在空行上按 Ctrl-C；已输入内容时 Ctrl-C 只清空这一行）'],
    ],
    more: (sections: number, examples: number) => (sections || examples ? `（还有 ${sections} 段说明和 ${examples} 个示例，输入 more 查看）` : '（没有更多内容了）'),
    paste: '可以直接粘贴 Dockerfile 或命令：多行粘贴算一个问题，按回车发送。',
    rate: '评价这个回答：输入 + 或 -',
    nothingToRate: '还没有可以评价的回答：先问一个问题吧。',
    reasons: (labels: string[]) => `${labels.map((label, i) => `${i + 1} ${label}`).join('   ')}   （输入数字，或直接回车跳过）`,
  },
} as const;

/** The console's command list as plain text, aligned in two columns; `+ / -` only when feedback is on. */
export function consoleCommands(lang: Lang, feedback = false): string {
  const words = CONSOLE_WORDS[lang];
  const commands = words.commands.filter(([name]) => feedback || name !== '+ / -');
  const width = Math.max(...commands.map(([name]) => name.length));
  return [words.commandsTitle, '', ...commands.map(([name, what]) => `  ${name.padEnd(width)}  ${what}`), '', words.paste].join('\n');
}

/** Wording of the `+` / `-` feedback in the chat. */
export function rateWords(lang: Lang) {
  const { rate, nothingToRate, reasons } = CONSOLE_WORDS[lang];
  return { rate, nothingToRate, reasons };
}

/** The line under a shortened answer that says what `more` will show. */
export function moreHint(lang: Lang, sections: number, examples: number): string {
  return CONSOLE_WORDS[lang].more(sections, examples);
}
