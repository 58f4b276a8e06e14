import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const asRoot = process.getuid?.() === 0;
let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('a store folder owned by another user', () => {
  // Only root can start a process as uid 1000; CI and the image test run as root.
  it.runIf(asRoot)('names the folder, its owner, the uid dockhand runs as and the chown that fixes it', () => {
    dir = mkdtempSync(join(tmpdir(), 'dockhand-owner-'));
    chmodSync(dir, 0o755);
    const run = spawnSync(process.execPath, ['--import', 'tsx/esm', 'test/tips/open-worker.ts', join(dir, 'dockhand.sqlite')], {
      cwd: ROOT,
      uid: 1000,
      gid: 1000,
      env: { PATH: process.env.PATH ?? '', HOME: dir, TSX_DISABLE_CACHE: '1' },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { name: string; code: string; message: string };
    expect(result.name).toBe('StoreError');
    expect(result.code).toBe('STORE_READONLY');
    expect(result.message).toContain(`the folder ${dir} is owned by uid 0, and dockhand runs as uid 1000`);
    expect(result.message).toContain(`chown -R 1000:1000 ${dir}`);
  });
});
