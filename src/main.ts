// Entry point of the compiled image (`node dist/src/main.js start`); bin/dockhand.js is the
// development entry that runs the same CLI through tsx.
import { run } from './cli.ts';
import { isEntry } from './entry.ts';

if (isEntry(import.meta.url)) await run();
