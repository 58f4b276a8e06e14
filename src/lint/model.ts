/**
 * The Dockerfile as the linter sees it: instructions with their logical text (continuations
 * joined, comment lines inside continuations dropped, heredoc bodies apart), grouped into build
 * stages. Parsing is dockerfile-ast's; this adds what BuildKit does with the text.
 */
import { createRequire } from 'node:module';
import type * as DockerfileAst from 'dockerfile-ast';
import type { Instruction } from 'dockerfile-ast';
import { splitCommands, isShell, invocation, type SimpleCommand } from './shell.ts';

/**
 * dockerfile-ast (and the language-server types under it) is required on the first parse, not at
 * import: every question passes through the router, few are Dockerfiles, and loading the parser
 * costs a one-shot `dockhand ask` more than answering. It is CommonJS, so `require` keeps `parse`
 * synchronous.
 */
let ast: typeof DockerfileAst | null = null;
const dockerfileAst = (): typeof DockerfileAst => (ast ??= createRequire(import.meta.url)('dockerfile-ast') as typeof DockerfileAst);

/** Whether a parsed instruction is a FROM (dockerfile-ast's class, without importing it eagerly). */
export const isFrom = (node: Instruction): node is DockerfileAst.From => node instanceof dockerfileAst().From;

export const INSTRUCTIONS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN',
  'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

export interface Flag {
  name: string;
  value: string | null;
}

/** A heredoc attached to an instruction: its name and body lines. */
export interface Heredoc {
  name: string;
  /** 1-based line of the first body line. */
  line: number;
  body: string;
}

export interface Instr {
  keyword: string;
  /** 1-based first and last physical line. */
  line: number;
  endLine: number;
  /** 1-based column of the keyword. */
  column: number;
  node: Instruction;
  /** The arguments after flags as BuildKit reads them: continuations joined, inner comment lines dropped. */
  text: string;
  /** Physical line (1-based) of each character of `text`. */
  lineOf(offset: number): number;
  flags: Flag[];
  heredocs: Heredoc[];
  /** For CMD, ENTRYPOINT, RUN, SHELL: the exec-form array when the arguments are a valid JSON array of strings. */
  exec: string[] | null;
  /** The arguments split on white space (no quote handling: for COPY sources, EXPOSE ports and the like). */
  words: string[];
  /** Whether the arguments look like an exec form (start with `[`) but are not valid JSON. */
  brokenExec: boolean;
  /** For RUN in shell form: the simple commands it runs (heredoc scripts included). */
  commands: SimpleCommand[];
  /** The file ends inside this instruction's line continuation. */
  danglingContinuation: boolean;
  stage: number;
}

export interface Stage {
  index: number;
  /** The `AS name`, lower-cased; null when unnamed. */
  name: string | null;
  from: Instr;
  /** The base as written (`node:20-slim`, `${BASE}`, `build`). */
  image: string;
  /** The earlier stage this one is built on (`FROM build`), or null for an image. */
  parent: number | null;
  instrs: Instr[];
}

export interface Model {
  lines: string[];
  escape: string;
  /** Instructions before the first FROM (ARG only, when valid). */
  globals: Instr[];
  stages: Stage[];
  all: Instr[];
}

const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

function execForm(text: string): string[] | null {
  const t = text.trim();
  if (!t.startsWith('[')) return null;
  try {
    const value: unknown = JSON.parse(t);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
  } catch {
    return null;
  }
}

/** Whether a physical line ends with the escape character (trailing blanks allowed, as BuildKit does). */
function continues(line: string, escape: string): boolean {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t' || line[end - 1] === '\r')) end--;
  if (end === 0 || line[end - 1] !== escape) return false;
  // An escaped escape (`\\`) at the end is not a continuation.
  let count = 0;
  for (let i = end - 1; i >= 0 && line[i] === escape; i--) count++;
  return count % 2 === 1;
}

function stripContinuation(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t' || line[end - 1] === '\r')) end--;
  return line.slice(0, end - 1);
}

/** Instructions whose leading `--name[=value]` words are flags. */
const FLAGGED = new Set(['RUN', 'COPY', 'ADD', 'FROM', 'HEALTHCHECK']);

