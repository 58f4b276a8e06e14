import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingEngine } from '../../src/learn/recorder.ts';
import { openSqliteLearnStore, type LearnStore } from '../../src/learn/store.ts';
import { realEngine } from '../support/kb.ts';

let dir: string;
let store: LearnStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dockhand-recorder-'));
  store = openSqliteLearnStore(join(dir, 'd.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row of the questions table, straight from the file. */
const rawRows = () => {
  const db = new Database(store.path, { readonly: true });
  const rows = db.prepare('SELECT * FROM questions').all() as Record<string, unknown>[];
  db.close();
  return rows;
};

describe('recordingEngine', () => {
  it('logs each question with outcome, topic, language, latency, the normalised text and a salted hash of the asker', async () => {
    let t = 1_000;
    const engine = recordingEngine(realEngine(), { store, platform: 'slack', retentionDays: 90, now: () => 1_700_000_000_000, clock: () => (t += 2) });
    const answered = engine.answer('CMD vs ENTRYPOINT', { asker: 'U123' });
    const declined = engine.answer('What is the best pizza in Naples?', { asker: 'U456' });
    const zh = engine.answer('容器和虚拟机有什么区别', { asker: 'U123' });
    expect(answered.answerId).toMatch(/^[\w-]{12}$/);
    expect(new Set([answered.answerId, declined.answerId, zh.answerId]).size).toBe(3);
    const rows = await store.questionsSince(0);
    expect(rows.map((r) => [r.outcome, r.topicId, r.lang])).toEqual([
      ['answered', 'cmd-vs-entrypoint', 'en'],
      ['declined', null, 'en'],
      ['answered', zh.topic!.id, 'zh'],
    ]);
    expect(rows[0]).toMatchObject({ answerId: answered.answerId, platform: 'slack', text: 'cmd vs entrypoint', at: 1_700_000_000_000, latencyMs: 2 });
    expect(rows[0]!.asker).not.toContain('U123');
    expect(rows[0]!.asker).toBe(rows[2]!.asker);
    expect(rows[1]!.asker).not.toBe(rows[0]!.asker);
    expect(JSON.stringify(rawRows())).not.toContain('U123');
  });

  it('logs a button pick without text and without asker', async () => {
    const engine = recordingEngine(realEngine(), { store, platform: 'discord', retentionDays: 90 });
    const answer = engine.answerTopic('volumes', 'zh')!;
    expect(await store.question(answer.answerId!)).toMatchObject({ outcome: 'answered', topicId: 'volumes', text: null, asker: null, lang: 'zh' });
  });

  it('with LOG_RETENTION_DAYS=0 stores no row and no text at all, but answers still carry ids for votes', async () => {
    const engine = recordingEngine(realEngine(), { store, platform: 'slack', retentionDays: 0 });
    const answer = engine.answer('how do I mount a volume', { asker: 'U123' });
    engine.answerTopic('volumes', 'en');
    expect(answer.answerId).toBeTruthy();
    expect(await store.questionsSince(0)).toEqual([]);
    expect(rawRows()).toEqual([]);
  });

  it('never fails an answer when the store fails: the row is dropped and the error logged', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (l: string) => void lines.push(l) });
    const engine = recordingEngine(realEngine(), { store, platform: 'console', retentionDays: 90, logger });
    await store.close();
    const answer = engine.answer('CMD vs ENTRYPOINT');
    expect(answer.topic?.id).toBe('cmd-vs-entrypoint');
    expect(answer.answerId).toBeTruthy();
    await expect.poll(() => lines.join('')).toContain('could not store a question');
  });
});
