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

  it('exposes only the Slack HTTP port and keeps the store on a volume', () => {
    expect(named(runtime, 'EXPOSE').flatMap(args)).toEqual(['3000']);
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

  it('has a .dockerignore that keeps secrets, state and node_modules out of the context', () => {
    const ignore = readFileSync(new URL('../.dockerignore', import.meta.url), 'utf8').split('\n');
    for (const entry of ['node_modules', '.env', 'data', '.git']) expect(ignore).toContain(entry);
  });
});
