// Whether the compiled dist/ can run: it is at least as new as every source file. Shared by
// bin/dockhand.js (which runs dist/ when fresh, else the sources through tsx) and the benchmark
// (which reports which of the two it measured). DOCKHAND_TSX=1 forces the sources.
import { readdirSync, statSync } from 'node:fs';

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

export function compiledIsFresh() {
  if (process.env.DOCKHAND_TSX === '1') return false;
  try {
    const built = statSync(new URL('dist/src/cli.js', root)).mtimeMs;
    return built >= Math.max(newest(new URL('src/', root)), newest(new URL('adapters/', root)));
  } catch {
    return false;
  }
}
