/**
 * Loads, validates and indexes the knowledge folders off the main thread: the index of ~200 notes
 * takes about a second to build, and the bot keeps answering from the last good one meanwhile.
 * Run as a worker by live.ts; importing this module elsewhere does nothing.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { buildIndex, type SearchIndex } from '../engine/search-index.ts';
import type { KnowledgeProblem } from './errors.ts';
import type { KnowledgeLayer } from './layers.ts';
import { checkKnowledge, type KnowledgeBase } from './load.ts';

/**
 * What one load gives: a valid base with its index (without the fuzzy vocabulary, which holds
 * class instances that cannot cross threads; live.ts rebuilds it), or every problem found.
 */
export type BuildResult =
  | { ok: true; kb: KnowledgeBase; index: Omit<SearchIndex, 'vocabulary'> }
  | { ok: false; problems: KnowledgeProblem[]; version: string };

/** The marker in workerData that makes this module do its work. */
export const WORKER_FLAG = 'dockhandKnowledgeBuild';

export function build(layers: readonly KnowledgeLayer[]): BuildResult {
  const checked = checkKnowledge(layers);
  if (checked.problems.length) return { ok: false, problems: checked.problems, version: checked.version };
  const { topics, layers: summaries, overrides, version } = checked;
  const kb: KnowledgeBase = { dir: layers[0]?.dir ?? '', topics, byId: new Map(topics.map((t) => [t.id, t])), layers: summaries, overrides, version };
  const { vocabulary: _vocabulary, ...index } = buildIndex(topics);
  return { ok: true, kb, index };
}

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG]) {
  // One message: the structured clone keeps shared references, so index.topics stays kb.topics.
  parentPort.postMessage(build((workerData as { layers: KnowledgeLayer[] }).layers));
}
