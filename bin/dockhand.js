#!/usr/bin/env node
// The `dockhand` command. Runs the compiled dist/ (built by `npm ci` through the prepare script)
// when it is at least as new as every source file; otherwise, while developing, the TypeScript
// sources through tsx. DOCKHAND_TSX=1 forces the sources.
import { compiledIsFresh } from './fresh.js';

// Hold SIGTERM and SIGINT while the modules load (a second or more under tsx): before any handler
// exists a signal kills node outright. `start` takes the held signals over (src/signals.ts, same key).
if (process.argv.slice(2).includes('start')) {
  const held = [];
  const hold = (signal) => void held.push(signal);
  process.on('SIGTERM', hold);
  process.on('SIGINT', hold);
  globalThis[Symbol.for('dockhand.heldSignals')] = {
    held,
    release() {
      process.off('SIGTERM', hold);
      process.off('SIGINT', hold);
    },
  };
}

if (compiledIsFresh()) {
  const { run } = await import('../dist/src/cli.js');
  await run();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import('../src/cli.ts');
  await run();
}
