import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

/** The Docker image runs the compiled JavaScript without tsx: prove that build works. */
describe('the compiled build', () => {
  // Compiling takes about 10 s alone and more under the full suite's load.
  it('compiles with tsconfig.build.json and answers from dist/ with plain node', { timeout: 60_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), 'dockhand-build-'));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(out, 'dist')], {
      encoding: 'utf8',
    });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    // The image lays out dist/, knowledge/ and node_modules/ side by side.
    symlinkSync(join(ROOT, 'knowledge'), join(out, 'knowledge'));
    symlinkSync(join(ROOT, 'node_modules'), join(out, 'node_modules'));
    symlinkSync(join(ROOT, 'package.json'), join(out, 'package.json'));
    const ask = spawnSync(process.execPath, [join(out, 'dist/src/main.js'), 'ask', '--json', 'docker container ls --all'], { encoding: 'utf8', cwd: out });
    expect(ask.status, ask.stderr).toBe(0);
    expect(JSON.parse(ask.stdout)).toMatchObject({ id: 'docker-ps', lang: 'en' });
    const check = spawnSync(process.execPath, [join(out, 'dist/src/main.js'), 'check'], { encoding: 'utf8', cwd: out, env: { PATH: process.env.PATH ?? '' } });
    expect(check.status, check.stderr).toBe(0);
    const topics = (JSON.parse(spawnSync(process.execPath, [join(out, 'dist/src/main.js'), 'kb', 'list', '--json'], { encoding: 'utf8', cwd: out }).stdout) as unknown[]).length;
    expect(topics).toBeGreaterThanOrEqual(193);
    expect(check.stdout).toContain(`knowledge: ${topics} topics ok`);
  });
});
