/**
 * Signals that arrive while the modules load. Loading takes a second or more under tsx, and a
 * SIGTERM before any handler exists kills node outright (exit by signal, nothing closed). The
 * entry points hold SIGTERM and SIGINT from their first line; `start` takes the held ones over
 * once its own handlers are in place. bin/dockhand.js does the same hold inline (it runs before
 * TypeScript can be loaded) under the same global key.
 */

/** What an entry point leaves for `start`: the signals seen so far and how to stop holding. */
export interface HeldSignals {
  held: NodeJS.Signals[];
  release(): void;
}

const KEY = Symbol.for('dockhand.heldSignals');
type WithHeld = { [KEY]?: HeldSignals };

/** Starts holding SIGTERM and SIGINT (for `start` only: other commands keep the default, die at once). */
export function holdSignals(): void {
  if ((globalThis as WithHeld)[KEY]) return;
  const held: NodeJS.Signals[] = [];
  const hold = (signal: NodeJS.Signals) => void held.push(signal);
  process.on('SIGTERM', hold);
  process.on('SIGINT', hold);
  (globalThis as WithHeld)[KEY] = {
    held,
    release() {
      process.off('SIGTERM', hold);
      process.off('SIGINT', hold);
    },
  };
}

/** Stops holding and returns the signals that arrived meanwhile. Call after installing real handlers. */
export function takeHeldSignals(): NodeJS.Signals[] {
  const state = (globalThis as WithHeld)[KEY];
  if (!state) return [];
  delete (globalThis as WithHeld)[KEY];
  state.release();
  return state.held;
}
