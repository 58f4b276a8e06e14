import { userInfo } from 'node:os';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter, Engine, FeedbackService, TipsService } from '../../src/adapter.ts';
import { renderText, renderTipText, type TextStyle } from '../../src/render/text.ts';
import { t } from '../../src/templates.ts';
import type { Answer, Lang } from '../../src/types.ts';
import { rateable } from '../../src/learn/recorder.ts';
import { ConsoleRater } from './feedback.ts';
import { consoleCommands, moreHint, rateWords } from './words.ts';

export interface ConsoleOptions {
  engine: Engine;
  input: Readable;
  output: Writable;
  /** A terminal: show a prompt, colours and keep history. Otherwise answer each line and end with the input. */
  interactive: boolean;
  tips?: TipsService;
  /** Forced reply language; by default each question's script decides. */
  lang?: Lang;
  /** Called when the user leaves (Ctrl-D, `exit`, end of input); not when stop() closes the chat. */
  onClose?: () => void;
  /** 👍/👎 on answers: `+` / `-` after an answer. Without it those are questions like any other. */
  feedback?: FeedbackService;
  /** Who votes and asks, for the question log: the OS user name by default. */
  user?: string;
}

const PROMPT = 'dockhand> ';
const HELP = new Set(['help', '?', '？', '帮助', '/help', '--help']);
const HISTORY_SIZE = 100;
// Bracketed paste: the terminal wraps pasted text in ESC[200~ … ESC[201~ (readline reports them as
// the keys paste-start and paste-end), so a pasted Dockerfile reads as one question, not ten.
const PASTE_ON = '\x1b[?2004h';
const PASTE_OFF = '\x1b[?2004l';

/** The terminal's fixed user id: the OS user name, or `local` where there is none (some containers). */
function localUser(): string {
  try {
    return userInfo().username || 'local';
  } catch {
    return 'local';
  }
}

/**
 * The terminal as a chat platform: the same Adapter contract as Slack and Discord, so
 * `npm start` without tokens is a real way to use dockhand, not a demo.
 */
