/**
 * Recognising Docker commands and Dockerfile lines inside a question, so that
 * `docker container ls --all` finds the same note as `docker ps -a`.
 */

/** `docker <group> <verb>` management forms and their classic short forms. */
const MANAGEMENT: Record<string, Record<string, string>> = {
  container: { ls: 'ps', list: 'ps', ps: 'ps', rm: 'rm', remove: 'rm', prune: 'container prune' },
  image: { ls: 'images', list: 'images', rm: 'rmi', remove: 'rmi', prune: 'image prune', build: 'build' },
  builder: { build: 'build', prune: 'builder prune' },
  buildx: { build: 'build' },
  compose: {},
  network: {},
  volume: {},
  system: {},
};

/** Long flags and their short forms (`--tag` is `-t` only for `docker build`; see canonicalFlags). */
const LONG_FLAGS: Record<string, string> = {
  '--detach': '-d',
  '--interactive': '-i',
  '--tty': '-t',
  '--publish': '-p',
  '--publish-all': '-P',
  '--volume': '-v',
  '--env': '-e',
  '--memory': '-m',
  '--all': '-a',
  '--quiet': '-q',
  '--latest': '-l',
  '--force': '-f',
  '--net': '--network',
  '--file': '-f',
  '--tag': '-t',
  '--follow': '-f',
};

/** Dockerfile instructions, upper case as written. */
export const INSTRUCTIONS = new Set([
  'FROM', 'RUN', 'CMD', 'ENTRYPOINT', 'COPY', 'ADD', 'ENV', 'ARG', 'WORKDIR', 'USER', 'EXPOSE', 'VOLUME',
  'LABEL', 'MAINTAINER', 'ONBUILD', 'HEALTHCHECK', 'SHELL', 'STOPSIGNAL',
]);

const SEPARATORS = new Set(['&&', '||', ';', '|', '\\']);
const MAX_COMMANDS = 8;

/** A docker command found in text, in canonical form. */
export interface CommandHit {
  /** `docker ps`, `docker compose up`, `docker run`. */
  command: string;
  /** Canonical short flags, `-P` kept distinct from `-p`; combined `-it` split into `-i`, `-t`. */
  flags: string[];
}

/** Finds `docker …` / `docker-compose …` commands in lower-cased or original text. */
export function findCommands(text: string): CommandHit[] {
  const hits: CommandHit[] = [];
  for (const line of text.split('\n')) {
    const tokens = line.trim().split(/\s+/);
    for (let i = 0; i < tokens.length && hits.length < MAX_COMMANDS; i++) {
      const t = tokens[i]!.toLowerCase().replace(/^[$>#]+/, '');
      if (t !== 'docker' && t !== 'docker-compose') continue;
      const hit = parseCommand(t === 'docker-compose' ? ['compose', ...tokens.slice(i + 1)] : tokens.slice(i + 1));
      if (hit) hits.push(hit);
    }
  }
  return hits;
}

function parseCommand(rest: string[]): CommandHit | null {
  const words: string[] = [];
  let j = 0;
  for (; j < rest.length && words.length < 2; j++) {
    const w = rest[j]!.toLowerCase().replace(/[,.?!:;，。？！：；]+$/, '');
    if (!/^[a-z][a-z-]*$/.test(w)) break;
    words.push(w);
    const group = MANAGEMENT[words[0]!];
    if (words.length === 1 && !group) {
      j++;
      break;
    }
  }
  if (words.length === 0) return null;
  const [first, second] = words as [string, string | undefined];
  const group = MANAGEMENT[first];
  const command = group && second ? (group[second] ?? `${first} ${second}`) : first;
  const flags: string[] = [];
  for (; j < rest.length; j++) {
    const raw = rest[j]!;
    if (SEPARATORS.has(raw)) break;
    flags.push(...canonicalFlags(raw, command));
  }
  return { command: `docker ${command}`, flags: [...new Set(flags)] };
}

/** `--detach` → `-d`, `-it` → `-i -t -it`, `--restart=always` → `--restart`. */
export function canonicalFlags(raw: string, command: string): string[] {
  const flag = raw.replace(/=.*$/, '');
  if (/^--[a-z][a-z-]*$/i.test(flag)) {
    const lower = flag.toLowerCase();
    if (lower === '--tag' && command !== 'docker build') return [lower];
    return [LONG_FLAGS[lower] ?? lower];
  }
  if (/^-[a-zA-Z]+$/.test(flag)) {
    const letters = flag.slice(1);
    if (letters.length === 1) return [flag];
    return [flag.toLowerCase(), ...[...letters].map((c) => `-${c}`)];
  }
  return [];
}

/**
 * Dockerfile instructions a question names: those that start lines of a pasted Dockerfile, and
 * those written in capitals inside a sentence ("should these be COPY instead?"). In order of
 * appearance, each once.
 */
export function findInstructions(text: string): string[] {
  const found: string[] = [];
  for (const word of text.slice(0, 4000).split(/[^A-Za-z]+/)) {
    if (INSTRUCTIONS.has(word) && !found.includes(word)) found.push(word);
  }
  return found;
}

/** Whether a line looks like code (a Dockerfile instruction, a shell command) rather than prose. */
export function isCodeLine(line: string): boolean {
  const trimmed = line.trimStart();
  const word = trimmed.split(/[\s[]/, 1)[0] ?? '';
  if (INSTRUCTIONS.has(word)) return true;
  return /^(\$ |# |sudo |docker |docker-compose |apt-get |apk |npm |pip |curl |cd |ls |echo )/.test(trimmed) || /^[{}[\]]/.test(trimmed);
}
