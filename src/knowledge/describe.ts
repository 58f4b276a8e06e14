import type { LayerSummary } from './load.ts';

/**
 * One line per knowledge folder, for `dockhand check`, `kb check` and the startup log: which
 * folders were loaded, in order, and how many notes each gave.
 */
export function describeLayers(layers: readonly LayerSummary[]): string[] {
  return layers.map((l) => {
    const replacing = l.overrides ? `, ${l.overrides} replacing an earlier folder's note${l.overrides === 1 ? '' : 's'}` : '';
    return `knowledge folder ${l.name}${l.bundled ? ' (bundled)' : ''}: ${l.notes} note${l.notes === 1 ? '' : 's'}${replacing}`;
  });
}
