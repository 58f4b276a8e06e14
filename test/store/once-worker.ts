/**
 * One more process for the "several processes, one store file" test:
 * `node --import tsx/esm once-worker.ts DB_PATH COUNT`. Waits for a line on stdin (so the
 * processes start together), tries to take keys k0 … k(COUNT-1), and prints the keys it won as
 * one JSON line.
 */
import { createInterface } from 'node:readline';
import { openSqliteOnceStore } from '../../src/store/sqlite-once.ts';

const [path, count] = process.argv.slice(2);
const store = openSqliteOnceStore(path!);
const rl = createInterface({ input: process.stdin });
rl.once('line', async () => {
  const won: string[] = [];
  for (let i = 0; i < Number(count); i += 1) if (await store.first(`k${i}`, 60_000, 1_000)) won.push(`k${i}`);
  await store.close();
  process.stdout.write(`${JSON.stringify(won)}\n`);
  rl.close();
});
