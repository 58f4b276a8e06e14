/**
 * The real learning loop for adapter tests: a SQLite file in a fresh temp dir, the feedback
 * service over it, and the recording engine (so answers carry `answerId`s), as src/app.ts wires
 * them. Votes are read back from that same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, FeedbackService, Platform } from '../../src/adapter.ts';
import { createFeedbackService } from '../../src/learn/feedback.ts';
import { recordingEngine } from '../../src/learn/recorder.ts';
import { openSqliteLearnStore, type LearnStore, type QuestionRecord, type VoteRecord } from '../../src/learn/store.ts';
import { realEngine } from './kb.ts';

export interface Learn {
  /** The store file. */
  path: string;
  store: LearnStore;
  feedback: FeedbackService;
  /** The real engine, recording into the store as `platform`. */
  engine(platform: Platform): Engine;
  /** Every vote stored so far. */
  votes(): VoteRecord[];
  /** Every question logged so far. */
  questions(): QuestionRecord[];
  close(): void;
}

export function openLearn(): Learn {
  const dir = mkdtempSync(join(tmpdir(), 'dockhand-feedback-'));
  const path = join(dir, 'dockhand.db');
  const store = openSqliteLearnStore(path);
  return {
    path,
    store,
    feedback: createFeedbackService({ store }),
    engine: (platform) => recordingEngine(realEngine(), { store, platform, retentionDays: 90 }),
    votes: () => store.votesSince(0),
    questions: () => store.questionsSince(0),
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
