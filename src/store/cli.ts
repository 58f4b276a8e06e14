/** `dockhand store migrate [--to postgres://…] [--db FILE] [--force]`: the SQLite store into Postgres (src/store/migrate.ts). */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { migrateToPostgres, type MigrateResult } from './migrate.ts';

/** What the command reads besides its arguments. */
export interface StoreCliDeps {
  /** The SQLite file when --db is not given (DOCKHAND_DB, else the default). */
  dbPath: string;
  /** DATABASE_URL, used when --to is not given (so the password need not be on the command line). */
  databaseUrl: string | undefined;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

const USAGE = 'usage: dockhand store migrate [--to postgres://USER:PASSWORD@HOST:5432/DB] [--db FILE] [--force]\n  (--to defaults to DATABASE_URL; --db to DOCKHAND_DB)\n';

function postgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
  } catch {
    return false;
  }
}

function format(result: MigrateResult, force: boolean): string {
  const lines = result.tables.map((t) => `  ${t.table.padEnd(13)} ${String(t.source).padStart(7)} in the file: ${t.copied} copied, ${t.same} already there${t.conflicts ? `, ${t.conflicts} different in Postgres${force ? ' (overwritten: --force)' : ''}` : ''}`);
  const copied = result.tables.reduce((n, t) => n + t.copied, 0);
  const conflicts = result.tables.reduce((n, t) => n + t.conflicts, 0);
  const end = !result.written
    ? `nothing written: ${conflicts} row(s) in Postgres differ from the file. Point --to at an empty database, or run again with --force to let the file win (rows only in Postgres are kept).`
    : copied
      ? `done: ${copied} row(s) copied; running it again copies nothing.`
      : 'nothing to copy: Postgres already holds every row of the file.';
  return [`${result.target}:`, ...lines, end].join('\n');
}

/** Runs the command; resolves to the exit code (0 copied or nothing to do, 1 refused or a store failed, 2 bad usage). */
export async function storeCli(args: string[], deps: StoreCliDeps): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'migrate') {
    deps.err.write(USAGE);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { to: { type: 'string' }, db: { type: 'string' }, force: { type: 'boolean' } } });
  const url = values.to ?? deps.databaseUrl;
  if (!url || !postgresUrl(url)) {
    // Never echo the value: it holds a password.
    deps.err.write(`${url ? '--to (or DATABASE_URL) must be a postgres:// or postgresql:// URL' : 'say where to: --to postgres://… or DATABASE_URL'}\n${USAGE}`);
    return 2;
  }
  const path = values.db ?? deps.dbPath;
  if (!existsSync(path)) {
    deps.err.write(`no store at ${path}: set --db (or DOCKHAND_DB) to the SQLite file the bot wrote\n`);
    return 1;
  }
  const force = Boolean(values.force);
  const result = await migrateToPostgres(path, url, { force });
  deps.out.write(`${format(result, force)}\n`);
  return result.written ? 0 : 1;
}
