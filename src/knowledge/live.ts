/**
 * The knowledge base of a running bot, reloaded when a note changes (issue 16). Adapters hold
 * `live.engine`, which forwards every call to the engine of the current version; a reload builds
 * the next version off the main thread and swaps it in with one assignment, so a question is
 * answered wholly by one version and nothing is ever answered by half a reload. A broken edit is
 * logged with its path and field, shown in /healthz, and ignored: the last good version serves on.
 */
import { Worker } from 'node:worker_threads';
import type { Engine } from '../adapter.ts';
import { createEngine, type CoreEngine } from '../engine/engine.ts';
import { buildVocabulary } from '../engine/search-index.ts';
import type { KnowledgeProblem } from './errors.ts';
import type { KnowledgeLayer } from './layers.ts';
import type { KnowledgeBase } from './load.ts';
import { WORKER_FLAG, type BuildResult } from './reload-worker.ts';
import { watchFolders, type FolderWatcher } from './watch.ts';

/** How long after the last file event a reload starts: one save is often several events. */
export const DEFAULT_DEBOUNCE_MS = 300;
/** A build that takes longer than this is abandoned (and reported). */
const BUILD_TIMEOUT_MS = 60_000;
/** Problems kept for /healthz and logged per failed reload; the count says how many there were. */
const MAX_REPORTED = 20;

/** Timers, injectable so tests decide when the debounce ends. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What /healthz says about the knowledge. */
export interface KnowledgeStatus {
  /** Hash of every note file's path and bytes (KnowledgeCheck.version). */
  version: string;
  notes: number;
  /** When the version being served was loaded (ISO time). */
  loadedAt: string;
  /** Whether file changes are being watched (DOCKHAND_RELOAD). */
  reload: boolean;
  reloads: number;
  /** The last reload that failed, while no later one has succeeded; null otherwise. */
  lastError: { at: string; count: number; problems: KnowledgeProblem[] } | null;
}

/** The subset of a pino logger used here. */
interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface LiveOptions {
  layers: readonly KnowledgeLayer[];
  /** The version loaded at startup. */
  initial: KnowledgeBase;
  logger: Log;
  /** Builds a version; by default in a worker thread. `signal` aborts when the bot shuts down. */
  build?: (layers: readonly KnowledgeLayer[], signal: AbortSignal) => Promise<BuildResult>;
  timers?: Timers;
  debounceMs?: number;
  now?: () => Date;
}

/** One loaded version of the notes and the engine built over it. */
export interface KnowledgeVersion {
  kb: KnowledgeBase;
  engine: CoreEngine;
}

export interface LiveKnowledge {
  /** Forwards to the current version's engine; hand this one to adapters. */
  engine: Engine;
  /** The version being served. */
  kb(): KnowledgeBase;
  /** The version being served with its own engine (ranking included), for work beside the answers such as reports. */
  current(): KnowledgeVersion;
  status(): KnowledgeStatus;
  /** Starts watching the folders; changes then reload after the debounce. */
  watch(): FolderWatcher;
  /** Reloads now (also what a file change triggers). Resolves true when a new version was swapped in. */
  reload(): Promise<boolean>;
  /** Resolves once no reload is scheduled or running. */
  settled(): Promise<void>;
  close(): void;
}

/**
 * Runs reload-worker.ts in a worker thread: through tsx from the sources, directly from the build.
 * The worker never keeps the process alive, and `signal` ends it (shutdown does not wait for it).
 */
export function buildInWorker(layers: readonly KnowledgeLayer[], signal?: AbortSignal): Promise<BuildResult> {
  const fromSources = import.meta.url.endsWith('.ts');
  const data = { [WORKER_FLAG]: true, layers };
  const worker = new Worker(new URL(fromSources ? './reload-worker-tsx.mjs' : './reload-worker.js', import.meta.url), { workerData: data });
  worker.unref();
  signal?.addEventListener('abort', () => void worker.terminate(), { once: true });
  return new Promise<BuildResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(Object.assign(new Error(`building the knowledge base took longer than ${BUILD_TIMEOUT_MS} ms`), { code: 'KB_RELOAD_TIMEOUT' }));
    }, BUILD_TIMEOUT_MS);
    timer.unref();
    worker.once('message', (result: BuildResult) => {
      clearTimeout(timer);
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`the knowledge build failed: ${error.message}`, { cause: error }), { code: 'KB_RELOAD_FAILED' }));
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`the knowledge build stopped (exit ${code}) without a result`), { code: 'KB_RELOAD_FAILED' }));
    });
  });
}

