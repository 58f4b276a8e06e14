import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The few settings every CLI command reads before it knows what it will run: the `.env` file,
 * the knowledge folders and the store file. Kept apart from src/config.ts (which validates the
 * whole environment with zod) so `dockhand ask` starts without loading the schema library.
 * src/config.ts re-exports them: it stays the one place that documents the environment.
 */

/**
 * Loads `.env` from `dir` (the working directory) into process.env when the file exists, as
 * .env.example suggests, with Node's own parser (`process.loadEnvFile`). Variables already set in
 * the environment win over the file. Returns the path it loaded, or null. Called once, before
 * loadConfig, by the commands that read the configuration.
 */
export function loadDotEnv(dir: string = process.cwd()): string | null {
  const path = join(dir, '.env');
  if (!existsSync(path)) return null;
  process.loadEnvFile(path);
  return path;
}

/**
 * The knowledge folders every command uses when `--knowledge` is not given, as written (resolved
 * by src/knowledge/layers.ts): DOCKHAND_KNOWLEDGE_DIRS split at commas, else DOCKHAND_KNOWLEDGE_DIR
 * as one folder, else null for the bundled notes. Read on its own, without the rest of the
 * configuration, so `ask`, `eval` and `kb` work whatever state the chat tokens are in.
 */
export function knowledgeSetting(env: Record<string, string | undefined>): string[] | null {
  const dirs = (env.DOCKHAND_KNOWLEDGE_DIRS ?? '').split(',').map((d) => d.trim()).filter(Boolean);
  if (dirs.length) return dirs;
  const dir = env.DOCKHAND_KNOWLEDGE_DIR?.trim();
  return dir ? [dir] : null;
}

/**
 * The SQLite file, read on its own (like knowledgeSetting) so `dockhand report` works whatever
 * state the chat tokens are in.
 */
export function dbSetting(env: Record<string, string | undefined>): string {
  return env.DOCKHAND_DB?.trim() || './data/dockhand.sqlite';
}


/** DATABASE_URL read on its own (like dbSetting), for `dockhand store migrate` and `report`; unvalidated, may hold a password. */
export function databaseUrlSetting(env: Record<string, string | undefined>): string | undefined {
  return env.DATABASE_URL?.trim() || undefined;
}
