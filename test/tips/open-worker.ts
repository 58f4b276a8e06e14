/**
 * Opens a tips store and prints what went wrong as one JSON line:
 * `node --import tsx/esm open-worker.ts DB_PATH`. Run as another user (spawn's `uid`), it meets a
 * folder it cannot write as the image's node user meets a root-owned bind mount.
 */
import { openSqliteStore } from '../../src/tips/store.ts';

try {
  await openSqliteStore(process.argv[2]!).close();
  process.stdout.write('{"opened":true}\n');
} catch (error) {
  const e = error as Error & { code?: string };
  process.stdout.write(`${JSON.stringify({ name: e.name, code: e.code, message: e.message })}\n`);
}
