/**
 * A scheduler process to SIGKILL in the middle of a post:
 * `node --import tsx/esm hang-worker.ts DB_PATH INSTANT`. Ticks once at INSTANT through an adapter
 * whose post never returns, prints "posting" when the post has started, and waits to be killed.
 */
import { createTipScheduler } from '../../src/tips/scheduler.ts';
import { openSqliteStore } from '../../src/tips/store.ts';
import { TOPICS } from './fixtures.ts';

const [path, instant] = process.argv.slice(2);
const store = openSqliteStore(path!);
const hanging = {
  platform: 'slack' as const,
  postTip: () => {
    process.stdout.write('posting\n');
    return new Promise<string>(() => {});
  },
};
const scheduler = createTipScheduler({ store, topics: TOPICS, adapters: [hanging], owner: 'killed-worker', postTimeoutMs: 3_600_000 });
void scheduler.tick(new Date(instant!));
setInterval(() => {}, 1000);