/** A version from a build result: the vocabulary rebuilt, the engine made. */
function versionOf(result: Extract<BuildResult, { ok: true }>): KnowledgeVersion {
  const kb = { ...result.kb, byId: new Map(result.kb.topics.map((t) => [t.id, t])) };
  const index = { ...result.index, topics: kb.topics, vocabulary: buildVocabulary(result.index.vocabularyWords) };
  return { kb, engine: createEngine(kb, { index }) };
}

export function createLiveKnowledge(options: LiveOptions): LiveKnowledge {
  const { logger } = options;
  const timers = options.timers ?? realTimers;
  const now = options.now ?? (() => new Date());
  const build = options.build ?? buildInWorker;
  let current: KnowledgeVersion = { kb: options.initial, engine: createEngine(options.initial) };
  let loadedAt = now();
  let reloads = 0;
  let lastError: KnowledgeStatus['lastError'] = null;
  let watcher: FolderWatcher | null = null;
  let timer: unknown = null;
  let running: Promise<boolean> | null = null;
  let again = false;
  let closed = false;
  const stop = new AbortController();
  const idle: Array<() => void> = [];

  const fail = (problems: KnowledgeProblem[]) => {
    lastError = { at: now().toISOString(), count: problems.length, problems: problems.slice(0, MAX_REPORTED) };
    for (const p of lastError.problems) logger.error({ file: p.file, field: p.field, problem: p.message }, `knowledge reload failed: ${p.file}: ${p.field}: ${p.message}`);
    logger.warn({ version: current.kb.version, problems: problems.length }, 'still serving the last good knowledge');
  };

  const once = async (): Promise<boolean> => {
    let result: BuildResult;
    try {
      result = await build(options.layers, stop.signal);
    } catch (error) {
      if (closed) return false;
      fail([{ file: options.layers.map((l) => l.name).join(', '), field: 'file', message: (error as Error).message }]);
      return false;
    }
    if (closed) return false;
    if (!result.ok) {
      fail(result.problems);
      return false;
    }
    lastError = null;
    if (result.kb.version && result.kb.version === current.kb.version) return false;
    // The swap: one assignment, between two questions.
    current = versionOf(result);
    loadedAt = now();
    reloads++;
    logger.info({ version: current.kb.version, notes: current.kb.topics.length }, 'knowledge reloaded');
    return true;
  };

  const reload = (): Promise<boolean> => {
    if (running) {
      // An edit during a build: build once more afterwards, with what is on disk then.
      again = true;
      return running;
    }
    running = (async () => {
      let swapped = false;
      do {
        again = false;
        swapped = (await once()) || swapped;
      } while (again && !closed);
      running = null;
      if (timer === null) for (const resolve of idle.splice(0)) resolve();
      return swapped;
    })();
    return running;
  };

  const schedule = () => {
    if (closed) return;
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      void reload();
    }, options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  };

  const engine: Engine = {
    answer: (question, context) => current.engine.answer(question, context),
    answerTopic: (id, lang) => current.engine.answerTopic(id, lang),
    complete: (partial, lang, limit) => current.engine.complete(partial, lang, limit),
    help: (lang) => current.engine.help(lang),
    detectLang: (question, context) => current.engine.detectLang(question, context),
  };

  return {
    engine,
    kb: () => current.kb,
    current: () => current,
    status: () => ({
      version: current.kb.version ?? '',
      notes: current.kb.topics.length,
      loadedAt: loadedAt.toISOString(),
      reload: watcher !== null,
      reloads,
      lastError,
    }),
    watch() {
      watcher ??= watchFolders(
        options.layers.map((l) => l.dir),
        () => schedule(),
      );
      return watcher;
    },
    reload,
    settled: () => (timer === null && running === null ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve))),
    close() {
      closed = true;
      stop.abort();
      watcher?.close();
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      for (const resolve of idle.splice(0)) resolve();
    },
  };
}
