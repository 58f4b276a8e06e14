import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter, Engine, TipsService } from '../../src/adapter.ts';
import { renderText, renderTipText, type TextStyle } from '../../src/render/text.ts';
import { t } from '../../src/templates.ts';
import type { Answer, Lang } from '../../src/types.ts';

export interface ConsoleOptions {
  engine: Engine;
  input: Readable;
  output: Writable;
  /** A terminal: show a prompt, colours and keep history. Otherwise answer each line and end with the input. */
  interactive: boolean;
  tips?: TipsService;
  /** Forced reply language; by default each question's script decides. */
  lang?: Lang;
  /** Called when the user leaves (Ctrl-D, `exit`, end of input). */
  onClose?: () => void;
}

const PROMPT = 'dockhand> ';
const HISTORY_SIZE = 100;

/**
 * The terminal as a chat platform: the same Adapter contract as Slack and Discord, so
 * `npm start` without tokens is a real way to use dockhand, not a demo.
 */
export function createConsoleAdapter(options: ConsoleOptions): Adapter & { closed: Promise<void> } {
  const { engine, output, interactive } = options;
  let rl: Interface | null = null;
  let last: Answer | null = null;
  let lastLang: Lang = options.lang ?? 'en';
  const asked: string[] = [];
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const write = (text: string) => output.write(`${text}\n\n`);
  // A terminal's current width, so prose wraps between words rather than mid-word.
  const width = () => (interactive ? Math.min((output as { columns?: number }).columns ?? 0, 100) - 1 : 0);
  const style = (): TextStyle => ({ color: interactive, ...(width() > 0 ? { width: width() } : {}) });
  const show = (answer: Answer) => {
    last = answer;
    lastLang = answer.lang;
    write(renderText(answer, { ...style(), numbered: true }));
  };

  const handle = (line: string) => {
    const text = line.trim();
    const command = text.toLowerCase();
    if (command === 'exit' || command === 'quit') return rl?.close();
    if (command === 'clear' && interactive) return void output.write('\x1b[2J\x1b[H');
    if (command === 'history') return write(asked.length ? asked.map((q, i) => `${i + 1}. ${q}`).join('\n') : '(no questions yet)');
    if (command === 'tip' || command === '小贴士') return showTip(options.lang ?? (command === 'tip' ? lastLang : 'zh'));
    const pick = /^[1-3]$/.test(command) && last ? last.suggestions[Number(command) - 1] : undefined;
    if (pick) return show(engine.answerTopic(pick.id, last!.lang) ?? engine.help(lastLang));
    if (text) asked.push(text.slice(0, 200));
    show(engine.answer(text, options.lang ? { lang: options.lang } : {}));
  };

  const showTip = (lang: Lang) => {
    if (!options.tips) return write(t(lang).tipsDisabled);
    write(renderTipText(options.tips.today('console', null, lang), style()));
  };

  return {
    platform: 'console',
    closed,
    async start() {
      rl = createInterface({ input: options.input, output: interactive ? output : undefined, terminal: interactive, historySize: HISTORY_SIZE });
      rl.on('line', (line) => {
        try {
          handle(line);
        } catch (error) {
          write(`${t(lastLang).error} (${(error as Error).message})`);
        }
        if (interactive) rl?.prompt();
      });
      rl.on('close', () => {
        rl = null;
        options.onClose?.();
        resolveClosed();
      });
      if (interactive) {
        write(renderText(engine.help(options.lang ?? 'en'), style()));
        rl.setPrompt(PROMPT);
        rl.prompt();
      }
    },
    async stop() {
      rl?.close();
      await closed;
    },
  };
}
