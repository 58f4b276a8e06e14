import { describe, expect, it } from 'vitest';
import { assocByNumber, assocIndex, assocTerms, checkAssocModel, countDocs, NO_NOTE, questionDoc, topicNumbers, type AssocDoc, type AssocModel } from '../../src/engine/assoc.ts';
import { GATE_FEATURES } from '../../src/engine/gate.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { defaultGate } from '../../src/engine/gate-model.ts';
import { rankWithEvidence } from '../../src/engine/rank.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { clean } from '../../src/text/normalize.ts';
import { note, realKnowledge, writeKnowledge } from '../support/kb.ts';

const doc = (q: string, ids: string[], weight = 1): AssocDoc => ({ terms: assocTerms(q), ids, weight });
/** A model's scores keyed by topic id, numbering the topics as the model does. */
const assocScores = (model: AssocModel, terms: string[], exclude?: AssocDoc): Map<string, number> => {
  const numbers = topicNumbers(model, (id) => model.ids.indexOf(id));
  return new Map([...assocByNumber(assocIndex(model), terms, numbers, exclude)].map(([i, v]) => [model.ids[i]!, v]));
};

describe('assoc: terms', () => {
  it('reads Latin words as the ranking stems them, without glue words or bare numbers', () => {
    const terms = assocTerms('How do I stop the containers from restarting 2024?');
    expect(terms).toEqual(expect.arrayContaining(['stop', 'contain', 'restart']));
    // "restarting" and "restarted" are one term, as the ranking reads them.
    expect(assocTerms('container restarted')).toEqual(expect.arrayContaining(['restart']));
    expect(terms).not.toContain('how');
    expect(terms).not.toContain('the');
    expect(terms).not.toContain('2024');
  });

  it('reads Han text as overlapping pairs, so words no note uses still count', () => {
    expect(assocTerms('部署的时差问题')).toEqual(expect.arrayContaining(['部署', '时差', '差问']));
    expect(assocTerms('卷')).toEqual(['卷']);
    expect(assocTerms('的')).toEqual([]);
  });

  it('reads a pasted wall of text only so far', () => {
    const wall = Array.from({ length: 2000 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}x`).join(' ');
    expect(assocTerms(wall).length).toBeLessThanOrEqual(120);
    expect(assocTerms('容器'.repeat(5000) + '镜像'.repeat(5000)).length).toBeLessThanOrEqual(120);
  });
});

describe('assoc: scores', () => {
  const docs = [doc('vhdx keeps growing', ['disk']), doc('wsl vhdx huge after update', ['disk']), doc('wsl distro will not start', ['wsl'])];
  const model = countDocs(docs, 3);

  it('scores the topic whose questions used the words, as a share of the question', () => {
    const scores = assocScores(model, assocTerms('my vhdx file is enormous'));
    expect([...scores.keys()]).toEqual(['disk']);
    expect(scores.get('disk')).toBeGreaterThan(0);
    expect(scores.get('disk')).toBeLessThan(1);
  });

  it('splits a shared word between the topics that used it', () => {
    const scores = assocScores(model, ['wsl']);
    expect(scores.get('disk')).toBeCloseTo(scores.get('wsl')!, 6);
  });

  it('leaves a question out of its own score, as if it had never been counted', () => {
    const alone = countDocs([doc('ext4 grows', ['disk'])], 3);
    expect(assocScores(alone, assocTerms('ext4 grows')).get('disk')).toBeGreaterThan(0);
    expect(assocScores(alone, assocTerms('ext4 grows'), doc('ext4 grows', ['disk'])).size).toBe(0);
    const both = countDocs([doc('ext4 grows', ['disk']), doc('ext4 grows', ['wsl'])], 3);
    const left = assocScores(both, assocTerms('ext4 grows'), doc('ext4 grows', ['disk']));
    expect([...left.keys()]).toEqual(['wsl']);
  });

  it('drops topics the caller does not have', () => {
    const numbers = topicNumbers(model, (id) => (id === 'wsl' ? 7 : undefined));
    expect([...assocByNumber(assocIndex(model), ['wsl', 'vhdx'], numbers).keys()]).toEqual([7]);
  });

  it('ignores words nobody used, and never reads inherited object keys', () => {
    expect(assocScores(model, ['constructor', '__proto__', 'toString']).size).toBe(0);
  });
});

describe('assoc: in the ranking', () => {
  const dir = writeKnowledge({
    'ops/disk-reclaim.md': note('disk-reclaim', { aliasEn: 'docker desktop disk space not returned', aliasZh: '磁盘空间不释放' }),
    'ops/port-mapping.md': note('port-mapping', { aliasEn: 'publish a port', aliasZh: '端口映射' }),
  });
  const kb = loadKnowledge(dir);
  const engine = createEngine(kb, { gate: null });
  const disk = kb.topics.findIndex((t) => t.id === 'disk-reclaim');

  it('brings in a note the question shares no word with when the associations point at it', () => {
    const text = clean('ext4.vhdx keeps growing');
    expect(rankWithEvidence(engine.index, text, 10).candidates.map((c) => c.topic)).not.toContain(disk);
    const ranking = rankWithEvidence(engine.index, text, 10, new Map([[disk, 0.4]]));
    expect(ranking.candidates.map((c) => c.topic)).toContain(disk);
    expect(ranking.assocBest).toBe(disk);
  });

  it('counts a question no note covers under NO_NOTE, which the gate reads apart from the notes', () => {
    const model = countDocs([questionDoc('helm chart pod pending', []), questionDoc('vhdx keeps growing', ['disk-reclaim'])], 3);
    expect(model.ids).toContain(NO_NOTE);
    const gated = createEngine(kb, { gate: { ...defaultGate(), assoc: model } });
    const at = GATE_FEATURES.indexOf('assocNone');
    const uncovered = gated.explain('publish a port for my helm pod');
    expect(uncovered.gate!.features[at]).toBeGreaterThan(0);
    expect(uncovered.ranked.every((id) => kb.byId.has(id))).toBe(true);
    expect(gated.explain('publish a port, the vhdx keeps growing').gate!.features[at]).toBe(0);
  });
});

describe('assoc: the committed model', () => {
  it('loads with the gate and names only notes that exist', () => {
    const model = defaultGate().assoc!;
    const known = new Set(realKnowledge().topics.map((t) => t.id));
    const named = new Set(model.ids);
    expect(named.size).toBeGreaterThan(100);
    expect(named.has(NO_NOTE)).toBe(true);
    for (const id of named) if (id !== NO_NOTE) expect(known.has(id), id).toBe(true);
  });
});

describe('assoc: a broken model file', () => {
  it.each([
    ['rows and words of different lengths', { beta: 3, total: 1, ids: ['a'], words: ['x', 'y'], rows: [[1, 0, 1]] }],
    ['a topic number past the ids', { beta: 3, total: 1, ids: ['a'], words: ['x'], rows: [[1, 4, 1]] }],
    ['the old object format', { beta: 3, total: 1, terms: {} }],
  ])('is refused with GATE_STALE: %s', (_, model) => {
    expect(() => checkAssocModel(model as unknown as AssocModel)).toThrow(expect.objectContaining({ code: 'GATE_STALE' }));
  });
});
