/**
 * Issue 18, point 8: hostile things in the knowledge folder, made for real (a named pipe with
 * mkfifo, symlinks, a folder, a file without read permission, bytes that are not UTF-8).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKnowledge } from '../../src/knowledge/load.ts';
import { note, writeKnowledge } from '../support/kb.ts';

const BIN = new URL('../../bin/dockhand.js', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;
const isRoot = process.getuid?.() === 0;

/** A valid base of two notes plus whatever `add` puts into `cli/`. */
function knowledgeWith(add: (cli: string) => void): string {
  const dir = writeKnowledge({ 'cli/alpha.md': note('alpha'), 'cli/beta.md': note('beta') });
  add(join(dir, 'cli'));
  return dir;
}

/** `dockhand kb check` as a child process (as `uid` when given), bounded so a hang fails the test. */
function kbCheck(dir: string, uid?: number) {
  return spawnSync(process.execPath, [BIN, 'kb', 'check', '--knowledge', dir], {
    encoding: 'utf8',
    timeout: 15_000,
    cwd: ROOT,
    ...(uid === undefined ? {} : { uid, gid: uid, env: { PATH: process.env.PATH ?? '', HOME: '/tmp' } }),
  });
}

const problemsOf = (dir: string) => checkKnowledge(dir).problems.map((p) => `${p.file}: ${p.field}: ${p.message}`);

describe('hostile knowledge files', () => {
  it('reports a named pipe instead of hanging on it', () => {
    const dir = knowledgeWith((cli) => execFileSync('mkfifo', [join(cli, 'pipe.md')]));
    const run = kbCheck(dir);
    // Before: readFileSync blocked on the pipe until the 15 s timeout killed it (status null).
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cli/pipe.md: file: is a named pipe; only regular files are read');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a symlink loop, a dangling link and a folder named x.md, and still loads the rest', () => {
    const dir = knowledgeWith((cli) => {
      symlinkSync('loop-b.md', join(cli, 'loop-a.md'));
      symlinkSync('loop-a.md', join(cli, 'loop-b.md'));
      symlinkSync('missing.md', join(cli, 'dangling.md'));
      mkdirSync(join(cli, 'folder.md'));
    });
    const { topics } = checkKnowledge(dir);
    expect(topics.map((t) => t.id)).toEqual(['alpha', 'beta']);
    expect(problemsOf(dir)).toEqual([
      'cli/dangling.md: file: is a dangling symbolic link (its target does not exist)',
      'cli/folder.md: file: is a folder; only regular files are read',
      'cli/loop-a.md: file: is a symbolic link loop',
      'cli/loop-b.md: file: is a symbolic link loop',
    ]);
    const run = kbCheck(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects invalid UTF-8 with the path and the offset of the first bad byte', () => {
    const dir = knowledgeWith((cli) => {
      const text = Buffer.from(note('gamma'), 'utf8');
      const at = text.indexOf('Some explanation');
      writeFileSync(join(cli, 'gamma.md'), Buffer.concat([text.subarray(0, at), Buffer.from([0xff, 0xfe]), text.subarray(at)]));
    });
    const bad = Buffer.from(note('gamma'), 'utf8').indexOf('Some explanation');
    // Before: it loaded, and users saw U+FFFD in the answer.
    expect(problemsOf(dir)).toEqual([`cli/gamma.md: file: is not valid UTF-8 (first bad byte at offset ${bad}); save it as UTF-8`]);
  });

  it('prints a file name with terminal escape codes escaped', () => {
    const dir = knowledgeWith((cli) => writeFileSync(join(cli, 'red\x1b[31m\x9b2J.md'), note('red')));
    const run = kbCheck(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cli/red\\x1b[31m\\x9b2J.md: id:');
    expect(run.stderr).not.toContain('\x1b');
    expect(run.stderr).not.toContain('\x9b');
  });

  it('refuses a note larger than any real one without reading all of it', () => {
    const dir = knowledgeWith((cli) => writeFileSync(join(cli, 'huge.md'), note('huge') + 'x'.repeat(300 * 1024)));
    expect(problemsOf(dir)).toEqual([expect.stringMatching(/^cli\/huge\.md: file: is \d+ bytes, more than the 262144 a note may have$/)]);
  });

  // Root reads any file whatever its mode, so the check runs as "nobody" (uid 65534).
  it.runIf(isRoot)('reports a file it may not read instead of a stack trace', () => {
    const dir = knowledgeWith((cli) => {
      writeFileSync(join(cli, 'secret.md'), note('secret'));
      chmodSync(join(cli, 'secret.md'), 0o000);
    });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'cli'), 0o755);
    for (const name of ['alpha.md', 'beta.md']) chmodSync(join(dir, 'cli', name), 0o644);
    const run = kbCheck(dir, 65534);
    expect(run.stderr).toContain('cli/secret.md: file: cannot be read (permission denied)');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.status).toBe(1);
  });
});
