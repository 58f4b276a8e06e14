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
      ['clear', 'clear the screen'],
      ['exit', 'leave (or Ctrl-D, or Ctrl-C on an empty line; Ctrl-C on a typed line clears it)'],
    ],
    more: (sections: number, examples: number) =>
      sections || examples ? `(more: ${sections} more section${sections === 1 ? '' : 's'} and ${examples} example${examples === 1 ? '' : 's'}; type "more")` : '(nothing more to show)',
    paste: 'Paste a Dockerfile or a command as it is: a multi-line paste is one question, sent with Enter.',
  },
  zh: {
    commandsTitle: '聊天里可用的命令',
    commands: [
      ['help', '显示这份列表'],
      ['tip / 小贴士', '今天的 Docker 小贴士'],
      ['more / 更多', '长回答的其余部分'],
      ['history', '你问过的问题'],
      ['1、2、3', '选择上一个回答里“你是不是想问”的选项'],
      ['clear', '清屏'],
      ['exit', '退出（也可以按 Ctrl-D，或在空行上按 Ctrl-C；已输入内容时 Ctrl-C 只清空这一行）'],
    ],
    more: (sections: number, examples: number) => (sections || examples ? `（还有 ${sections} 段说明和 ${examples} 个示例，输入 more 查看）` : '（没有更多内容了）'),
    paste: '可以直接粘贴 Dockerfile 或命令：多行粘贴算一个问题，按回车发送。',
  },
} as const;

/** The console's command list as plain text, aligned in two columns. */
export function consoleCommands(lang: Lang): string {
  const words = CONSOLE_WORDS[lang];
  const width = Math.max(...words.commands.map(([name]) => name.length));
  return [words.commandsTitle, '', ...words.commands.map(([name, what]) => `  ${name.padEnd(width)}  ${what}`), '', words.paste].join('\n');
}

/** The line under a shortened answer that says what `more` will show. */
export function moreHint(lang: Lang, sections: number, examples: number): string {
  return CONSOLE_WORDS[lang].more(sections, examples);
}
