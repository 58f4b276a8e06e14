import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createEngine } from './engine/engine.ts';
import { resolveLayers, type KnowledgeLayer } from './knowledge/layers.ts';
import { KnowledgeError } from './knowledge/errors.ts';
import { DEFAULT_CACHE_DIR, DEFAULT_KNOWLEDGE_DIR } from './paths.ts';
import { databaseUrlSetting, dbSetting, knowledgeSetting, loadDotEnv } from './settings.ts';
import { loadIndexed } from './engine/index-cache.ts';
import { renderText } from './render/text.ts';
import type { Answer, Lang } from './types.ts';

/**
 * `dockhand`: ask, eval, kb, start. What only some commands need (the note parser, the schema
 * library, the eval scorer, the chat SDKs) is imported inside those commands, so a one-shot
 * `dockhand ask` loads little more than the engine and its cached index. Outputs go to stdout; problems to stderr with exit codes:
 * 0 ok, 1 a check failed (bad knowledge, eval under its floors), 2 bad usage.
 */
const USAGE = `usage:
  dockhand ask [--json] [--full] [--lang zh|en] [QUESTION]   answer a question (no QUESTION: one per line from
                                                     stdin; --full: the whole answer even when taller than the terminal)
  dockhand eval FILE.jsonl [--split train|test] [--min-top1 N] [--min-top3 N] [--min-declined N]
                [--max-confident-wrong N] [--floors FILE.json] [--json]
  dockhand kb check | kb list [--json] [--stale VERSION]   (--stale: notes checked against an older engine)
  dockhand start                                     run the bot (console chat without chat tokens)
  dockhand check                                     validate configuration and knowledge
  dockhand tips run --once [--dry-run]               post the tips that are due now
  dockhand lint [FILE|-] [--format text|json|sarif] [--lang zh|en] [--fail-on error|warning|info|none]
                                                     lint a Dockerfile (exit 1 on a finding at or above --fail-on)
  dockhand explain [--json] [--lang zh|en] "docker run …"   explain a docker command flag by flag (- or none: stdin)
  dockhand report [--since 7d|24h|2w|DATE] [--json] [--db FILE]   what the question log says: gaps, 👎, most asked
  dockhand store migrate [--to postgres://…] [--db FILE] [--force]   copy the SQLite store into Postgres
                                                     (--to defaults to DATABASE_URL; idempotent)
options: --knowledge DIR[,DIR…] (repeatable; later folders override a note's id; "bundled" names the
         shipped notes; default: DOCKHAND_KNOWLEDGE_DIRS, else DOCKHAND_KNOWLEDGE_DIR, else bundled)`;

class UsageError extends Error {
  readonly code = 'USAGE';
}

/**
 * Drops unpaired UTF-16 surrogates. The engine caps the echoed query by code units, which can cut
 * an emoji in half; JSON.stringify would then print the lone half as "\ud83d" (issue 18).
 */
export function dropLoneSurrogates(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/** The JSON contract of `dockhand ask --json` (DESIGN.md). Extra fields are allowed. */
export function toJson(answer: Answer): Record<string, unknown> {
  const answered = answer.kind === 'topic' || answer.kind === 'compare';
  return {
    query: dropLoneSurrogates(answer.query),
    lang: answer.lang,
    id: answered ? (answer.topic?.id ?? null) : null,
    title: answered ? answer.title : null,
    confidence: answer.confidence,
    suggestions: answer.suggestions.map((s) => ({ id: s.id, title: s.title })),
    text: dropLoneSurrogates(renderText(answer, { color: false })),
    kind: answer.kind,
    ...(answer.compared ? { ids: answer.compared.map((r) => r.id) } : {}),
  };
}

function parseLang(value: string | undefined): Lang | undefined {
  if (value === undefined) return undefined;
  if (value === 'zh' || value === 'en') return value;
  throw new UsageError(`--lang must be zh or en, not "${value}"`);
}

const LIMIT_NAMES = ['min-top1', 'min-top3', 'min-declined', 'max-confident-wrong'] as const;
type Limits = Partial<Record<(typeof LIMIT_NAMES)[number], string>>;

/** The limits given on the command line, which win over a `--floors` file's. */
function definedOnly(values: Record<string, unknown>): Limits {
  const out: Limits = {};
  for (const name of LIMIT_NAMES) if (typeof values[name] === 'string') out[name] = values[name];
  return out;
}

/**
 * A `--floors` file: a JSON object with the same names as the flags (`{"min-top1": 0.75}`), so
 * CI's floors live in one file that `npm run eval` and the eval tests both read.
 */
function readFloors(file: string): Limits {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--floors ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new UsageError(`--floors ${file}: must be a JSON object`);
  const out: Limits = {};
  for (const [name, value] of Object.entries(json)) {
    if (!(LIMIT_NAMES as readonly string[]).includes(name)) throw new UsageError(`--floors ${file}: unknown limit "${name}" (use ${LIMIT_NAMES.join(', ')})`);
    if (typeof value !== 'number') throw new UsageError(`--floors ${file}: ${name} must be a number`);
    out[name as (typeof LIMIT_NAMES)[number]] = String(value);
  }
  return out;
}

function parseFloor(value: string | undefined, name: string): number {
  if (value === undefined) return 0;
  const n = Number(value.replace(/%$/, ''));
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`${name} must be a number from 0 to 1 (or a percentage)`);
  return n > 1 || value.endsWith('%') ? n / 100 : n;
}

