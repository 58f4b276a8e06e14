import { describe, expect, it } from 'vitest';
import { checkGateModel, GATE_FEATURES, topicPrior, type TopicPriors } from '../../src/engine/gate.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { defaultGate } from '../../src/engine/gate-model.ts';
import { realKnowledge } from '../support/kb.ts';

const priors: TopicPriors = { smoothing: 3, base: 0.6, right: { volumes: 9, orchestration: 0 }, seen: { volumes: 10, orchestration: 6 } };

describe('gate: topic priors', () => {
  it('reads how often a note was right when it ranked first, smoothed towards the base rate', () => {
    expect(topicPrior(priors, 'volumes')).toBeCloseTo((9 + 1.8) / 13);
    expect(topicPrior(priors, 'orchestration')).toBeCloseTo(1.8 / 9);
    expect(topicPrior(priors, 'never-seen')).toBeCloseTo(0.6);
    expect(topicPrior(priors, null)).toBe(0.6);
    expect(topicPrior(undefined, 'volumes')).toBe(0.5);
  });

  it('leaves a training question out of its own prior, right or wrong', () => {
    expect(topicPrior(priors, 'volumes', { ids: ['volumes'], weight: 1 })).toBeCloseTo((8 + 1.8) / 12);
    expect(topicPrior(priors, 'volumes', { ids: ['docker-ps'], weight: 1 })).toBeCloseTo((9 + 1.8) / 12);
    // A question that never counted towards a note cannot take anything out of it.
    expect(topicPrior(priors, 'never-seen', { ids: [], weight: 1 })).toBeCloseTo(0.6);
  });

  it('ships priors in gate.json for the feature it reads', () => {
    const gate = defaultGate();
    expect(GATE_FEATURES).toContain('topicPrior');
    expect(gate.priors?.smoothing).toBeGreaterThan(0);
    expect(Object.keys(gate.priors?.seen ?? {}).length).toBeGreaterThan(50);
    for (const [id, seen] of Object.entries(gate.priors!.seen)) expect(gate.priors!.right[id] ?? 0, id).toBeLessThanOrEqual(seen);
    expect(() => checkGateModel({ ...gate, features: gate.features.slice(0, -1) })).toThrow(/npm run train/);
  });
});

describe('gate: thresholds per language', () => {
  it('answers at the threshold of the question\'s language', () => {
    const kb = realKnowledge();
    const gate = defaultGate();
    const strictZh = createEngine(kb, { gate: { ...gate, answerAtByLang: { en: 0, zh: 1.01 } } });
    // Phrased so no alias matches exactly and no comparison or error shortcut applies: the gate decides.
    const en = strictZh.explain('how can I keep my database files when the container is deleted');
    const zh = strictZh.explain('容器删掉以后怎么保住数据库的文件');
    expect(en.gate).toBeDefined();
    expect(zh.gate).toBeDefined();
    expect(en.answer.kind).toBe('topic');
    expect(zh.answer.kind).not.toBe('topic');
    const strictEn = createEngine(kb, { gate: { ...gate, answerAtByLang: { en: 1.01, zh: 0 } } });
    expect(strictEn.explain('how can I keep my database files when the container is deleted').answer.kind).not.toBe('topic');
    expect(strictEn.explain('容器删掉以后怎么保住数据库的文件').answer.kind).toBe('topic');
  });
});
