// Entry point of the compiled image (`node dist/src/main.js start`); bin/dockhand.js is the
// development entry that runs the same CLI through tsx.
import { isEntry } from './entry.ts';
import { holdSignals } from './signals.ts';

if (isEntry(import.meta.url)) {
  // Held before the CLI and its dependencies load (a dynamic import, so they load after this).
  if (process.argv.slice(2).includes('start')) holdSignals();
  const { run } = await import('./cli.ts');
  await run();
}
