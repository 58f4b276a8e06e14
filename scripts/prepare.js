// `npm ci` / `npm install` run this: compile src/ and adapters/ to dist/ so `npx dockhand` runs
// plain JavaScript (no TypeScript transpile on every call). Skipped where there is nothing to
// build with (the image's production-only install has no TypeScript and no sources yet).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const tsc = `${root}node_modules/typescript/bin/tsc`;
if (!existsSync(tsc) || !existsSync(`${root}src/cli.ts`)) {
  console.log('dockhand: prepare: no TypeScript or sources here, nothing to build');
  process.exit(0);
}
const result = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
process.exit(result.status ?? 1);