function build(node: Instruction, lines: string[], escape: string): Instr {
  // Only the cheap accessors of dockerfile-ast here (ranges, keyword): its argument getters
  // re-scan the text on every call, which costs more than the whole lint on a long file.
  const range = node.getRange();
  const keyword = node.getKeyword();
  const head = node.getInstructionRange().end;
  let text = '';
  const starts: number[] = [];
  const lineNos: number[] = [];
  let last = range.start.line;
  let dangling = false;
  for (let l = head.line; l < lines.length; l++) {
    const physical = lines[l]!;
    const segment = l === head.line ? physical.slice(head.character) : physical;
    last = l;
    if (l > head.line && (segment.trim() === '' || segment.trimStart().startsWith('#'))) {
      if (l === lines.length - 1) dangling = true;
      continue;
    }
    const more = continues(segment, escape);
    starts.push(text.length);
    lineNos.push(l + 1);
    text += more ? stripContinuation(segment) : segment;
    if (!more) break;
    if (l === lines.length - 1) dangling = true;
  }
  // Leading flags (`RUN --mount=…`, `COPY --from=build`), removed from the text the rules read.
  const flags: Flag[] = [];
  let cut = 0;
  if (FLAGGED.has(keyword)) {
    for (;;) {
      while (cut < text.length && (text[cut] === ' ' || text[cut] === '\t')) cut++;
      if (!text.startsWith('--', cut)) break;
      let end = cut;
      while (end < text.length && text[end] !== ' ' && text[end] !== '\t') end++;
      const word = text.slice(cut + 2, end);
      const eq = word.indexOf('=');
      flags.push(eq < 0 ? { name: word, value: null } : { name: word.slice(0, eq), value: word.slice(eq + 1) });
      cut = end;
    }
  } else {
    while (cut < text.length && (text[cut] === ' ' || text[cut] === '\t')) cut++;
  }
  const shift = cut;
  text = text.slice(cut);
  for (let i = 0; i < starts.length; i++) starts[i] = Math.max(0, starts[i]! - shift);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lineNos[lo] ?? range.start.line + 1;
  };
  if (text.trim() === '' && lines[range.start.line] !== undefined && continues(lines[range.start.line]!, escape) && range.start.line === lines.length - 1) dangling = true;

  // Heredocs (`RUN <<EOF`, `COPY <<EOF /file`): bodies follow the instruction's first logical line.
  const heredocs: Heredoc[] = [];
  if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') {
    let l = last + 1;
    for (const m of text.matchAll(HEREDOC)) {
      const strip = m[1] === '-';
      const name = m[3]!;
      const body: string[] = [];
      const first = l;
      while (l < lines.length) {
        const line = lines[l]!;
        l++;
        if ((strip ? line.replace(/^\t+/, '') : line).trimEnd() === name) break;
        body.push(strip ? line.replace(/^\t+/, '') : line);
      }
      heredocs.push({ name, line: first + 1, body: body.join('\n') });
    }
  }

  const exec = keyword === 'CMD' || keyword === 'ENTRYPOINT' || keyword === 'RUN' || keyword === 'SHELL' ? execForm(text) : null;
  const commands: SimpleCommand[] = [];
  if (keyword === 'RUN' && !exec) {
    const withoutMarkers = heredocs.length ? text.replace(HEREDOC, ' ') : text;
    const head = splitCommands(withoutMarkers, lineOf);
    commands.push(...head);
    // A heredoc is a script when the command line is empty (the default shell runs it) or a shell.
    const runner = head.length ? invocation(head[0]!) : null;
    const scripted = head.length === 0 || (head.length === 1 && runner !== null && isShell(runner.name) && !runner.args.some((a) => /^-[a-z]*c/.test(a.text)));
    if (scripted) {
      for (const doc of heredocs) {
        if (/^#!.*\b(python|node|perl|ruby|php)/.test(doc.body)) continue;
        const docLines = doc.body.split('\n');
        const offsets: number[] = [];
        let at = 0;
        for (const dl of docLines) {
          offsets.push(at);
          at += dl.length + 1;
        }
        commands.push(
          ...splitCommands(doc.body, (o) => {
            let k = 0;
            while (k + 1 < offsets.length && offsets[k + 1]! <= o) k++;
            return doc.line + k;
          }),
        );
      }
    }
  }

  return {
    keyword,
    line: range.start.line + 1,
    endLine: range.end.line + 1,
    column: range.start.character + 1,
    node,
    text,
    lineOf,
    flags,
    heredocs,
    exec,
    brokenExec: !exec && text.trim().startsWith('['),
    words: text.trim() ? text.trim().split(/\s+/) : [],
    commands,
    danglingContinuation: dangling,
    stage: -1,
  };
}

export function parse(source: string): Model {
  const text = source.replace(/\r\n?/g, '\n');
  const { DockerfileParser } = dockerfileAst();
  const dockerfile = DockerfileParser.parse(text);
  const lines = text.split('\n');
  const escape = dockerfile.getEscapeCharacter();
  const globals: Instr[] = [];
  const stages: Stage[] = [];
  const all: Instr[] = [];
  for (const node of dockerfile.getInstructions()) {
    const instr = build(node, lines, escape);
    all.push(instr);
    if (instr.keyword === 'FROM' && isFrom(node)) {
      const name = node.getBuildStage()?.toLowerCase() ?? null;
      const image = node.getImage() ?? '';
      const parent = stages.findIndex((s) => s.name !== null && s.name === image.toLowerCase());
      stages.push({ index: stages.length, name, from: instr, image, parent: parent >= 0 ? parent : null, instrs: [] });
    }
    const stage = stages[stages.length - 1];
    if (stage) {
      instr.stage = stage.index;
      if (instr.keyword !== 'FROM') stage.instrs.push(instr);
    } else {
      globals.push(instr);
    }
  }
  return { lines, escape, globals, stages, all };
}

/** The stage and the earlier stages it is built on (`FROM build`), nearest first. */
export function lineage(model: Model, stage: Stage): Stage[] {
  const out: Stage[] = [];
  let s: Stage | undefined = stage;
  while (s && !out.includes(s)) {
    out.push(s);
    s = s.parent === null ? undefined : model.stages[s.parent];
  }
  return out;
}
