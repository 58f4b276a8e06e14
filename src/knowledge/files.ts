/**
 * Finding and reading the knowledge files defensively. The folder is data that anyone can put
 * things in: a named pipe (opening it blocks forever), a symlink loop, a dangling link, a folder
 * called `x.md`, an unreadable or huge file, bytes that are not UTF-8, a name with terminal escape
 * codes. Each becomes a problem with its path, never a hang, a stack trace or `���` shown to users.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { KnowledgeProblem } from './errors.ts';

/** The largest note accepted: the biggest real one is about 10 kB, so this only stops accidents. */
export const MAX_NOTE_BYTES = 256 * 1024;

/**
 * A name safe to print in a terminal: control characters (C0, DEL, C1, which include ESC and
 * CSI) and bidirectional overrides are shown as `\xNN` / `\u{NNNN}` escapes.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.codePointAt(0)!;
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** What a non-regular file is, for the message. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Why a path cannot be used, from a stat or open error. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'is a symbolic link loop';
  if (code === 'ENOENT') return 'is a dangling symbolic link (its target does not exist)';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  return `cannot be read (${code ?? (error as Error).message})`;
}

/**
 * Lists `<group>/<id>.md` files under `dir`, sorted. Anything named `*.md` that is not a regular
 * file (or a link to one) is reported in `problems` and left out.
 */
export function listTopicFiles(dir: string, problems: KnowledgeProblem[] = []): string[] {
  const files: string[] = [];
  const report = (path: string, message: string) => problems.push({ file: printable(relative(dir, path).split(sep).join('/')), field: 'file', message });
  for (const group of readdirSync(dir).sort()) {
    const groupDir = join(dir, group);
    let stats: Stats;
    try {
      stats = statSync(groupDir);
    } catch (error) {
      report(groupDir, reason(error));
      continue;
    }
    if (!stats.isDirectory()) continue;
    let names: string[];
    try {
      names = readdirSync(groupDir).sort();
    } catch (error) {
      report(groupDir, reason(error));
      continue;
    }
    for (const name of names) {
      if (!name.endsWith('.md')) continue;
      const path = join(groupDir, name);
      try {
        const target = statSync(path);
        if (target.isFile()) files.push(path);
        else report(path, `is ${kindOf(target)}; only regular files are read`);
      } catch (error) {
        report(path, reason(error));
      }
    }
  }
  return files;
}

/** Offset of the first byte that is not part of valid UTF-8 (valid sequences survive a round trip). */
function firstInvalidByte(bytes: Buffer): number {
  const again = Buffer.from(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), 'utf8');
  let i = 0;
  while (i < bytes.length && bytes[i] === again[i]) i++;
  return i;
}

/**
 * Reads one note as UTF-8 text, or returns the problem. Opened non-blocking, so a file swapped
 * for a named pipe after the listing cannot block; re-checked on the open descriptor; the read
 * is bounded by MAX_NOTE_BYTES.
 */
export function readNote(path: string): { text: string } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { problem: reason(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { problem: `is ${kindOf(stats)}; only regular files are read` };
    if (stats.size > MAX_NOTE_BYTES) return { problem: `is ${stats.size} bytes, more than the ${MAX_NOTE_BYTES} a note may have` };
    const buffer = Buffer.alloc(MAX_NOTE_BYTES + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_NOTE_BYTES) return { problem: `grew past the ${MAX_NOTE_BYTES} bytes a note may have while being read` };
    const bytes = buffer.subarray(0, length);
    try {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
    } catch {
      return { problem: `is not valid UTF-8 (first bad byte at offset ${firstInvalidByte(bytes)}); save it as UTF-8` };
    }
  } catch (error) {
    return { problem: reason(error) };
  } finally {
    closeSync(fd);
  }
}
