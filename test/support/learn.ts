/**
 * The real learning loop for adapter tests: a SQLite file in a fresh temp dir, the feedback
 * service over it, and the recording engine (so answers carry `answerId`s), as src/app.ts wires
 * them. Votes are read back from that same file, and through `dockhand report --json` as an
 * operator would.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, FeedbackService, Platform } from '../../src/adapter.ts';
import { createFeedbackService } from '../../src/learn/feedback.ts';
import { recordingEngine } from '../../src/learn/recorder.ts';
import type { LearnReport } from '../../src/learn/report.ts';
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
  votes(): Promise<VoteRecord[]>;
  /** Every question logged so far. */
  questions(): Promise<QuestionRecord[]>;
  /** `dockhand report --json --db <this file>`, run as a separate process (last 7 days). */
  report(): LearnReport;
  close(): Promise<void>;
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
    report: () => reportOf(path),
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const BIN = new URL('../../bin/dockhand.js', import.meta.url).pathname;

/** The CLI's JSON report of a store file; throws with the CLI's stderr when it fails. */
function reportOf(path: string): LearnReport {
  const run = spawnSync(process.execPath, [BIN, 'report', '--json', '--db', path], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  if (run.status !== 0) throw new Error(`dockhand report exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as LearnReport;
}
