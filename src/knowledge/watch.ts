/**
 * Watching the knowledge folders for edits. Notes live exactly two levels deep
 * (`<folder>/<group>/<id>.md`), so each folder and each of its group folders gets its own
 * non-recursive `fs.watch` (recursive watching is emulated, and uneven, on Linux in Node 20); a
 * group folder created later is picked up from the folder's own event. Directory watchers see
 * editors' save-by-rename too. Where watching is unavailable (inotify limits, some network file
 * systems) a folder is polled instead.
 */
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface FolderWatcher {
  /** How each folder is watched, for the startup log. */
  modes(): Array<{ dir: string; mode: 'events' | 'poll' }>;
  close(): void;
}

export interface WatchOptions {
  /** How often a polled folder is listed again (default 2000 ms). */
  pollMs?: number;
}

/** Whether a changed name can matter: a note, or a folder (names without a dot). */
function relevant(name: string | null): boolean {
  return name === null || name.endsWith('.md') || !name.includes('.');
}

/** A cheap signature of a folder's notes (names, sizes, times), for polling. */
function signature(dir: string): string {
  const parts: string[] = [];
  const add = (path: string) => {
    try {
      const s = statSync(path);
      parts.push(`${path}:${s.size}:${s.mtimeMs}`);
      return s;
    } catch {
      parts.push(`${path}:gone`);
      return null;
    }
  };
  try {
    for (const group of readdirSync(dir).sort()) {
      const stats = add(join(dir, group));
      if (stats?.isDirectory()) for (const name of readdirSync(join(dir, group)).sort()) if (name.endsWith('.md')) add(join(dir, group, name));
    }
  } catch {
    parts.push('unreadable');
  }
  return parts.join('\n');
}

/** Calls `onChange(path)` for every change under `dirs` that may touch a note. */
export function watchFolders(dirs: readonly string[], onChange: (path: string) => void, options: WatchOptions = {}): FolderWatcher {
  const watchers = new Map<string, FSWatcher>();
  const polled = new Map<string, ReturnType<typeof setInterval>>();
  let closed = false;

  const poll = (dir: string) => {
    if (polled.has(dir) || closed) return;
    let last = signature(dir);
    const timer = setInterval(() => {
      const now = signature(dir);
      if (now !== last) {
        last = now;
        onChange(dir);
      }
    }, options.pollMs ?? 2000);
    timer.unref();
    polled.set(dir, timer);
  };

  const watchOne = (path: string, root: string): boolean => {
    if (watchers.has(path) || closed) return true;
    try {
      const watcher = watch(path, { persistent: false }, (_event, name) => {
        const file = name === null ? null : String(name);
        if (!relevant(file)) return;
        if (path === root && file) watchGroup(join(root, file), root);
        onChange(file ? join(path, file) : path);
      });
      // A watched group folder that is removed ends its watcher; the folder's own event reports it.
      watcher.on('error', () => {
        watcher.close();
        watchers.delete(path);
        if (path === root) poll(root);
      });
      watchers.set(path, watcher);
      return true;
    } catch {
      return false;
    }
  };

  /** (Re)watches a group folder: one removed and made again is a new folder to the kernel. */
  const watchGroup = (path: string, root: string) => {
    watchers.get(path)?.close();
    watchers.delete(path);
    try {
      if (statSync(path).isDirectory() && !watchOne(path, root)) poll(root);
    } catch {
      // Gone (removed, or a rename in progress): the next event says what happened.
    }
  };

  for (const dir of dirs) {
    if (!watchOne(dir, dir)) {
      poll(dir);
      continue;
    }
    try {
      for (const group of readdirSync(dir)) watchGroup(join(dir, group), dir);
    } catch {
      poll(dir);
    }
  }

  return {
    modes: () => dirs.map((dir) => ({ dir, mode: polled.has(dir) ? 'poll' : 'events' })),
    close() {
      closed = true;
      for (const w of watchers.values()) w.close();
      for (const t of polled.values()) clearInterval(t);
      watchers.clear();
      polled.clear();
    },
  };
}
