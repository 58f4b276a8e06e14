import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * One knowledge folder in the stack the notes are loaded from. Folders later in the stack
 * override a note of an earlier one with the same id (the whole note, not field by field).
 */
export interface KnowledgeLayer {
  /** Absolute path of the folder. */
  dir: string;
  /** How messages name the folder: as it was written, or the bundled folder's path from cwd. */
  name: string;
  /** Whether this is the knowledge/ folder shipped with dockhand. */
  bundled: boolean;
}

/** The word that names the bundled notes in `--knowledge` and DOCKHAND_KNOWLEDGE_DIRS. */
export const BUNDLED_WORD = 'bundled';

/** A path short enough to read: relative to cwd when the folder is inside it, else absolute. */
function displayPath(dir: string, cwd: string): string {
  const rel = relative(cwd, dir);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : dir;
}

/**
 * Resolves the folders as written (`--knowledge`, DOCKHAND_KNOWLEDGE_DIRS) into layers, in order.
 * `bundled` names the shipped notes; so does `knowledge` when the working directory has no
 * `knowledge/` folder of its own (the documented `knowledge,../our-notes` then works from any
 * directory). Any other entry is a path, relative ones resolved against `cwd`. No entries at all
 * means the bundled notes alone. Whether each folder exists is checked when loading, where a
 * missing one is reported with the other problems.
 */
export function resolveLayers(entries: readonly string[] | null, options: { cwd: string; bundledDir: string }): KnowledgeLayer[] {
  const bundledDir = resolve(options.bundledDir);
  const bundled = (): KnowledgeLayer => ({ dir: bundledDir, name: displayPath(bundledDir, options.cwd), bundled: true });
  const list = entries?.map((e) => e.trim()).filter(Boolean) ?? [];
  if (!list.length) return [bundled()];
  return list.map((entry) => {
    if (entry === BUNDLED_WORD) return bundled();
    const dir = resolve(options.cwd, entry);
    if (entry.replace(/[\\/]+$/, '') === 'knowledge' && !existsSync(dir)) return bundled();
    return { dir, name: entry.replace(/(.)[\\/]+$/, '$1'), bundled: dir === bundledDir };
  });
}
