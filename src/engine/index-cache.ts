import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { listTopicFiles } from '../knowledge/files.ts';
import type { KnowledgeBase, KnowledgeSource } from '../knowledge/load.ts';
import type { Topic } from '../types.ts';
import { bm25IdfOf } from './bm25.ts';
import { packPostings, UnpackedPostings, type PackedPostings } from './postings.ts';
import { buildIndex, buildVocabulary, idfOf, type SearchIndex } from './search-index.ts';

/**
 * A cache of the validated knowledge base and its search index, so a one-shot `dockhand ask`
 * does not parse 193 notes and rebuild the index on every call. The key covers every knowledge
 * folder, in order, with every note file in it (path, size, modification time), and every source
 * file of the loader and the engine, so an
 * edited note or a changed ranking never reads a stale index. Only a knowledge base that passed
 * validation is ever written. A missing, unreadable or corrupt cache is rebuilt silently: it is
 * an optimisation, never a source of truth.
 *
 * A cache hit never loads the note parser (gray-matter) or the schema library (zod): together
 * they take longer to import than the whole answer, so they are imported only on a miss.
 */

const FORMAT = 5;
/** Which copy of the code wrote a cache file: the sources under src/ or the build under dist/. */
const CODE_TAG = createHash('sha256').update(fileURLToPath(new URL('./', import.meta.url))).digest('hex').slice(0, 8);
const CODE_DIRS = [new URL('./', import.meta.url), new URL('../knowledge/', import.meta.url), new URL('../text/', import.meta.url)];

/**
 * What the cache file holds, written with `v8.serialize`: Maps, Sets and typed arrays come back
 * as they were, and the two big posting tables are packed (postings.ts); JSON spent most of a
 * cached start parsing them. What can be derived (idf, the typo vocabulary) is left out.
 */
interface Stored {
  format: number;
  topics: Topic[];
  kb: Pick<KnowledgeBase, 'layers' | 'overrides' | 'version'>;
  index: Omit<SearchIndex, 'topics' | 'vocabulary' | 'terms' | 'idf' | 'maxIdf' | 'bm25'> & {
    postings: PackedPostings;
    bm25: Omit<SearchIndex['bm25'], 'postings' | 'idf'>;
  };
}

function stamp(path: string): string {
  const s = statSync(path);
  return `${path}:${s.size}:${s.mtimeMs}`;
}

/** The folders of a source, in order: absolute paths, and the names messages and files use. */
function foldersOf(source: KnowledgeSource): Array<{ dir: string; name: string }> {
  return (typeof source === 'string' ? [source] : source).map((l) => (typeof l === 'string' ? { dir: resolve(l), name: l } : { dir: l.dir, name: l.name }));
}

/** The cache key: the knowledge folders in order, their note files, the code that turns them into an index, and the serialiser's Node version. */
export function fingerprint(source: KnowledgeSource): string {
  const hash = createHash('sha256').update(`format ${FORMAT} ${process.version}\n`);
  for (const { dir, name } of foldersOf(source)) {
    hash.update(`folder ${dir} ${name}\n`);
    for (const file of listTopicFiles(dir)) hash.update(`${stamp(file)}\n`);
  }
  for (const url of CODE_DIRS) {
    const codeDir = fileURLToPath(url);
    for (const name of readdirSync(codeDir).sort()) if (/\.(ts|js|json)$/.test(name)) hash.update(`${stamp(join(codeDir, name))}\n`);
  }
  return hash.digest('hex').slice(0, 32);
}

function toStored(kb: KnowledgeBase, index: SearchIndex): Stored {
  const { idf: _bm25Idf, postings, ...bm25Rest } = index.bm25;
  const { topics: _topics, vocabulary: _vocabulary, idf: _idf, maxIdf: _maxIdf, terms, bm25: _bm25, ...rest } = index;
  return {
    format: FORMAT,
    topics: kb.topics,
    kb: { layers: kb.layers, overrides: kb.overrides, version: kb.version },
    index: { ...rest, postings: packPostings(terms, postings), bm25: bm25Rest },
  };
}

function fromStored(dir: string, stored: Stored): { kb: KnowledgeBase; index: SearchIndex } {
  const { postings: packed, ...s } = stored.index;
  const topics = stored.topics;
  const postings = new UnpackedPostings(packed);
  const count = topics.length;
  const index: SearchIndex = {
    ...s,
    topics,
    terms: postings.terms,
    ...postings.termIdf((df) => idfOf(df, count)),
    vocabulary: buildVocabulary(s.vocabularyWords),
    bm25: { ...s.bm25, postings: postings.bm25, idf: postings.bm25Idf((df) => bm25IdfOf(df, count)) },
  };
  return { kb: { ...stored.kb, dir, topics, byId: new Map(topics.map((t) => [t.id, t])) }, index };
}

/**
 * The knowledge base and its index, from `cacheDir` when the cache matches, else loaded,
 * validated and indexed (then cached). Validation errors reject as from `loadKnowledge`.
 */
export async function loadIndexed(source: KnowledgeSource, cacheDir: string | null): Promise<{ kb: KnowledgeBase; index: SearchIndex; cached: boolean }> {
  const dir = foldersOf(source)[0]?.dir ?? '';
  const key = cacheDir ? safe(() => fingerprint(source)) : null;
  // The compiled build and the sources keep separate files, so running one never evicts the other.
  const file = key && cacheDir ? join(cacheDir, `index-${CODE_TAG}-${key}.v8`) : null;
  if (file) {
    const stored = safe(() => deserialize(readFileSync(file)) as Stored);
    if (stored?.format === FORMAT) {
      const restored = safe(() => fromStored(dir, stored));
      if (restored) return { ...restored, cached: true };
    }
  }
  const { loadKnowledge } = await import('../knowledge/load.ts');
  const kb = loadKnowledge(source);
  const index = buildIndex(kb.topics);
  if (file && cacheDir) {
    safe(() => {
      mkdirSync(cacheDir, { recursive: true });
      // Write then rename: a reader never sees half a file, and two writers cannot interleave.
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, serialize(toStored(kb, index)));
      renameSync(tmp, file);
      for (const old of readdirSync(cacheDir)) if (old.startsWith(`index-${CODE_TAG}-`) && /\.(json|v8)$/.test(old) && join(cacheDir, old) !== file) rmSync(join(cacheDir, old), { force: true });
    });
  }
  return { kb, index, cached: false };
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}
