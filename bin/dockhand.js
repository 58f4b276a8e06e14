#!/usr/bin/env node
// The `dockhand` command. Runs the compiled dist/ (built by `npm ci` through the prepare script)
// when it is at least as new as every source file; otherwise, while developing, the TypeScript
// sources through tsx. DOCKHAND_TSX=1 forces the sources.
import { readdirSync, statSync } from 'node:fs';

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

const root = new URL('../', import.meta.url);

/** The newest modification time under a source folder (.ts and .json files). */
function newest(dir) {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    if (entry.isDirectory()) max = Math.max(max, newest(path));
    else if (/\.(ts|json)$/.test(entry.name)) max = Math.max(max, statSync(path).mtimeMs);
  }
  return max;
}

function compiledIsFresh() {
  if (process.env.DOCKHAND_TSX === '1') return false;
  try {
    const built = statSync(new URL('dist/src/cli.js', root)).mtimeMs;
    return built >= Math.max(newest(new URL('src/', root)), newest(new URL('adapters/', root)));
  } catch {
    return false;
  }
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