export function createConsoleAdapter(options: ConsoleOptions): Adapter & { closed: Promise<void> } {
  const { engine, output, interactive } = options;
  const user = options.user ?? localUser();
  const rater = options.feedback ? new ConsoleRater(options.feedback, user) : null;
  let rl: Interface | null = null;
  // Set by stop(): the app is already shutting down, so closing must not ask it to shut down again.
  let stopping = false;
  let last: Answer | null = null;
  let lastLang: Lang = options.lang ?? 'en';
  const asked: string[] = [];
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const write = (text: string) => output.write(`${text}\n\n`);
  // A terminal's current width, so prose wraps between words rather than mid-word.
  const width = () => (interactive ? Math.min((output as { columns?: number }).columns ?? 0, 100) - 1 : 0);
  const style = (): TextStyle => ({ color: interactive, ...(width() > 0 ? { width: width() } : {}) });
  // The part of a long answer not shown yet, for `more`.
  let rest: Answer | null = null;
  // In a terminal, a rateable answer ends with how to rate it (the buttons of the chat platforms).
  const rateHint = (answer: Answer) => {
    if (!interactive || !rater || !rateable(answer)) return '';
    const hint = rateWords(answer.lang).rate;
    return `\n\n${style().color ? `\x1b[2m${hint}\x1b[0m` : hint}`;
  };
  const show = (answer: Answer) => {
    last = answer;
    lastLang = answer.lang;
    rest = null;
    const text = renderText(answer, { ...style(), numbered: true }) + rateHint(answer);
    // A long answer would scroll its summary off the screen: show the summary and the first
    // section, keep the rest for `more`. Piped output always gets the whole answer.
    const rows = interactive ? ((output as { rows?: number }).rows ?? 0) : 0;
    if (!rows || answer.sections.length < 2 || text.split('\n').length <= rows - 2) return write(text);
    rest = { ...answer, title: '', summary: '', sections: answer.sections.slice(1) };
    const head = renderText({ ...answer, sections: answer.sections.slice(0, 1), examples: [], related: [], suggestions: [] }, style());
    write(`${head}\n\n${moreHint(answer.lang, answer.sections.length - 1, answer.examples.length)}${rateHint(answer)}`);
  };
  const showMore = () => {
    if (!rest) return write(moreHint(lastLang, 0, 0));
    // `rest` has an empty title (and no summary): drop the title's line and the gap after it.
    const full = renderText(rest, { ...style(), numbered: true });
    const text = full.slice(full.indexOf('\n\n') + 2);
    rest = null;
    write(text);
  };

  const handle = async (line: string) => {
    // A multi-line paste is a question as it is; commands are single words.
    if (line.includes('\n')) return ask(line.trim());
    const text = line.trim();
    const command = text.toLowerCase();
    const rated = rater ? await rater.handle(text, last) : null;
    if (typeof rated === 'string') return rated ? write(rated) : undefined;
    if (command === 'exit' || command === 'quit') return rl?.close();
    if (command === 'clear' && interactive) return void output.write('\x1b[2J\x1b[H');
    // Usage, then what this chat itself understands (the banner alone does not say).
    if (HELP.has(command)) {
      const lang = options.lang ?? (command === '帮助' ? 'zh' : lastLang);
      return write(`${renderText(engine.help(lang), style())}\n\n${consoleCommands(lang, Boolean(rater))}`);
    }
    if (command === 'more' || command === '更多') return showMore();
    if (command === 'history') return write(asked.length ? asked.map((q, i) => `${i + 1}. ${q}`).join('\n') : '(no questions yet)');
    if (command === 'tip' || command === '小贴士') return showTip(options.lang ?? (command === 'tip' ? lastLang : 'zh'));
    const pick = /^[1-3]$/.test(command) && last ? last.suggestions[Number(command) - 1] : undefined;
    if (pick) return show(engine.answerTopic(pick.id, last!.lang) ?? engine.help(lastLang));
    ask(text);
  };

  const ask = (text: string) => {
    if (text) asked.push(text.replace(/\s+/g, ' ').slice(0, 200));
    show(engine.answer(text, { ...(options.lang ? { lang: options.lang } : {}), asker: user }));
  };

  const showTip = async (lang: Lang) => {
    if (!options.tips) return write(t(lang).tipsDisabled);
    write(renderTipText(await options.tips.today('console', null, lang), style()));
  };

  return {
    platform: 'console',
    closed,
    async start() {
      rl = createInterface({ input: options.input, output: interactive ? output : undefined, terminal: interactive, historySize: HISTORY_SIZE });
      // Lines of a paste in progress; the paste is asked as one question when Enter follows it.
      let pasting = false;
      let pasted: string[] = [];
      let queue: Promise<void> = Promise.resolve();
      if (interactive) {
        options.input.on('keypress', (_s: unknown, key: { name?: string } | undefined) => {
          if (key?.name === 'paste-start') pasting = true;
          if (key?.name === 'paste-end') pasting = false;
        });
      }
      rl.on('line', (line) => {
        if (pasting) return void pasted.push(line);
        const question = pasted.length ? [...pasted, line].join('\n') : line;
        pasted = [];
        // One line at a time, in order: a vote waits for the store, and the next line waits for it.
        queue = queue.then(async () => {
          try {
            await handle(question);
          } catch (error) {
            write(`${t(lastLang).error} (${(error as Error).message})`);
          }
          if (interactive) rl?.prompt();
        });
      });
      // Ctrl-C as in a shell: a half-typed line (or paste) is dropped and the prompt comes back;
      // on an empty line it leaves, like Ctrl-D. (Without this listener readline closes at once.)
      rl.on('SIGINT', () => {
        if (!rl) return;
        if (!rl.line && !pasted.length) return rl.close();
        pasted = [];
        pasting = false;
        output.write('^C\n');
        // Ctrl-E then Ctrl-U: readline's own "end of line" and "delete to start", which empty its
        // buffer and redraw an empty prompt on the new line.
        rl.write(null, { ctrl: true, name: 'e' });
        rl.write(null, { ctrl: true, name: 'u' });
      });
      rl.on('close', () => {
        if (interactive) output.write(PASTE_OFF);
        rl = null;
        // The lines already read are answered (and their votes stored) before the chat counts as closed.
        void queue.then(() => {
          if (!stopping) options.onClose?.();
          resolveClosed();
        });
      });
      if (interactive) {
        write(renderText(engine.help(options.lang ?? 'en'), style()));
        output.write(PASTE_ON);
        rl.setPrompt(PROMPT);
        rl.prompt();
      }
    },
    async stop() {
      stopping = true;
      rl?.close();
      await closed;
    },
  };
}
