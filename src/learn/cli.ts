/**
 * `dockhand report [--since 7d] [--json] [--db FILE]`: the question log's report, read from the
 * store file, or from Postgres when DATABASE_URL is set and --db is not given.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createEngine } from '../engine/engine.ts';
import { loadIndexed } from '../engine/index-cache.ts';
import { DEFAULT_CACHE_DIR } from '../paths.ts';
import { openPostgres } from '../store/pg.ts';
import { openPgLearnStore } from './pg-store.ts';
import { buildReport, formatReport, parseSince, rankerOf } from './report.ts';
import { openSqliteLearnStore, type LearnStore } from './store.ts';

/** Where the command writes and when it runs. */
export interface ReportCliDeps {
  /** The store file when --db is not given (DOCKHAND_DB, else the default). */
  dbPath: string;
  /** DATABASE_URL: read Postgres instead, unless --db names a file. */
  databaseUrl?: string;
  /** The knowledge setting the CLI resolved (--knowledge and the environment). */
  knowledge: Parameters<typeof loadIndexed>[0];
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  now?: () => number;
}

/** Runs the command; resolves to the exit code (2: bad usage, 1: no store at that path). */
export async function reportCli(args: string[], deps: ReportCliDeps): Promise<number> {
  const { values } = parseArgs({ args, options: { since: { type: 'string' }, json: { type: 'boolean' }, db: { type: 'string' } } });
  const now = (deps.now ?? Date.now)();
  const since = parseSince(values.since ?? '7d', now);
  if (since === null) {
    deps.err.write(`--since must look like 7d, 24h, 2w, 90m or 2026-11-01, not "${values.since}"\n`);
    return 2;
  }
  const postgres = values.db === undefined ? deps.databaseUrl : undefined;
  const path = values.db ?? deps.dbPath;
  // Opening would create an empty store: a mistyped path must say so, not report nothing.
  if (!postgres && path !== ':memory:' && !existsSync(path)) {
    deps.err.write(`no store at ${path}: set DOCKHAND_DB or --db to the file the bot writes (nothing has been logged there yet)\n`);
    return 1;
  }
  const { kb, index } = await loadIndexed(deps.knowledge, DEFAULT_CACHE_DIR);
  const engine = createEngine(kb, { index });
  const store: LearnStore = postgres ? await openPgLearnStore(await openPostgres(postgres, { max: 2 })) : openSqliteLearnStore(path);
  try {
    const report = await buildReport(store, {
      since,
      until: now + 1,
      ranker: rankerOf(engine.explain, kb.byId),
      title: (id, lang) => kb.byId.get(id)?.title[lang] ?? null,
    });
    deps.out.write(values.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
