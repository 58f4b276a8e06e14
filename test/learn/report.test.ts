import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport, formatReport, parseSince, rankerOf } from '../../src/learn/report.ts';
import { openSqliteLearnStore, type LearnStore, type QuestionRecord } from '../../src/learn/store.ts';
import { realEngine, realKnowledge } from '../support/kb.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-30T12:00:00Z');

let dir: string;
let store: LearnStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dockhand-report-'));
  store = openSqliteLearnStore(join(dir, 'd.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
async function ask(text: string | null, outcome: QuestionRecord['outcome'], options: Partial<QuestionRecord> = {}): Promise<string> {
  const answerId = `a${++n}`;
  const lang = text && /\p{Script=Han}/u.test(text) ? 'zh' : 'en';
  await store.logQuestion({ answerId, at: NOW - DAY, platform: 'slack', lang, outcome, topicId: null, confidence: 0.3, latencyMs: 1, text, asker: store.person('slack', 'U1'), ...options });
  return answerId;
}

/** A week as a team would have it: gaps in both languages, answered notes, votes with reasons. */
async function seedWeek(): Promise<void> {
  const person = (id: string) => store.person('slack', id);
  await ask('how do i deploy to kubernetes', 'declined', { asker: person('U1') });
  await ask('How do I deploy to Kubernetes?', 'declined', { asker: person('U2') });
  await ask('kubernetes deploy', 'suggested', { asker: person('U1'), topicId: 'docker-swarm' });
  await ask('搭建 harbor 私有仓库', 'declined', { asker: person('U3'), platform: 'discord' });
  await ask('harbor 私有仓库怎么搭建', 'declined', { asker: person('U4'), platform: 'discord' });
  await ask('what is the weather in beijing', 'declined', { asker: person('U5') });
  await ask(null, 'suggested', { asker: null, platform: 'console' });
  const runRm = await ask('docker run --rm', 'answered', { topicId: 'run-rm', asker: person('U1') });
  await ask('remove container on exit', 'answered', { topicId: 'run-rm', asker: person('U2') });
  await ask('cmd vs entrypoint', 'answered', { topicId: 'cmd-vs-entrypoint', asker: person('U3') });
  await ask('容器和虚拟机有什么区别', 'answered', { topicId: 'container-vs-vm', asker: person('U3') });
  await ask('FROM node\nRUN apt-get install x', 'lint', { asker: person('U2') });
  // Outside the week: never counted.
  await ask('how do i deploy to kubernetes', 'declined', { at: NOW - 30 * DAY });
  const vote = (answerId: string, voter: string, v: 1 | -1, topicId: string) => store.recordVote({ answerId, voter: person(voter), platform: 'slack', topicId, lang: 'en', vote: v, reason: null, at: NOW - DAY });
  await vote(runRm, 'U1', -1, 'run-rm');
  await vote(runRm, 'U2', -1, 'run-rm');
  await vote(runRm, 'U3', 1, 'run-rm');
  await store.setReason(runRm, person('U1'), 'outdated');
  await vote('a10', 'U1', 1, 'cmd-vs-entrypoint');
}

const options = () => {
  const kb = realKnowledge();
  return { since: NOW - 7 * DAY, until: NOW, ranker: rankerOf(realEngine().explain, kb.byId), title: (id: string, lang: 'en' | 'zh') => kb.byId.get(id)?.title[lang] ?? null };
};

describe('buildReport', () => {
  it('gives the answer rate by outcome and language, gaps clustered with the closest notes, 👎 with reasons and the most asked notes', async () => {
    await seedWeek();
    const report = await buildReport(store, options());
    expect(report).toMatchObject({
      since: '2026-11-23T12:00:00.000Z',
      until: '2026-11-30T12:00:00.000Z',
      questions: 12,
      people: 5,
      outcomes: { answered: 4, suggested: 2, declined: 5, help: 0, lint: 1, explain: 0 },
      platforms: { slack: 9, discord: 2, console: 1 },
      answerRate: 0.364,
      votes: { up: 2, down: 2 },
      gapsWithoutText: 1,
    });
    expect(report.byLang.en).toEqual({ questions: 9, answered: 3, suggested: 2, declined: 3, answerRate: 0.375 });
    expect(report.byLang.zh).toEqual({ questions: 3, answered: 1, suggested: 0, declined: 2, answerRate: 0.333 });
    const [first, second] = report.gaps;
    expect(first).toMatchObject({ text: 'how do i deploy to kubernetes', count: 3, people: 2, outcomes: { declined: 2, suggested: 1 }, examples: ['kubernetes deploy'] });
    expect(second).toMatchObject({ count: 2, people: 2, lang: 'zh' });
    expect(second!.text).toContain('harbor');
    // The engine's ranking: orchestration for Kubernetes, the private registry note for Harbor, nothing for the weather.
    expect(first!.closest[0]!.id).toBe('orchestration');
    expect(second!.closest[0]!.id).toBe('private-registry');
    expect(report.gaps.find((g) => g.text.includes('weather'))!.closest).toEqual([]);
    for (const gap of report.gaps) {
      expect(gap.closest.length).toBeLessThanOrEqual(3);
      for (const c of gap.closest) expect(realKnowledge().byId.get(c.id)?.title[gap.lang]).toBe(c.title);
    }
    expect(report.downVoted).toEqual([{ id: 'run-rm', title: realKnowledge().byId.get('run-rm')!.title.en, down: 2, up: 1, reasons: { outdated: 1, none: 1 } }]);
    expect(report.mostAsked[0]).toMatchObject({ id: 'run-rm', count: 2, people: 2 });
    expect(report.mostAsked.map((m) => m.id)).toEqual(['run-rm', 'cmd-vs-entrypoint', 'container-vs-vm']);
    // JSON round trip: plain data only.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('reports an empty log without dividing by zero', async () => {
    const report = await buildReport(store, options());
    expect(report).toMatchObject({ questions: 0, people: 0, answerRate: null, gaps: [], downVoted: [], mostAsked: [] });
    expect(report.byLang.zh.answerRate).toBeNull();
    expect(formatReport(report)).toContain('0 questions from 0 people; answered –');
  });

  it('prints the report as text for the terminal', async () => {
    await seedWeek();
    const text = formatReport(await buildReport(store, options()));
    expect(text).toContain('12 questions from 5 people; answered 36%');
    expect(text).toContain('3× (2 people) "how do i deploy to kubernetes"');
    expect(text).toContain('also "kubernetes deploy"');
    expect(text).toContain('2👎 1👍 run-rm  (outdated 1, none 1)');
    expect(text).toMatch(/2× \(2 people\) run-rm/);
  });
});

describe('parseSince', () => {
  it('reads 7d, 24h, 2w, 90m and ISO dates, and refuses anything else', () => {
    expect(parseSince('7d', NOW)).toBe(NOW - 7 * DAY);
    expect(parseSince('24h', NOW)).toBe(NOW - DAY);
    expect(parseSince('2w', NOW)).toBe(NOW - 14 * DAY);
    expect(parseSince('90m', NOW)).toBe(NOW - 90 * 60_000);
    expect(parseSince('2026-11-01', NOW)).toBe(Date.parse('2026-11-01'));
    for (const bad of ['', '7', 'd7', 'seven days', '2026-13-45', '1e9d']) expect(parseSince(bad, NOW), bad).toBeNull();
  });
});
