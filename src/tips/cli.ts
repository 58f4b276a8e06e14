/**
 * `dockhand tips run --once [--dry-run] [--json]`: post (or list) what is due right now. The app's
 * `runCommand('tips', …)` opens the store and the adapters and calls `runTipsCommand`.
 */
import { parseArgs } from 'node:util';
import type { KnowledgeBase } from '../knowledge/load.ts';
import type { Logger } from '../log.ts';
import { createTipScheduler, type DueReport, type TickResult, type TipPoster } from './scheduler.ts';
import type { TipStore } from './store.ts';

export interface TipsCommandDeps {
  kb: Pick<KnowledgeBase, 'topics'>;
  store: TipStore;
  /** Adapters to post through (already started if they need it). `--dry-run` only checks which exist. */
  adapters: readonly TipPoster[];
  now: () => Date;
  out: { write(text: string): unknown };
  logger?: Logger;
}

export const TIPS_USAGE = `usage: dockhand tips run --once [--dry-run] [--json]
  --once      post every tip that is due now, then exit (the long-running scheduler is part of "dockhand start")
  --dry-run   only list each subscription: what would be posted, or why not
  --json      one JSON object per subscription instead of text`;

/** Pairs a tick result with its subscription's report. */
const channelKey = (c: { platform: string; channelId: string }) => `${c.platform}\u0000${c.channelId}`;

/**
 * Runs the tips command. Exit codes: 0 done (nothing failed), 1 at least one post failed or was
 * left unknown, 2 bad usage.
 */
export async function runTipsCommand(args: string[], deps: TipsCommandDeps): Promise<number> {
  let values: { once?: boolean; 'dry-run'?: boolean; json?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { once: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    }));
  } catch (error) {
    deps.out.write(`${(error as Error).message}\n${TIPS_USAGE}\n`);
    return 2;
  }
  if (positionals[0] !== 'run' || positionals.length !== 1 || !values.once) {
    deps.out.write(`${TIPS_USAGE}\n`);
    return 2;
  }
  const dryRun = Boolean(values['dry-run']);
  const scheduler = createTipScheduler({
    store: deps.store,
    topics: deps.kb.topics,
    adapters: deps.adapters,
    now: deps.now,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const at = deps.now();
  // The dry run only reads: describe() never claims or posts.
  const results = dryRun ? [] : await scheduler.tick(at);
  const byChannel = new Map(results.map((r) => [channelKey(r), r]));
  print(deps.out, await scheduler.describe(at), byChannel, Boolean(values.json), dryRun);
  return results.some((r) => r.outcome === 'failed' || r.outcome === 'unknown' || r.outcome === 'retry') ? 1 : 0;
}

function actionText(result: TickResult): string {
  switch (result.outcome) {
    case 'posted':
      return `posted ${result.topicId} (message ${result.messageId})${result.recorded === false ? '; the store refused the message id, so the day stays "maybe posted" (never posted twice)' : ''}`;
    case 'lost':
      return 'another dockhand process posted it';
    case 'retry':
      return `failed (${result.error}); will retry at ${new Date(result.retryAt ?? 0).toISOString()}`;
    case 'failed':
      return `failed (${result.error})${result.paused ? '; channel paused' : ''}`;
    case 'unknown':
      return `no answer from the platform (${result.error}); maybe posted, not retried`;
  }
}

function print(out: TipsCommandDeps['out'], reports: DueReport[], acted: Map<string, TickResult>, json: boolean, dryRun: boolean): void {
  if (reports.length === 0) {
    out.write(json ? '' : 'no tip subscriptions\n');
    return;
  }
  for (const report of reports) {
    const result = acted.get(channelKey(report));
    if (json) {
      out.write(`${JSON.stringify({ ...report, ...(result ? { result } : {}) })}\n`);
      continue;
    }
    const what = result
      ? actionText(result)
      : report.state === 'due' && dryRun
        ? `would post ${report.topicId ?? '?'}: ${report.reason}`
        : report.reason;
    const where = `${report.platform} ${report.channelId}`;
    out.write(`${where.padEnd(28)} ${`${report.time} ${report.timezone} ${report.lang}`.padEnd(32)} ${what}\n`);
    // A lost day stays in sight for a week, not only on the day it happened (issue 18).
    for (const day of report.maybePosted ?? []) {
      out.write(`${''.padEnd(28)} maybe posted on ${day.localDate}: ${day.topicId}, claimed ${new Date(day.claimedAt).toISOString()} by ${day.claimedBy}, no message id recorded; not retried\n`);
    }
  }
  const due = reports.filter((r) => r.state === 'due').length;
  if (!json) out.write(`${reports.length} subscription(s); ${dryRun ? `${due} due now` : `${acted.size} handled`}\n`);
}
