import { userInfo } from 'node:os';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../../adapters/console/adapter.ts';
import { openLearn, type Learn } from '../../support/learn.ts';

let learn: Learn | null = null;
afterEach(async () => {
  await learn?.close();
  learn = null;
});

/** The real readline over streams, with the recording engine and feedback over a real SQLite file. */
async function chat(lines: string[], options: { feedback?: boolean; user?: string; interactive?: boolean } = {}) {
  const l = (learn ??= openLearn());
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const adapter = createConsoleAdapter({
    engine: l.engine('console'),
    input,
    output,
    interactive: options.interactive ?? false,
    ...(options.feedback === false ? {} : { feedback: l.feedback }),
    ...(options.user ? { user: options.user } : {}),
  });
  await adapter.start();
  for (const line of lines) input.write(`${line}${options.interactive ? '\r' : '\n'}`);
  input.end();
  await adapter.closed;
  return { text, learn: l };
}

describe('console + / -', () => {
  it('stores a vote on the last answer once, replaces a changed one and takes a reason number', async () => {
    const { text, learn: l } = await chat(['cmd vs entrypoint', '+', '+', '-', '2', 'docker ps', '-  3'], { user: 'tester' });
    expect(text).toContain('Thanks! Your 👍 is noted.');
    expect(text).toContain('You already gave this answer a 👍.');
    expect(text).toContain('Changed your vote to 👎. What was wrong?');
    expect(text).toContain('1 Wrong note   2 Outdated   3 Too long   4 Wrong language');
    expect(text).toContain('Noted: Outdated.');
    expect(text).toContain('Noted: Too long.');
    const [first, second] = await l.questions();
    const votes = await l.votes();
    expect(votes).toHaveLength(2);
    expect(votes.find((v) => v.answerId === first!.answerId)).toMatchObject({ vote: -1, reason: 'outdated', topicId: 'cmd-vs-entrypoint', platform: 'console' });
    expect(votes.find((v) => v.answerId === second!.answerId)).toMatchObject({ vote: -1, reason: 'too-long' });
    expect(votes.every((v) => v.voter === l.store.person('console', 'tester'))).toBe(true);
    // The asker is logged as the same local user (hashed), and the vote lines were not asked as questions.
    expect((await l.questions()).map((q) => q.asker)).toEqual([l.store.person('console', 'tester'), l.store.person('console', 'tester')]);

    // What an operator reads back: the 👍 then 👎 on the first answer count once, as the 👎.
    const report = l.report();
    expect(report.votes).toEqual({ up: 0, down: 2 });
    expect(report.downVoted.find((d) => d.id === 'cmd-vs-entrypoint')).toMatchObject({ down: 1, up: 0, reasons: { outdated: 1 } });
    expect(report.downVoted.map((d) => d.reasons)).toContainEqual({ 'too-long': 1 });
  }, 90_000);

  it('votes as the OS user by default and answers a Chinese answer in Chinese', async () => {
    const { text, learn: l } = await chat(['容器和虚拟机有什么区别', '-']);
    expect(text).toContain('谢谢反馈。哪里不对？');
    expect(text).toContain('1 笔记不对   2 内容过时   3 太长了   4 语言不对');
    expect(await l.votes()).toMatchObject([{ vote: -1, lang: 'zh', reason: null, voter: l.store.person('console', userInfo().username) }]);
  });

  it('says there is nothing to rate before a question, and a skipped or abandoned reason leaves the vote as it is', async () => {
    const { text, learn: l } = await chat(['+', 'docker ps', '-', '', 'history', '-', 'docker logs', '2']);
    expect(text).toContain('Nothing to rate yet: ask a question first.');
    // After "-", an empty line skips the reason, and a question is answered as usual.
    expect(text).toContain('1. docker ps');
    const votes = await l.votes();
    expect(votes).toHaveLength(1);
    expect(votes[0]).toMatchObject({ vote: -1, reason: null });
    expect(await l.questions()).toHaveLength(3);
  });

  it('still answers, and says the vote was not saved, when the store fails', async () => {
    learn = openLearn();
    await learn.store.close();
    const { text } = await chat(['docker ps', '+']);
    expect(text).toContain('docker ps');
    expect(text).toContain("Sorry, I couldn't save your vote.");
  });

  it('in a terminal, ends a rateable answer with how to rate it, and help lists + / -', async () => {
    const { text } = await chat(['cmd vs entrypoint', 'help'], { interactive: true });
    expect(text).toContain('Rate this answer: + or -');
    expect(text).toContain('+ / -');
    expect(text).toContain('rate the last answer');
  });

  it('without feedback, + and - are questions like any other and help does not list them', async () => {
    const { text, learn: l } = await chat(['cmd vs entrypoint', '+', 'help'], { feedback: false });
    expect(text).not.toContain('Thanks!');
    expect(text).not.toContain('+ / -');
    expect(await l.votes()).toEqual([]);
    // "+" went to the engine as a question.
    expect(await l.questions()).toHaveLength(2);
  });
});