/** What `ask` says is left out, in the answer's language. */
function fullHint(lang: Lang, sections: number, examples: number): string {
  if (lang === 'zh') return `（还有 ${sections} 节${examples ? `和 ${examples} 个示例` : ''}：加上 --full 再问一次，显示完整回答。）`;
  const s = `${sections} more section${sections === 1 ? '' : 's'}`;
  const e = examples ? ` and ${examples} example${examples === 1 ? '' : 's'}` : '';
  return `(${s}${e}: ask again with --full for the whole answer.)`;
}

/**
 * An answer for `dockhand ask`. In a terminal it is wrapped to the width, and one taller than the
 * screen shows its summary and first section with a hint, so the summary never scrolls away
 * (`--full` shows everything). Piped output is always the whole answer, unwrapped, as before.
 */
function askText(answer: Answer, screen: { columns?: number; rows?: number } | null, full: boolean): string {
  if (!screen) return renderText(answer, { color: false });
  const width = Math.min(screen.columns ?? 0, 100) - 1;
  const style = { color: true, ...(width > 0 ? { width } : {}) };
  const text = renderText(answer, style);
  const rows = screen.rows ?? 0;
  if (full || !rows || answer.sections.length < 2 || text.split('\n').length <= rows - 2) return text;
  const head = renderText({ ...answer, sections: answer.sections.slice(0, 1), examples: [], related: [], suggestions: [] }, style);
  return `${head}\n\n${fullHint(answer.lang, answer.sections.length - 1, answer.examples.length)}`;
}

async function ask(args: string[], knowledge: KnowledgeLayer[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, lang: { type: 'string' }, full: { type: 'boolean' } } });
  const lang = parseLang(values.lang);
  const { kb, index } = await loadIndexed(knowledge, DEFAULT_CACHE_DIR);
  const engine = createEngine(kb, { index });
  const context = lang ? { lang } : {};
  const out = process.stdout;
  const screen = out.isTTY ? { columns: out.columns, rows: out.rows } : null;
  const print = (question: string) => {
    const answer = engine.answer(question, context);
    out.write(values.json ? `${JSON.stringify(toJson(answer))}\n` : `${askText(answer, screen, Boolean(values.full))}\n`);
  };
  if (positionals.length) {
    print(positionals.join(' '));
    return 0;
  }
  const rl = createInterface({ input: process.stdin, terminal: false, crlfDelay: Infinity });
  for await (const line of rl) print(line);
  return 0;
}

