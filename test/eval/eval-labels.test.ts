import { describe, expect, it } from 'vitest';
import { combineLabels, extendLabel, mergeCollection, splitOf, type Collected } from '../../src/eval-labels.ts';

const known = (id: string) => ['volumes', 'docker-logs', 'port-mapping'].includes(id);
const row = (over: Partial<Collected> = {}): Collected => ({ q: 'docker logs are empty', expect: ['docker-logs'], lang: 'en', source: 'https://github.com/a/b/issues/1', category: 'ops', ...over });

describe('combineLabels', () => {
  it.each([
    [['volumes'], ['volumes'], ['volumes']],
    [['volumes'], ['docker-logs'], ['volumes', 'docker-logs']],
    [['volumes', null], ['volumes'], ['volumes', null]],
    [['volumes'], [], ['volumes', null]],
    [[], [], []],
  ])('%j + %j = %j', (a, b, want) => {
    expect(combineLabels(a, b)).toEqual(want);
  });
});

describe('mergeCollection', () => {
  it('combines the labels and fixes the split by the source', () => {
    const merged = mergeCollection([], [row()], new Map([['https://github.com/a/b/issues/1', ['port-mapping']]]), known);
    expect(merged.problems).toEqual([]);
    expect(merged.rows).toEqual([{ ...row(), expect: ['docker-logs', 'port-mapping'], split: splitOf('https://github.com/a/b/issues/1') }]);
    expect(merged.second).toEqual([{ source: 'https://github.com/a/b/issues/1', expect: ['port-mapping'] }]);
  });

  it('names every problem: a known source or title, a wrong lang, an unknown id, a missing second label', () => {
    const existing = [{ q: 'Docker logs are EMPTY', source: 'https://x/1' }];
    const rows = [row({ source: 'https://x/1' }), row({ q: '日志为空', source: 'https://x/2', expect: ['nope'] }), row({ q: 'other', source: 'https://x/3' })];
    const second = new Map([['https://x/1', ['volumes']], ['https://x/2', ['volumes']]]);
    const { problems } = mergeCollection(existing, rows, second as Map<string, (string | null)[]>, known);
    expect(problems.join('\n')).toMatch(/row 1 .*source already in the set/);
    expect(problems.join('\n')).toMatch(/row 1 .*title already in the set/);
    expect(problems.join('\n')).toMatch(/row 2 .*lang "en" does not match/);
    expect(problems.join('\n')).toMatch(/row 2 .*unknown topic id "nope"/);
    expect(problems.join('\n')).toMatch(/row 3 .*no second label/);
  });

  it('splits about 40 % of sources into test', () => {
    const tests = Array.from({ length: 1000 }, (_, i) => splitOf(`https://github.com/x/y/issues/${i}`)).filter((s) => s === 'test').length;
    expect(tests).toBeGreaterThan(350);
    expect(tests).toBeLessThan(450);
  });
});

describe('extendLabel', () => {
  it('gives an uncovered question the new notes both labellers named, declining also fair when they differ', () => {
    expect(extendLabel([], ['swarm-managers'], ['swarm-managers'])).toEqual(['swarm-managers']);
    expect(extendLabel([], ['swarm-managers'], [])).toEqual(['swarm-managers', null]);
    expect(extendLabel([], ['swarm-managers', null], ['swarm-managers'])).toEqual(['swarm-managers', null]);
    expect(extendLabel([], [], [])).toEqual([]);
  });

  it('adds new notes to a covered question as alternatives and keeps whether declining is fair', () => {
    expect(extendLabel(['orchestration'], ['swarm-managers'], [])).toEqual(['orchestration', 'swarm-managers']);
    expect(extendLabel(['orchestration', null], ['swarm-managers'], ['swarm-managers'])).toEqual(['orchestration', 'swarm-managers', null]);
    expect(extendLabel(['orchestration'], [], [])).toEqual(['orchestration']);
  });
});
