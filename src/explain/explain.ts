/**
 * `explain(commandLine)`: a docker command line, flag by flag, as data. The words come from
 * parse.ts (a real shell parser); flags are read the way pflag reads them (`--flag=value`,
 * `--flag value`, `-itd`, `-p8080:80`, `-e=X`, `--` ends the flags); for run, create, exec and
 * compose run/exec everything after the image (or container, or service) is the container's
 * command, never docker's flags. Flags the table does not know are listed in `unknown`.
 */
import type { Lang } from '../types.ts';
import { ALIASES, COMMANDS, COMPOSE_FLAGS, GLOBAL_FLAGS, type CommandDef, type FlagDef, type FlagRisk } from './flags.ts';
import { commandLines, splitWords } from './parse.ts';
import { describeValue } from './values.ts';

/** Longer command lines are cut here (a real one is a few hundred characters; 4 kB is a big paste). */
export const MAX_COMMAND_CHARS = 16_384;

export interface ExplainedArg {
  /** As written: `-p`, `--publish`, `-d` (from `-itd`), `--rm`. */
  flag: string;
  value: string | null;
  text: string;
  topic: string | null;
  risk: { level: FlagRisk['level']; reason: string } | null;
}

export interface Explanation {
  /** The command as understood: `docker run`, `docker compose up`, `docker buildx build`. */
  command: string;
  /** The image (run, create, pull, push, tag source), or null. */
  image: string | null;
  args: ExplainedArg[];
  /** Flags the table does not know, as written. */
  unknown: string[];
  /** What runs in the container (after the image, container or service), or null for the image's default. */
  containerCommand: string[] | null;
  /** Not part of the JSON contract: the other positional words (container, service, paths) and the note of the command. */
  positionals: { name: string; value: string }[];
  topic: string | null;
  /** Whether the subcommand is one the table knows. */
  known: boolean;
}

const DOCKER = /^(?:.*[/\\])?(?:docker|docker\.exe|podman)$/i;
const COMPOSE_V1 = /^(?:.*[/\\])?docker-compose(?:\.exe)?$/i;
/** Words that may come before docker on the line: `sudo`, `time`, `VAR=value`, a prompt. */
const PREFIX_WORDS = new Set(['sudo', 'time', 'exec', 'command', 'nohup', '$', '#', '>', 'PS>', 'env']);

/** Per table: long and short names → row, built once. */
const INDEX = new WeakMap<FlagDef[], Map<string, FlagDef>>();

function lookup(flags: FlagDef[], name: string, short: boolean): FlagDef | undefined {
  let index = INDEX.get(flags);
  if (!index) {
    index = new Map();
    for (const f of flags) {
      index.set(`--${f.long}`, f);
      if (f.short) index.set(`-${f.short}`, f);
    }
    INDEX.set(flags, index);
  }
  return index.get(short ? `-${name}` : `--${name}`);
}

interface FlagRun {
  args: ExplainedArg[];
  unknown: string[];
  /** Index of the first word not consumed (a positional, or the end). */
  next: number;
}

function describe(def: FlagDef, written: string, value: string | null, command: string, lang: Lang): ExplainedArg {
  const note = value !== null ? describeValue(command, def.long, value, lang) : {};
  const risk = note.risk ?? def.risk;
  // With the value explained, the flag's syntax hint ("(SOURCE:TARGET[:OPTIONS])") says nothing more.
  const text = note.text ? `${def.text[lang].replace(/\s*[（(][^（()）]*[)）]$/, '')}${lang === 'zh' ? '：' : ': '}${note.text}` : def.text[lang];
  return { flag: written, value, text, topic: def.topic, risk: risk ? { level: risk.level, reason: risk.reason[lang] } : null };
}

/**
 * Reads flags from `words[at]` on. With `interspersed` false it stops at the first positional;
 * otherwise positionals are collected and flags keep being read (pflag's default).
 */
function readFlags(words: string[], at: number, flags: FlagDef[], command: string, lang: Lang, interspersed: boolean, positionals: string[]): FlagRun {
  const args: ExplainedArg[] = [];
  const unknown: string[] = [];
  let i = at;
  for (; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') {
      positionals.push(...words.slice(i + 1));
      return { args, unknown, next: words.length };
    }
    if (word.startsWith('--') && word.length > 2) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      const written = eq < 0 ? word : word.slice(0, eq);
      const def = lookup(flags, name, false);
      if (!def) {
        unknown.push(written);
        continue;
      }
      let value: string | null = eq < 0 ? null : word.slice(eq + 1);
      if (def.value && value === null && i + 1 < words.length) value = words[++i]!;
      args.push(describe(def, written, value, command, lang));
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      // A cluster of short flags: -itd, -p8080:80, -e=X.
      for (let c = 1; c < word.length; c++) {
        const ch = word[c]!;
        const def = lookup(flags, ch, true);
        if (!def) {
          unknown.push(`-${ch}`);
          continue;
        }
        if (!def.value) {
          args.push(describe(def, `-${ch}`, null, command, lang));
          continue;
        }
        let value: string | null = word.slice(c + 1);
        if (value.startsWith('=')) value = value.slice(1);
        if (value === '') value = i + 1 < words.length ? words[++i]! : null;
        args.push(describe(def, `-${ch}`, value, command, lang));
        break;
      }
      continue;
    }
    if (!interspersed) return { args, unknown, next: i };
    positionals.push(word);
  }
  return { args, unknown, next: i };
}

