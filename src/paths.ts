import { fileURLToPath } from 'node:url';

/** The repository (or image) root: two levels above this file in both src/ and dist/src/. */
const ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../' : '../', import.meta.url));

/** The knowledge base shipped with dockhand. */
export const DEFAULT_KNOWLEDGE_DIR = `${ROOT}knowledge`;

/**
 * Where `dockhand ask` and `eval` keep the cached index (node_modules/.cache, the usual place for
 * tool caches: private to the checkout, gone with `npm ci`).
 */
export const DEFAULT_CACHE_DIR = `${ROOT}node_modules/.cache/dockhand`;
