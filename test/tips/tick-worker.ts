/**
 * A second real process for the "two schedulers, one store" test:
 * `node --import tsx/esm tick-worker.ts DB_PATH OWNER INSTANTS_JSON`.
 * Waits for a line on stdin (so both processes start together), ticks at each instant, then prints
 * the posts it made as one JSON line.
 */
import { createInterface } from 'node:readline';
import { createTipScheduler } from '../../src/tips/scheduler.ts';
import { openSqliteStore } from '../../src/tips/store.ts';
import { TOPICS, recordingAdapter } from './fixtures.ts';

const [path, owner, instantsJson] = process.argv.slice(2);
const instants = JSON.parse(instantsJson ?? '[]') as string[];
const store = openSqliteStore(path!);
const slack = recordingAdapter('slack');
const scheduler = createTipScheduler({ store, topics: TOPICS, adapters: [slack], owner: owner! });

const rl = createInterface({ input: process.stdin });
rl.once('line', async () => {
  const outcomes: Record<string, number> = {};
  const posted: { channelId: string; localDate: string; topicId?: string }[] = [];
  for (const at of instants) {
    for (const r of await scheduler.tick(new Date(at))) {
      outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      if (r.outcome === 'posted') posted.push({ channelId: r.channelId, localDate: r.localDate, topicId: r.topicId });
    }
  }
  await store.close();
  process.stdout.write(`${JSON.stringify({ owner, outcomes, posted, sent: slack.posts.length })}\n`);
  rl.close();
});
