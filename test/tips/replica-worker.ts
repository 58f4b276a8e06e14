/**
 * One dockhand replica for the multi-process Postgres tests:
 * `node --import tsx/esm replica-worker.ts DATABASE_URL OWNER SLACK_API_URL|memory BOT_TOKEN`.
 * The real scheduler over the real Postgres store, posting through the real Slack adapter to a
 * fake Slack; only the clock is the parent's: each stdin line `tick ISO` runs one tick at that
 * instant and answers `done ISO {outcomes}`. Before each post it prints `posting CHANNEL`, so the
 * parent can SIGKILL it with a post in flight. `stop` closes the pool and exits.
 */
import { createInterface } from 'node:readline';
import { createSlackAdapter } from '../../adapters/slack/adapter.ts';
import type { Engine } from '../../src/adapter.ts';
import { openPostgres } from '../../src/store/pg.ts';
import { createPgTipStore } from '../../src/tips/pg-store.ts';
import { createTipScheduler, type TipPoster } from '../../src/tips/scheduler.ts';
import { TOPICS } from './fixtures.ts';

const [url, owner, apiUrl, botToken] = process.argv.slice(2);
const unused = () => {
  throw new Error('this replica only posts tips');
};
const engine: Engine = { answer: unused, answerTopic: unused, complete: unused, help: unused, detectLang: unused };
const slack = createSlackAdapter({ engine, botToken: botToken!, signingSecret: 'unused-in-this-test', ...(apiUrl === 'memory' ? {} : { apiUrl: apiUrl! }) });
let posts = 0;
const poster: TipPoster = {
  platform: 'slack',
  postTip(channelId, tip) {
    process.stdout.write(`posting ${channelId}\n`);
    // `memory` instead of a URL: no Slack at all, so the store alone sets the pace (the throughput figure).
    return apiUrl === 'memory' ? Promise.resolve(`memory-${owner}-${(posts += 1)}`) : slack.postTip(channelId, tip);
  },
};
const store = createPgTipStore(await openPostgres(url!, { max: 4 }));
const scheduler = createTipScheduler({ store, topics: TOPICS, adapters: [poster], owner: owner!, postConcurrency: 4 });

const rl = createInterface({ input: process.stdin });
// One line at a time, in order: the parent waits for `done` before it sends the next instant.
let queue = Promise.resolve();
rl.on('line', (line) => {
  queue = queue.then(async () => {
    const [command, at] = line.split(' ');
    if (command === 'stop') {
      await scheduler.stop();
      await store.close();
      rl.close();
      return;
    }
    const outcomes: Record<string, number> = {};
    for (const r of await scheduler.tick(new Date(at!))) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    process.stdout.write(`done ${at} ${JSON.stringify(outcomes)}\n`);
  });
});
process.stdout.write('ready\n');
