import weights from './gate.json' with { type: 'json' };
import { checkGateModel, type GateModel } from './gate.ts';

/**
 * The committed gate weights, written by `npm run train`. Imported as JSON so the compiled build
 * carries them too; a file that no longer fits the features fails at start, never silently.
 */
export const DEFAULT_GATE: GateModel = checkGateModel(weights as GateModel);
