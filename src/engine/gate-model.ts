import associations from './assoc.json' with { type: 'json' };
import weights from './gate.json' with { type: 'json' };
import { checkAssocModel, type AssocModel } from './assoc.ts';
import { checkGateModel, type GateModel } from './gate.ts';

let checked: GateModel | null = null;

/**
 * The committed gate weights and word–topic associations, written together by `npm run train`.
 * Imported as JSON so the compiled build carries them too. Checked on first use, not at import,
 * so `npm run train` can replace a file that no longer fits the features; an engine built on a
 * stale file fails at start.
 */
export function defaultGate(): GateModel {
  checked ??= { ...checkGateModel(weights as GateModel), assoc: checkAssocModel(associations as unknown as AssocModel) };
  return checked;
}
