import { readFileSync } from 'node:fs';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';

const text = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const stages = dockerfile.getFROMs();
const runtimeStart = stages[stages.length - 1]!.getRange().start.line;
const runtime = dockerfile.getInstructions().filter((i) => i.getRange().start.line >= runtimeStart);
const named = (list: Instruction[], keyword: string) => list.filter((i) => i.getKeyword() === keyword);
const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());

/** The image must be the example its own notes would give; these properties cannot regress unnoticed. */
describe('Dockerfile', () => {
  it('is multi-stage and installs only production dependencies in what ships', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runs = named(dockerfile.getInstructions(), 'RUN').map((r) => args(r).join(' '));
    expect(runs.some((r) => r.includes('npm ci --omit=dev'))).toBe(true);
    expect(named(runtime, 'RUN').every((r) => !args(r).join(' ').includes('npm ci --no-audit'))).toBe(true);
    expect(named(runtime, 'COPY').some((c) => c.getTextContent().includes('--from='))).toBe(true);
  });

  it('uses a slim Node LTS base pinned by an exact tag', () => {
    const arg = named(dockerfile.getInstructions(), 'ARG').map((a) => args(a).join(' ')).find((a) => a.startsWith('NODE_IMAGE='));
    expect(arg).toMatch(/^NODE_IMAGE=node:(20|22|24)\.\d+\.\d+-[a-z]+-slim$/);
    for (const from of stages) expect(from.getImageName() === '${NODE_IMAGE}' || from.getImage() === 'deps').toBe(true);
  });

  it('runs as the node user, not root', () => {
    const users = named(runtime, 'USER');
    expect(users.map((u) => args(u).join(' '))).toEqual(['node']);
  });

  it('starts node in exec form so SIGTERM reaches it', () => {
    for (const keyword of ['ENTRYPOINT', 'CMD']) {
      const [instruction] = named(runtime, keyword);
      expect(instruction, keyword).toBeDefined();
      expect(instruction!.getRawArgumentsContent()?.trim().startsWith('['), keyword).toBe(true);
    }
    expect(args(named(runtime, 'ENTRYPOINT')[0]!).join(' ')).toContain('dist/src/main.js');
  });

  it('checks its own health endpoint', () => {
    const [health] = named(runtime, 'HEALTHCHECK');
    expect(health).toBeDefined();
    expect(args(health!).join(' ')).toContain('healthcheck.js');
  });

  it('exposes the Slack HTTP port and the health/metrics port, and keeps the store on a volume', () => {
    expect(named(runtime, 'EXPOSE').flatMap(args)).toEqual(['3000', '8080']);
    expect(named(runtime, 'VOLUME').flatMap(args).join(' ')).toContain('/app/data');
    expect(text).toMatch(/DOCKHAND_DB=\/app\/data\//);
  });

  it('copies manifests before sources so code changes reuse the dependency layer', () => {
    const lines = text.split('\n');
    const manifests = lines.findIndex((l) => l.startsWith('COPY package.json package-lock.json'));
    const npmCi = lines.findIndex((l) => l.includes('npm ci'));
    const sources = lines.findIndex((l) => l.startsWith('COPY src'));
    expect(manifests).toBeGreaterThan(-1);
    expect(manifests).toBeLessThan(npmCi);
    expect(npmCi).toBeLessThan(sources);
  });

  it('has a .dockerignore that keeps secrets, state and node_modules out of the context, at any depth', () => {
    const ignore = readFileSync(new URL('../.dockerignore', import.meta.url), 'utf8').split('\n');
    for (const entry of ['node_modules', 'data', '.git']) expect(ignore).toContain(entry);
    // A bare name matches only at the top of the context; **/ matches at any depth (and at the top).
    for (const entry of ['node_modules', '.env', '.env.*', '*.sqlite', '*.sqlite-*']) expect(ignore).toContain(`**/${entry}`);
  });

  it('has no # syntax line, which would make BuildKit fetch a frontend from Docker Hub', () => {
    expect(text).not.toMatch(/^#\s*syntax\s*=/im);
  });

  it('compiles the native addon once: the build stage installs with --ignore-scripts', () => {
    const installs = named(dockerfile.getInstructions(), 'RUN').map((r) => args(r).join(' ')).filter((r) => r.includes('npm ci'));
    expect(installs).toHaveLength(2);
    expect(installs.filter((r) => !r.includes('--ignore-scripts'))).toHaveLength(1);
  });

  it("ships only better-sqlite3's compiled addon, not its SQLite sources or build leftovers", () => {
    const deps = named(dockerfile.getInstructions(), 'RUN').map((r) => args(r).join(' ')).find((r) => r.includes('npm ci --omit=dev'));
    expect(deps).toContain('rm -rf build deps src');
    expect(deps).toContain('better_sqlite3.node');
  });

  it('carries OCI labels', () => {
    const labels = named(runtime, 'LABEL').map((l) => l.getTextContent()).join(' ');
    for (const key of ['title', 'description', 'licenses', 'base.name']) expect(labels).toContain(`org.opencontainers.image.${key}=`);
  });

  it('reads healthy within 10 s of start, without --start-interval (Engine 25+ only)', () => {
    const [health] = named(runtime, 'HEALTHCHECK');
    const flags = Object.fromEntries(Array.from(health!.getTextContent().matchAll(/--([a-z-]+)=(\S+)/g), (m) => [m[1], m[2]]));
    expect(flags['start-interval']).toBeUndefined();
    expect(Number.parseInt(flags.interval ?? '30s', 10)).toBeLessThanOrEqual(10);
  });
});
