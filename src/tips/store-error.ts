/**
 * What can go wrong with the tips store, named for the person who has to fix it. SQLite's own
 * errors ("unable to open database file", "database disk image is malformed") say neither which
 * file nor what to do; a StoreError says both and keeps the original as `cause`.
 */
import { accessSync, constants, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * - `STORE_BUSY`: another process holds the write lock longer than the busy timeout.
 * - `STORE_FULL`: the disk (or the volume) is full.
 * - `STORE_READONLY`: the file or its folder cannot be written (read-only mount, permissions).
 * - `STORE_CORRUPT`: the file is not a database or its pages are damaged.
 * - `STORE_NEWER`: written by a newer dockhand (schema version ahead of this code).
 * - `STORE_GONE`: the file that was open was removed or replaced while running (unmounted volume).
 * - `STORE_IO`: any other failure to read or write it.
 * - `STORE_UNREACHABLE`: a database server (Postgres) cannot be reached, or the database does not exist.
 * - `STORE_AUTH`: the database server refused the credentials.
 */
export type StoreErrorCode =
  | 'STORE_BUSY'
  | 'STORE_FULL'
  | 'STORE_READONLY'
  | 'STORE_CORRUPT'
  | 'STORE_NEWER'
  | 'STORE_GONE'
  | 'STORE_IO'
  | 'STORE_UNREACHABLE'
  | 'STORE_AUTH';

/** Problem and fix for each code; `%s` is the path. */
const TEXT: Record<StoreErrorCode, { problem: string; fix: string }> = {
  STORE_BUSY: { problem: 'another process holds its write lock', fix: 'it is retried; if it persists, find the process holding the file open (fuser %s)' },
  STORE_FULL: { problem: 'the disk is full', fix: 'free space on the volume that holds it (df -h)' },
  STORE_READONLY: {
    problem: 'it cannot be written (read-only file, folder or mount)',
    fix: 'make the file and its folder writable by the user dockhand runs as, or point DOCKHAND_DB at a writable path',
  },
  STORE_CORRUPT: {
    problem: 'the file is damaged or is not a dockhand database',
    fix: 'restore it from a backup, or move it aside to start with an empty store (subscriptions are lost)',
  },
  STORE_NEWER: { problem: 'it was written by a newer dockhand', fix: 'upgrade dockhand (or restore a backup made by this version)' },
  STORE_GONE: {
    problem: 'the file was removed or replaced while dockhand was running (was the volume unmounted?)',
    fix: 'put the file back (or remount the volume) and restart dockhand; nothing is written until then',
  },
  STORE_IO: { problem: 'it cannot be read or written', fix: 'check the disk and the file system that hold it' },
  STORE_UNREACHABLE: {
    problem: 'the database server cannot be reached (or the database does not exist)',
    fix: 'check the host, port and database name in DATABASE_URL and that the server is running; it is retried',
  },
  STORE_AUTH: { problem: 'the database server refused the credentials', fix: 'check the user and password in DATABASE_URL (and the server\'s pg_hba.conf)' },
};

/** A tips store failure: `code` for programs, a message naming the file, the problem and the fix. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  /** The database file. */
  readonly path: string;
  readonly problem: string;
  readonly fix: string;

  /** `fix` replaces the code's usual fix when the cause is known more precisely (the folder's owner). */
  constructor(code: StoreErrorCode, path: string, options: { cause?: unknown; detail?: string; fix?: string } = {}) {
    const { problem, fix } = TEXT[code];
    const fixed = options.fix ?? fix.replace('%s', path);
    super(`tips store ${path}: ${problem}${options.detail ? ` (${options.detail})` : ''}. Fix: ${fixed}`, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'StoreError';
    this.code = code;
    this.path = path;
    this.problem = problem;
    this.fix = fixed;
  }
}

/** Whether the folder that holds `path` can be written (root bypasses modes, but not a read-only mount). */
function folderWritable(path: string): boolean {
  try {
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * When the folder that holds `path` belongs to another user and this process cannot write it (a
 * bind-mounted host folder owned by root, while the image runs as uid 1000): who owns it, who
 * dockhand runs as, and the chown that fixes it. Null when that is not the cause.
 */
function ownership(path: string): { detail: string; fix: string } | null {
  const uid = process.getuid?.();
  const folder = dirname(path);
  if (uid === undefined || folderWritable(path)) return null;
  try {
    const owner = statSync(folder).uid;
    if (owner === uid) return null;
    return {
      detail: `the folder ${folder} is owned by uid ${owner}, and dockhand runs as uid ${uid}`,
      fix: `give uid ${uid} write access: chown -R ${uid}:${uid} ${folder} (in Docker, on the host folder mounted there: sudo chown -R ${uid}:${uid} HOST_FOLDER), or use a named volume, which Docker creates writable`,
    };
  } catch {
    return null;
  }
}

/** Whether the file system that holds `path` has no free blocks left for dockhand. */
function diskFull(path: string): boolean {
  try {
    return statfsSync(dirname(path)).bavail === 0;
  } catch {
    return false;
  }
}

/**
 * Maps an error from better-sqlite3 or the file system to a StoreError for `path`; returns
 * anything else (a bug, a bad argument) unchanged, so it is not disguised as a disk problem.
 */
export function toStoreError(error: unknown, path: string): unknown {
  if (error instanceof StoreError) return error;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const detail = (error as Error | null)?.message;
  const make = (c: StoreErrorCode) => new StoreError(c, path, { cause: error, ...(detail ? { detail } : {}) });
  const readonly = () => {
    const owned = ownership(path);
    if (!owned) return make('STORE_READONLY');
    return new StoreError('STORE_READONLY', path, { cause: error, detail: detail ? `${detail}; ${owned.detail}` : owned.detail, fix: owned.fix });
  };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return make('STORE_BUSY');
  // On a full disk SQLite often reports only the step that failed (SQLITE_IOERR_SHMSIZE while
  // sizing the -shm file), so an I/O error on a file system with no free blocks is a full disk.
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || ((code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) && diskFull(path))) return make('STORE_FULL');
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return readonly();
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return make('STORE_CORRUPT');
  // "unable to open database file": a folder that cannot take the -wal/-shm files is read-only.
  if (code.startsWith('SQLITE_CANTOPEN')) return folderWritable(path) ? make('STORE_IO') : readonly();
  // Node's own ERR_* codes are programming errors; errno codes (EIO, ENOENT, …) are the disk's.
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PROTOCOL' || /^E[A-Z]+$/.test(code)) return make('STORE_IO');
  return error;
}
