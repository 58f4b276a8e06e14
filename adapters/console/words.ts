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
      ['history', 'the questions you asked'],
      ['1, 2, 3', 'pick a "did you mean" choice of the last answer'],
      ['clear', 'clear the screen'],
      ['exit', 'leave (or Ctrl-D, or Ctrl-C on an empty line; Ctrl-C on a typed line clears it)'],
    ],
    paste: 'Paste a Dockerfile or a command as it is: a multi-line paste is one question, sent with Enter.',
  },
  zh: {
    commandsTitle: '聊天里可用的命令',
    commands: [
      ['help', '显示这份列表'],
      ['tip / 小贴士', '今天的 Docker 小贴士'],
      ['history', '你问过的问题'],
      ['1、2、3', '选择上一个回答里“你是不是想问”的选项'],
      ['clear', '清屏'],
      ['exit', '退出（也可以按 Ctrl-D，或在空行上按 Ctrl-C；已输入内容时 Ctrl-C 只清空这一行）'],
    ],
    paste: '可以直接粘贴 Dockerfile 或命令：多行粘贴算一个问题，按回车发送。',
  },
} as const;

/** The console's command list as plain text, aligned in two columns. */
export function consoleCommands(lang: Lang): string {
  const words = CONSOLE_WORDS[lang];
  const width = Math.max(...words.commands.map(([name]) => name.length));
  return [words.commandsTitle, '', ...words.commands.map(([name, what]) => `  ${name.padEnd(width)}  ${what}`), '', words.paste].join('\n');
}
