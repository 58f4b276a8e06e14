/**
 * A small, linear shell reader for RUN commands: enough of POSIX sh to find the simple commands
 * (`apt-get install …`, `cd /app`) and the operators between them (`&&`, `|`, `;`). It never
 * backtracks: one pass over the text, quotes and `$(…)` read as parts of words.
 */

/** One word of a command, unquoted, with the physical line (1-based) it starts on. */
export interface Word {
  text: string;
  line: number;
}

/** What follows a simple command: an operator, a line break, or the end. */
export type Separator = '&&' | '||' | '|' | ';' | '&' | '\n' | '(' | ')' | null;

export interface SimpleCommand {
  words: Word[];
  line: number;
  sep: Separator;
}

/** Reserved words that can open a simple command without being its name. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', '!', '{', '}', 'time']);
/** Programs that run the rest of their arguments as a command. */
const WRAPPERS = new Set(['sudo', 'env', 'nice', 'nohup', 'exec', 'command', 'xargs', 'gosu', 'su-exec', 'chroot', 'timeout', 'stdbuf']);
/** Wrapper options that take a value as the next word. */
const WRAPPER_VALUE_OPTS: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U']),
  xargs: new Set(['-I', '-L', '-n', '-P', '-s', '-E', '-d', '-a']),
  env: new Set(['-u', '-C', '-S']),
  nice: new Set(['-n']),
};
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

/**
 * Splits shell text into simple commands. `lineAt(i)` gives the physical line of character `i`.
 * Comments (`# …` at the start of a word) are skipped to the end of the line.
 */
export function splitCommands(text: string, lineAt: (offset: number) => number): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  let words: Word[] = [];
  let word = '';
  let wordStart = -1;
  const endWord = () => {
    if (wordStart >= 0) words.push({ text: word, line: lineAt(wordStart) });
    word = '';
    wordStart = -1;
  };
  const endCommand = (sep: Separator) => {
    endWord();
    if (words.length) out.push({ words, line: words[0]!.line, sep });
    else if (sep && sep !== '\n' && out.length && out[out.length - 1]!.sep === '\n') out[out.length - 1]!.sep = sep;
    words = [];
  };
  const start = (i: number) => {
    if (wordStart < 0) wordStart = i;
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
    } else if (c === '\n') {
      endCommand('\n');
      i++;
    } else if (c === '#' && wordStart < 0) {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === "'") {
      start(i);
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      word += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      start(i);
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < n) {
          const next = text[i + 1]!;
          if (next !== '\n') word += '$`"\\'.includes(next) ? next : `\\${next}`;
          i += 2;
        } else {
          word += text[i];
          i++;
        }
      }
      i++;
    } else if (c === '\\') {
      if (i + 1 < n && text[i + 1] !== '\n') {
        start(i);
        word += text[i + 1];
      }
      i += 2;
    } else if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      start(i);
      const open = text[i + 1]!;
      const close = open === '(' ? ')' : '}';
      let depth = 0;
      let j = i + 1;
      for (; j < n; j++) {
        const d = text[j];
        if (d === open) depth++;
        else if (d === close && --depth === 0) break;
      }
      word += text.slice(i, Math.min(n, j + 1));
      i = j + 1;
    } else if (c === '`') {
      start(i);
      const close = text.indexOf('`', i + 1);
      const end = close < 0 ? n : close;
      word += text.slice(i, end + 1);
      i = end + 1;
    } else if (c === '&' || c === '|' || c === ';') {
      const two = text.slice(i, i + 2);
      if (two === '&&' || two === '||' || two === ';;') {
        endCommand(two === ';;' ? ';' : two);
        i += 2;
      } else if (c === '&' && text[i + 1] === '>') {
        endWord();
        words.push({ text: '&>', line: lineAt(i) });
        i += 2;
      } else if (c === '&' && wordStart >= 0 && /[<>]$/.test(word)) {
        word += c; // 2>&1
        i++;
      } else {
        endCommand(c === '|' ? '|' : c === '&' ? '&' : ';');
        i += text[i + 1] === '&' && c === '|' ? 2 : 1;
      }
    } else if (c === '(' || c === ')') {
      endCommand(c);
      i++;
    } else if (c === '>' || c === '<') {
      // Redirections are words of their own: `> /dev/null`, `2>&1`, `<<EOF`.
      if (wordStart >= 0 && !/^\d+$/.test(word)) endWord();
      start(i);
      word += c;
      i++;
      while (i < n && (text[i] === '>' || text[i] === '<' || text[i] === '&' || text[i] === '-')) word += text[i++];
      if (i < n && /\d/.test(text[i]!) && word.endsWith('&')) word += text[i++];
      endWord();
    } else {
      start(i);
      word += c;
      i++;
    }
  }
  endCommand(null);
  return out;
}

/** A simple command's program and arguments, past assignments, reserved words and wrappers. */
export interface Invocation {
  name: string;
  args: Word[];
  line: number;
  /** The command ran through sudo. */
  sudo: Word | null;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function invocation(cmd: SimpleCommand): Invocation | null {
  const w = cmd.words;
  let i = 0;
  let sudo: Word | null = null;
  while (i < w.length) {
    const text = w[i]!.text;
    if (RESERVED.has(text) || ASSIGNMENT.test(text)) {
      i++;
      continue;
    }
    const base = text.slice(text.lastIndexOf('/') + 1);
    if (WRAPPERS.has(base)) {
      if (base === 'sudo') sudo = w[i]!;
      i++;
      const valued = WRAPPER_VALUE_OPTS[base];
      if (base === 'gosu' || base === 'su-exec' || base === 'chroot') i++; // their user / root argument
      if (base === 'timeout') {
        while (i < w.length && w[i]!.text.startsWith('-')) i++;
        i++; // the duration
      }
      while (i < w.length && (w[i]!.text.startsWith('-') || ASSIGNMENT.test(w[i]!.text))) {
        if (valued?.has(w[i]!.text)) i++;
        i++;
      }
      continue;
    }
    return { name: base, args: w.slice(i + 1), line: w[i]!.line, sudo };
  }
  return sudo ? { name: '', args: [], line: sudo.line, sudo } : null;
}

/** Every invocation in the commands, including those inside `sh -c '…'` / `bash -c "…"`. */
export function invocations(commands: SimpleCommand[], depth = 0): Invocation[] {
  const out: Invocation[] = [];
  for (const cmd of commands) {
    const inv = invocation(cmd);
    if (!inv) continue;
    out.push(inv);
    if (depth < 2 && SHELLS.has(inv.name)) {
      const c = inv.args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a.text));
      const script = c >= 0 ? inv.args[c + 1] : undefined;
      if (script) out.push(...invocations(splitCommands(script.text, () => script.line), depth + 1));
    }
  }
  return out;
}

export function isShell(name: string): boolean {
  return SHELLS.has(name.slice(name.lastIndexOf('/') + 1));
}

/**
 * The subcommand of a package-manager call: the first argument that is not an option, skipping
 * the values of options in `valued` (`apt-get -o Opt=1 -t bookworm install …`).
 */
export function subcommand(args: Word[], valued: ReadonlySet<string>): Word | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.text;
    if (a.startsWith('-')) {
      if (valued.has(a)) i++;
      continue;
    }
    return args[i]!;
  }
  return null;
}

/** Whether any pipe joins two commands (`a | b`; `||` is not a pipe). */
export function pipeLine(commands: SimpleCommand[]): number | null {
  for (const c of commands) if (c.sep === '|') return c.line;
  return null;
}
