import { describe, expect, it } from 'vitest';
import { checkFlagTable } from '../../src/explain/check.ts';
import { realKnowledge } from '../support/kb.ts';

describe('kb check over the flag table', () => {
  it('passes with the shipped notes', () => {
    const kb = realKnowledge();
    expect(checkFlagTable((id) => kb.byId.has(id))).toEqual([]);
  });

  it('names the flag whose note is missing', () => {
    const kb = realKnowledge();
    const problems = checkFlagTable((id) => id !== 'port-mapping' && kb.byId.has(id));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'src/explain/flags.ts', field: 'run --publish', message: 'unknown topic id "port-mapping"' }));
  });
});
