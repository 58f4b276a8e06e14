#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npx dockhand` works right after `npm ci`.
// The Docker image runs the compiled `dist/src/cli.js` instead and never loads tsx.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli.ts');
await run();
