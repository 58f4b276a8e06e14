import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openLearn } from '../../src/learn/index.ts';
import { rankerOf } from '../../src/learn/report.ts';
import { createMetrics, countVote } from '../../src/metrics.ts';
import { realEngine, realKnowledge } from '../support/kb.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'dockhand-learn-index-'));
  dirs.push(d);
  return d;
};

describe('openLearn', () => {
  it('records answers, stores votes once per person and counts them in dockhand_feedback_total', async () => {
    const metrics = createMetrics();
    const learn = (await openLearn({ dbPath: join(tempDir(), 'd.db'), retentionDays: 90, onVote: (vote, topic) => countVote(metrics, vote, topic) }))!;
    const engine = learn.record(realEngine(), 'slack');
    const answer = engine.answer('docker run --rm', { asker: 'U1' });
    const vote = { answerId: answer.answerId!, platform: 'slack' as const, userId: 'U1', vote: -1 as const, topicId: answer.topic!.id, lang: answer.lang };
    expect(await learn.feedback.vote(vote)).toBe('new');
    expect(await learn.feedback.vote(vote)).toBe('same');
    expect(await learn.feedback.vote({ ...vote, userId: 'U2', vote: 1 })).toBe('new');
    const text = await metrics.registry.metrics();
    expect(text).toContain(`dockhand_feedback_total{vote="down",topic="${answer.topic!.id}"} 1`);
    expect(text).toContain(`dockhand_feedback_total{vote="up",topic="${answer.topic!.id}"} 1`);
    expect(await learn.store.questionsSince(0)).toHaveLength(1);
    await learn.close();
    await learn.close();
  });

  it('returns null and logs why when the store cannot be opened, so the bot answers without a log', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (l: string) => void lines.push(l) });
    // A folder where the file should be.
    expect(await openLearn({ dbPath: tempDir(), retentionDays: 90, logger })).toBeNull();
    expect(lines.join('')).toContain('cannot open the store');
  });
});

describe('rankerOf', () => {
  it("gives the engine's closest notes, best first, with their titles", () => {
    const real = realEngine();
    const kb = realKnowledge();
    const closest = rankerOf(real.explain, kb.byId)('set up a private harbor registry', 'en');
    expect(closest[0]!.id).toBe('private-registry');
    expect(closest[0]!.title).toBe(kb.byId.get('private-registry')!.title.en);
  });
});
