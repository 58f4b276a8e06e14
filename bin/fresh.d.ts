/** Whether bin/dockhand.js will run the compiled dist/ (at least as new as every source file). */
export function compiledIsFresh(): boolean;
