/**
 * Extracts the flags of the subcommands `dockhand explain` knows from the docker/cli, docker/compose
 * and docker/buildx sources (pflag definitions: long name, short name, takes a value, usage, hidden,
 * deprecated) into test/explain/source-flags.json, which test/explain/flags.test.ts checks the flag
 * table against. Run: node bin/run-ts.js scripts/extract-docker-flags.ts MIRROR_DIR
 * (MIRROR_DIR holds docker+cli/repo, docker+compose/repo and docker+buildx/repo git directories).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const mirror = process.argv[2] ?? '/work/.mirror';
const SOURCES = {
  cli: { repo: 'docker+cli/repo', ref: 'v29.7.2' },
  compose: { repo: 'docker+compose/repo', ref: 'v5.5.0' },
  buildx: { repo: 'docker+buildx/repo', ref: 'v0.36.1' },
} as const;

/** Which files define each command's flags (in order; a later file adds to the earlier). */
const COMMANDS: Record<string, [keyof typeof SOURCES, string][]> = {
  global: [['cli', 'cli/flags/options.go']],
  run: [['cli', 'cli/command/container/run.go'], ['cli', 'cli/command/container/opts.go']],
  create: [['cli', 'cli/command/container/create.go'], ['cli', 'cli/command/container/opts.go']],
  exec: [['cli', 'cli/command/container/exec.go']],
  cp: [['cli', 'cli/command/container/cp.go']],
  logs: [['cli', 'cli/command/container/logs.go']],
  push: [['cli', 'cli/command/image/push.go']],
  pull: [['cli', 'cli/command/image/pull.go']],
  tag: [['cli', 'cli/command/image/tag.go']],
  'image prune': [['cli', 'cli/command/image/prune.go']],
  'system prune': [['cli', 'cli/command/system/prune.go']],
  'network create': [['cli', 'cli/command/network/create.go']],
  'volume create': [['cli', 'cli/command/volume/create.go']],
  'build (legacy)': [['cli', 'cli/command/image/build.go']],
  'buildx build': [['buildx', 'commands/root.go'], ['buildx', 'commands/build.go']],
  compose: [['compose', 'cmd/compose/compose.go']],
  'compose up': [['compose', 'cmd/compose/up.go']],
  'compose run': [['compose', 'cmd/compose/run.go']],
  'compose exec': [['compose', 'cmd/compose/exec.go']],
  'compose down': [['compose', 'cmd/compose/down.go']],
  'compose logs': [['compose', 'cmd/compose/logs.go']],
  'compose build': [['compose', 'cmd/compose/build.go']],
};

export interface SourceFlag {
  short: string | null;
  value: boolean;
  usage: string;
  hidden?: boolean;
  deprecated?: boolean;
  from: string;
}

/** The arguments of a Go call starting at `open` (the index after "("), split at top-level commas. */
function callArgs(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== ch) j += ch === '"' && text[j] === '\\' ? 2 : 1;
      current += text.slice(i, j + 1);
      i = j;
      continue;
    }
    if (ch === '(' || ch === '{' || ch === '[') depth++;
    if (ch === ')' || ch === '}' || ch === ']') {
      if (depth === 0) {
        args.push(current.trim());
        return args;
      }
      depth--;
    }
    if (ch === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
    } else current += ch;
  }
  return args;
}

const str = (arg: string | undefined): string | null => {
  const m = /^"((?:[^"\\]|\\.)*)"$|^`([^`]*)`$/.exec(arg ?? '');
  return m ? (m[1] ?? m[2]!).replace(/\\n/g, '\n') : null;
};

function flagsOf(text: string, from: string, into: Record<string, SourceFlag>): void {
  const def = /\b(?:flags|f|\w+\.(?:Persistent)?Flags\(\))\.([A-Z][A-Za-z0-9]*)\(/g;
  for (let m = def.exec(text); m; m = def.exec(text)) {
    const fn = m[1]!;
    const args = callArgs(text, m.index + m[0].length);
    if (fn === 'MarkHidden' || fn === 'MarkDeprecated') {
      const name = str(args[0]);
      const flag = name ? into[name] : undefined;
      if (flag) flag[fn === 'MarkHidden' ? 'hidden' : 'deprecated'] = true;
      continue;
    }
    if (!/^(?:Bool|String|Int|Int64|Uint16|Uint64|Uint|Float64|Duration|IP|IPNet|Count)?(?:Slice|Array|Map|SliceVar|ArrayVar)?(?:Var)?P?F?$/.test(fn) || /^(Changed|Lookup|Set|Get)/.test(fn)) continue;
    const pointer = fn.includes('Var');
    const name = args[pointer ? 1 : 0] === 'FlagTLSVerify' ? 'tlsverify' : str(args[pointer ? 1 : 0]);
    if (!name) continue;
    const short = /PF?$/.test(fn) ? str(args[pointer ? 2 : 1]) || null : null;
    // A flag with NoOptDefVal ("--check") never takes the next word as its value.
    const optional = text.includes(`Lookup("${name}").NoOptDefVal`);
    into[name] = { short, value: !optional && !/^Bool/.test(fn) && !/^Count/.test(fn), usage: str(args[args.length - 1]) ?? args[args.length - 1]!, from };
  }
}

const out: Record<string, Record<string, SourceFlag>> = {};
for (const [command, files] of Object.entries(COMMANDS)) {
  out[command] = {};
  for (const [source, path] of files) {
    const { repo, ref } = SOURCES[source];
    const text = execFileSync('git', ['-C', join(mirror, repo), 'show', `${ref}:${path}`], { encoding: 'utf8', maxBuffer: 1 << 26 });
    flagsOf(text, `${source} ${ref} ${path}`, out[command]!);
  }
}
const file = new URL('../test/explain/source-flags.json', import.meta.url);
writeFileSync(file, `${JSON.stringify({ sources: SOURCES, commands: out }, null, 1)}\n`);
console.log(Object.entries(out).map(([c, f]) => `${c}: ${Object.keys(f).length}`).join('\n'));
