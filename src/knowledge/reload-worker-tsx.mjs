// Worker entry while running from the TypeScript sources (bin/dockhand.js without a fresh build,
// and the tests): tsx's loader is registered per thread, so the worker registers it again here.
import { register } from 'tsx/esm/api';

register();
await import('./reload-worker.ts');
