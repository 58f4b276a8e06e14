import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingEngine } from '../src/learn/recorder.ts';
import { openSqliteLearnStore } from '../src/learn/store.ts';
import { silentLogger } from '../src/log.ts';
import { countVote, createMetrics, instrumentEngine } from '../src/metrics.ts';
import { realEngine } from './support/kb.ts';

describe('instrumentEngine', () => {
  it('labels outcomes with the question log\'s words and counts declined questions by language', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-metrics-'));
    const store = openSqliteLearnStore(join(dir, 'd.db'));
    const metrics = createMetrics();
    const engine = instrumentEngine(recordingEngine(realEngine(), { store, platform: 'discord', retentionDays: 90 }), 'discord', metrics, silentLogger());
    const questions = ['CMD vs ENTRYPOINT', 'what is the best pizza in naples', '那不勒斯最好吃的披萨在哪里', 'FROM ubuntu\nRUN apt-get update\nRUN apt-get install -y curl', 'docker run --rm -p 8080:80 nginx'];
    for (const q of questions) engine.answer(q);
    const text = await metrics.registry.metrics();
    const logged = (await store.questionsSince(0)).map((r) => r.outcome);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    for (const outcome of new Set(logged)) {
      const n = logged.filter((o) => o === outcome).length;
      expect(text).toContain(`dockhand_questions_total{platform="discord",outcome="${outcome}"} ${n}`);
    }
    expect(new Set(logged)).toEqual(new Set(['answered', 'declined', 'lint', 'explain']));
    expect(text).toContain('dockhand_declined_questions_total{platform="discord",lang="en"} 1');
    expect(text).toContain('dockhand_declined_questions_total{platform="discord",lang="zh"} 1');
  });

  it('counts votes by vote and topic, "none" without a note', async () => {
    const metrics = createMetrics();
    countVote(metrics, 1, 'run-rm');
    countVote(metrics, -1, 'run-rm');
    countVote(metrics, -1, 'run-rm');
    countVote(metrics, -1, null);
    const text = await metrics.registry.metrics();
    expect(text).toContain('dockhand_feedback_total{vote="up",topic="run-rm"} 1');
    expect(text).toContain('dockhand_feedback_total{vote="down",topic="run-rm"} 2');
    expect(text).toContain('dockhand_feedback_total{vote="down",topic="none"} 1');
  });
});
