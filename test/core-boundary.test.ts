import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const SRC = join(ROOT, 'src');
/** Packages that talk to a chat platform. The core must work without any of them. */
const SDKS = ['@slack/', 'discord.js', '@discordjs/', 'ws'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('the core stays platform-free', () => {
  const files = sourceFiles(SRC);

  it('no file under src/ names a platform SDK in an import', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)) {
        const spec = match[1]!;
        if (SDKS.some((sdk) => spec === sdk || spec.startsWith(sdk))) offenders.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('importing every file under src/ loads no platform SDK', () => {
    const script = `
      import { createRequire } from 'node:module';
      const files = JSON.parse(process.argv[1]);
      for (const f of files) await import(f);
      const cache = Object.keys(createRequire(import.meta.url).cache);
      const loaded = cache.filter((p) => /node_modules[\\\\/](@slack|discord\\.js|@discordjs|ws)[\\\\/]/.test(p));
      console.log(JSON.stringify({ count: files.length, loaded }));
    `;
    const entry = files;
    const run = spawnSync(process.execPath, ['--import', 'tsx/esm', '--input-type=module', '-e', script, JSON.stringify(entry)], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as { count: number; loaded: string[] };
    expect(result.count).toBe(entry.length);
    expect(result.loaded).toEqual([]);
  });
});