/** The subcommand at `words[at]`: one or two words, long forms resolved. */
function subcommand(words: string[], at: number): { name: string; written: string; next: number } | null {
  const one = words[at];
  if (!one) return null;
  const two = words[at + 1] !== undefined ? `${one} ${words[at + 1]}` : '';
  if (two && COMMANDS[ALIASES[two] ?? two]) return { name: ALIASES[two] ?? two, written: two, next: at + 2 };
  if (COMMANDS[one]) return { name: one, written: one, next: at + 1 };
  if (two && /^(?:container|image|network|volume|system|buildx|builder)$/.test(one)) return { name: two, written: two, next: at + 2 };
  return { name: one, written: one, next: at + 1 };
}

/** Where docker starts on the line: after `sudo`, `VAR=value`, a prompt; -1 when there is no docker. */
function findDocker(words: string[]): { at: number; compose: boolean } | null {
  for (let i = 0; i < words.length && i < 8; i++) {
    const w = words[i]!;
    if (DOCKER.test(w)) return { at: i, compose: false };
    if (COMPOSE_V1.test(w)) return { at: i, compose: true };
    if (PREFIX_WORDS.has(w) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || (i > 0 && words[i - 1] === 'sudo' && w.startsWith('-'))) continue;
    return null;
  }
  return null;
}

const REDIRECTS = new Set(['>', '>>', '>&', '<', '<&', '&>', '&>>', '>|', '<>', '<<<']);

/** The first simple docker command of the paste (up to `|`, `&&`, `;`, a redirect, the end of its line) as words. */
function firstCommand(text: string): string[] {
  for (const line of commandLines(text)) {
    if (!/docker/i.test(line)) continue;
    const words: string[] = [];
    let skip = false;
    for (const w of splitWords(line)) {
      if (skip) {
        skip = false;
        continue;
      }
      if ('op' in w && REDIRECTS.has(w.op)) {
        // `2>&1`, `> out.log`: the redirect and its target are the shell's, not docker's words.
        if (words.length && /^\d$/.test(words[words.length - 1]!)) words.pop();
        skip = true;
        continue;
      }
      if ('op' in w) {
        if (words.length && findDocker(words)) return words;
        words.length = 0;
        continue;
      }
      words.push(w.word);
    }
    if (findDocker(words)) return words;
  }
  return [];
}

/** Explains a docker command line; null when the line is not a docker command. */
export function explainCommand(line: string, lang: Lang = 'en'): Explanation | null {
  if (typeof line !== 'string') return null;
  const words = firstCommand(line.length > MAX_COMMAND_CHARS ? line.slice(0, MAX_COMMAND_CHARS) : line);
  const start = findDocker(words);
  if (!start) return null;
  const args: ExplainedArg[] = [];
  const unknown: string[] = [];
  const stray: string[] = [];
  let i = start.at + 1;
  let prefix = 'docker';
  if (!start.compose) {
    const global = readFlags(words, i, GLOBAL_FLAGS, 'global', lang, false, stray);
    args.push(...global.args);
    unknown.push(...global.unknown);
    i = global.next;
  }
  const compose = start.compose || words[i] === 'compose';
  if (compose) {
    if (!start.compose) i++;
    prefix = start.compose ? 'docker-compose' : 'docker compose';
    const global = readFlags(words, i, COMPOSE_FLAGS, 'compose', lang, false, stray);
    args.push(...global.args);
    unknown.push(...global.unknown);
    i = global.next;
  }
  const sub = subcommand(words, i);
  if (!sub) return { command: prefix, image: null, args, unknown, containerCommand: null, positionals: [], topic: compose ? 'docker-compose' : null, known: false };
  const def: CommandDef | undefined = COMMANDS[compose ? `compose ${sub.name}` : sub.name];
  const command = `${prefix} ${compose ? sub.written : sub.written}`;
  const positionals: string[] = [];
  const rest = readFlags(words, sub.next, def?.flags ?? [], def?.name ?? sub.name, lang, def?.interspersed ?? true, positionals);
  args.push(...rest.args);
  unknown.push(...rest.unknown);
  let image: string | null = null;
  let containerCommand: string[] | null = null;
  const named: { name: string; value: string }[] = [];
  if (def && def.imageAt !== null) {
    // Flags stopped at the image (or container, or service): the rest is the container's command.
    const all = [...words.slice(rest.next)];
    const target = all[0] ?? null;
    if (target !== null) named.push({ name: def.positionals[0]!, value: target });
    if (def.name === 'run' || def.name === 'create') image = target;
    containerCommand = all.length > 1 ? all.slice(1) : null;
  } else if (def) {
    positionals.forEach((value, n) => named.push({ name: def.positionals[Math.min(n, def.positionals.length - 1)] ?? 'ARG', value }));
    if (def.name === 'pull' || def.name === 'push' || def.name === 'tag') image = positionals[0] ?? null;
  }
  return { command, image, args, unknown, containerCommand, positionals: named, topic: def?.topic ?? null, known: Boolean(def) };
}

/** The JSON contract of `dockhand explain --json` (DESIGN.md): exactly these fields. */
export function explanationJson(e: Explanation): { command: string; image: string | null; args: ExplainedArg[]; unknown: string[]; containerCommand: string[] | null } {
  return { command: e.command, image: e.image, args: e.args.map((a) => ({ flag: a.flag, value: a.value, text: a.text, topic: a.topic, risk: a.risk })), unknown: e.unknown, containerCommand: e.containerCommand };
}