async function evaluate(args: string[], knowledge: KnowledgeLayer[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'min-top1': { type: 'string' },
      'min-top3': { type: 'string' },
      'min-declined': { type: 'string' },
      'max-confident-wrong': { type: 'string' },
      floors: { type: 'string' },
      split: { type: 'string' },
      json: { type: 'boolean' },
      'no-misses': { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('eval needs a FILE.jsonl');
  const split = values.split;
  if (split !== undefined && split !== 'train' && split !== 'test') throw new UsageError(`--split must be train or test, not "${split}"`);
  const limits = { ...(values.floors === undefined ? {} : readFloors(values.floors)), ...definedOnly(values) };
  const floors = {
    top1: parseFloor(limits['min-top1'], '--min-top1'),
    top3: parseFloor(limits['min-top3'], '--min-top3'),
    declined: parseFloor(limits['min-declined'], '--min-declined'),
  };
  const ceiling = limits['max-confident-wrong'] === undefined ? 1 : parseFloor(limits['max-confident-wrong'], '--max-confident-wrong');
  const { readEvalFile, resolveExpect, scoreEval } = await import('./eval.ts');
  const { formatReport } = await import('./eval-format.ts');
  const cases = readEvalFile(file).filter((c) => split === undefined || c.split === split);
  if (!cases.length) throw new UsageError(`${file} has no questions${split ? ` in the ${split} split` : ''}`);
  const { kb, index } = await loadIndexed(knowledge, DEFAULT_CACHE_DIR);
  const engine = createEngine(kb, { index });
  const known = (id: string) => kb.byId.has(id);
  // `npm run train` counted the train split's questions into the associations and the gate's
  // topic priors: score each one with its own counts left out, as the test split's are scored.
  const { questionDoc } = await import('./engine/assoc.ts');
  const report = scoreEval(
    cases,
    (q, c) => {
      if (c.split !== 'train') return engine.explain(q);
      const ids = resolveExpect(c.expect, known).ids;
      return engine.explain(q, {}, { assocExclude: questionDoc(q, ids), priorExclude: { ids, weight: 1 } });
    },
    known,
  );
  const failed: string[] = (['top1', 'top3', 'declined'] as const).filter((k) => report[k] < floors[k]);
  if (report.confidentWrong > ceiling) failed.push('confidentWrong');
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...report, split: split ?? null, floors: { ...floors, confidentWrong: ceiling }, failed })}\n`);
  } else {
    process.stdout.write(`${formatReport(report, { split, floors, ceiling, failed, misses: !values['no-misses'] })}\n`);
  }
  return failed.length ? 1 : 0;
}

async function kb(args: string[], knowledge: KnowledgeLayer[]): Promise<number> {
  const [sub, ...rest] = args;
  const { checkKnowledge, loadKnowledge } = await import('./knowledge/load.ts');
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' }, stale: { type: 'string' } } });
  if (sub === 'check') {
    const { checkFlagTable } = await import('./explain/check.ts');
    const { describeLayers } = await import('./knowledge/describe.ts');
    const checked = checkKnowledge(knowledge);
    const { topics } = checked;
    // The explainer's flag table ships with the bundled notes and links flags to them: renaming or
    // removing one of those notes must fail here too. A team's own folder is not held to it.
    const bundled = knowledge.some((l) => l.bundled);
    const problems = [...checked.problems, ...(bundled ? checkFlagTable((id) => topics.some((t) => t.id === id)) : [])];
    for (const p of problems) process.stderr.write(`${p.file}: ${p.field}: ${p.message}\n`);
    // An override is what a team folder is for: said, never counted as a problem.
    for (const o of checked.overrides) process.stdout.write(`info: ${o.file}: overrides "${o.id}" from ${o.replaced}\n`);
    if (knowledge.length > 1) for (const line of describeLayers(checked.layers)) process.stdout.write(`${line}\n`);
    process.stdout.write(problems.length ? `${problems.length} problem(s) in ${knowledge.map((l) => l.name).join(', ')}\n` : `${topics.length} topics OK\n`);
    return problems.length ? 1 : 0;
  }
  if (sub === 'list') {
    const stale = values.stale === undefined ? null : parseVersion(values.stale);
    if (values.stale !== undefined && !stale) throw new UsageError(`--stale needs an engine version such as 29.7, not "${values.stale}"`);
    const topics = loadKnowledge(knowledge).topics.filter((t) => !stale || isOlder(checkedEngine(t.checked), stale));
    if (values.json) {
      const list = topics.map((t) => ({ id: t.id, group: t.group, file: t.file, title: t.title, langs: ['en', 'zh'], tip: t.tip !== null, checked: t.checked, errors: t.errors.length }));
      process.stdout.write(`${JSON.stringify(list)}\n`);
    } else {
      for (const t of topics) process.stdout.write(stale ? `${t.id.padEnd(34)} ${t.checked ?? 'never checked'}\n` : `${t.id.padEnd(30)} ${t.title.en} / ${t.title.zh}\n`);
    }
    return 0;
  }
  throw new UsageError('kb needs "check" or "list"');
}

/** "29.7.1" → [29, 7, 1]; null when it is not a version. */
function parseVersion(text: string): number[] | null {
  return /^\d+(\.\d+)*$/.test(text.trim()) ? text.trim().split('.').map(Number) : null;
}

/** The engine version of a note's `checked:` line ("engine 29.7, compose 5.5" → [29, 7]). */
function checkedEngine(checked: string | null): number[] | null {
  const m = checked?.match(/^engine (\d+(?:\.\d+)*)/);
  return m ? parseVersion(m[1]!) : null;
}

/** Whether version a is older than b; a note never checked is older than anything. */
function isOlder(a: number[] | null, b: number[]): boolean {
  if (!a) return true;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/**
 * Takes every `--knowledge DIR` / `--knowledge=DIR` out of argv (each may list several folders,
 * comma-separated), before the command's own options are parsed. `folders` is null without any.
 */
export function knowledgeFlags(argv: string[]): { folders: string[] | null; args: string[] } {
  const folders: string[] = [];
  const args: string[] = [];
  let seen = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = a === '--knowledge' ? argv[++i] : a.startsWith('--knowledge=') ? a.slice('--knowledge='.length) : null;
    if (value === null) {
      args.push(a);
      continue;
    }
    if (value === undefined || !value.trim()) throw new UsageError('--knowledge needs a folder');
    seen = true;
    folders.push(...value.split(',').map((f) => f.trim()).filter(Boolean));
  }
  return { folders: seen ? folders : null, args };
}

/** Runs one CLI invocation; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  // One knowledge setting for every command: --knowledge, else DOCKHAND_KNOWLEDGE_DIRS, else
  // DOCKHAND_KNOWLEDGE_DIR, else the bundled notes.
  const { folders, args } = knowledgeFlags(argv);
  const [command, ...rest] = args;
  // start, check and tips read .env (src/app.ts does it again, to say so); it may name the folders too.
  if (command === 'start' || command === 'check' || command === 'tips') loadDotEnv();
  const knowledge = resolveLayers(folders ?? knowledgeSetting(process.env), { cwd: process.cwd(), bundledDir: DEFAULT_KNOWLEDGE_DIR });
  switch (command) {
    case 'ask':
      return ask(rest, knowledge);
    case 'eval':
      return evaluate(rest, knowledge);
    case 'kb':
      return kb(rest, knowledge);
    case 'lint': {
      const { lintCommand } = await import('./lint/cli.ts');
      return lintCommand(rest);
    }
    case 'explain': {
      const { explainCli } = await import('./explain/cli.ts');
      return explainCli(rest, knowledge);
    }
    case 'report': {
      const { reportCli } = await import('./learn/cli.ts');
      const databaseUrl = databaseUrlSetting(process.env);
      return reportCli(rest, { dbPath: dbSetting(process.env), ...(databaseUrl ? { databaseUrl } : {}), knowledge, out: process.stdout, err: process.stderr });
    }
    case 'store': {
      const { storeCli } = await import('./store/cli.ts');
      return storeCli(rest, { dbPath: dbSetting(process.env), databaseUrl: databaseUrlSetting(process.env), out: process.stdout, err: process.stderr });
    }
    case 'start':
    case 'check':
    case 'tips': {
      const { runCommand } = await import('./app.ts');
      return runCommand(command, rest, knowledge);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** The process entry point used by bin/dockhand.js: runs `main` and maps errors to exit codes. */
export function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  // `dockhand ask --json | head -1` closes our stdout early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const code = (error as { code?: string }).code ?? '';
      // Known failures print their own message (a StoreError names the file and the fix); only bugs get a stack.
      if (error instanceof KnowledgeError || code === 'CONFIG_INVALID' || code === 'EVAL_FILE' || code.startsWith('STORE_')) {
        process.stderr.write(`${(error as Error).message}\n`);
        process.exitCode = 1;
      } else if (code === 'USAGE' || code.startsWith('ERR_PARSE_ARGS')) {
        process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`dockhand: ${(error as Error).stack ?? String(error)}\n`);
        process.exitCode = 1;
      }
    },
  );
}
