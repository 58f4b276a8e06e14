import { afterEach, describe, expect, it } from 'vitest';
import { bigDockerfile } from '../../../bench/lint.ts';
import { lint } from '../../../src/lint/index.ts';
import { dmEvent, mentionEvent, postSigned, slashBody } from '../../support/fake-slack-requests.ts';
import { blocksOf, buttonsOf, realEngine, sendEvent, slash, startRig, textOf, type Rig } from './harness.ts';
import { blockKitProblems } from './limits.ts';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const FILE = 'FROM node\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN apt-get update\nCMD node index.js';
const CLEAN = 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nUSER node\nCMD ["node", "index.js"]';
const header = (message: Record<string, unknown> | undefined) => (blocksOf(message).find((b) => b.type === 'header')?.text as { text: string } | undefined)?.text;

describe('/docker lint', () => {
  it('lints the file in the command text: findings grouped by line, each note a button, the same rules as the CLI', async () => {
    rig = await startRig();
    const { res, replies } = await slash(rig, `lint ${FILE}`);
    expect(res.status).toBe(200);
    expect(replies).toHaveLength(1);
    const reply = replies[0]!;
    expect(header(reply)).toMatch(/^Dockerfile check: \d+ findings$/);
    const text = textOf(reply);
    for (const f of lint(FILE).findings) {
      expect(text).toContain(f.rule);
      expect(text).toContain(`Line ${f.line}`);
    }
    const buttons = buttonsOf(reply);
    expect(buttons.map((b) => JSON.parse(b.value).t)).toContain('shell-vs-exec-form');
    expect(reply.response_type).toBe('ephemeral');
    expect(blockKitProblems(reply)).toEqual([]);
  });

  it('lints a code block as Slack sends it (no line breaks at the fences), with --lang', async () => {
    rig = await startRig();
    const { replies } = await slash(rig, `--lang zh lint \`\`\`${FILE}\`\`\``);
    expect(header(replies[0])).toMatch(/^Dockerfile 检查：发现 \d+ 个问题$/);
    expect(textOf(replies[0])).toContain('第 1 行');
    // The FROM line is linted too: the fence did not swallow it as a language tag.
    expect(textOf(replies[0])).toContain('DH001');
  });

  it('says "no findings" and lists the checks it ran for a clean file', async () => {
    rig = await startRig();
    const { replies } = await slash(rig, `lint\n${CLEAN}`);
    expect(header(replies[0])).toBe('Dockerfile check: no findings');
    const text = textOf(replies[0]);
    expect(text).toContain('Checks run');
    for (const id of lint(CLEAN).rules) expect(text).toContain(id);
  });

  it('answers a bare /docker lint with usage help, and text with no instruction says so', async () => {
    rig = await startRig();
    const bare = await slash(rig, 'lint');
    expect(textOf(bare.replies[0])).toContain('/docker lint');
    expect(textOf(bare.replies[0])).toContain('snippet');
    const prose = await slash(rig, 'lint please check my file');
    expect(textOf(prose.replies[0])).toContain('no instruction');
    expect(textOf(prose.replies[0])).toContain('/docker lint');
  });

  it('still answers a question that merely starts with "lint" when a note answers it', async () => {
    rig = await startRig();
    const { replies } = await slash(rig, 'lint a dockerfile');
    expect(header(replies[0])).toBe(realEngine().answer('lint a dockerfile').title);
    expect(textOf(replies[0])).toContain('docker build --check');
  });

  it('answers a 2,000-line file within Block Kit limits and Slack\'s 3 seconds, saying how many findings were cut', async () => {
    rig = await startRig();
    const file = bigDockerfile(2000).replace(/USER node/g, 'USER root').replace(/FROM node:22-bookworm/g, 'FROM node');
    const responseUrl = rig.fake.responseUrl();
    const started = performance.now();
    const res = await postSigned(rig.appUrl, slashBody({ text: `lint ${file}`, responseUrl }));
    expect(res.status).toBe(200);
    await rig.fake.waitFor(() => rig!.fake.repliesTo(responseUrl).length > 0, 'the lint reply', 3_000);
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(3_000);
    const reply = rig.fake.repliesTo(responseUrl)[0]!;
    expect(blockKitProblems(reply)).toEqual([]);
    const report = lint(file);
    const found = report.findings.length;
    // The whole file was read (nothing cut off at a message-size cap on the way in).
    expect(textOf(reply)).toContain(`in ${report.lines} lines`);
    const shown = /(\d+) more findings? on/.exec(textOf(reply));
    expect(shown, 'the cut is stated').not.toBeNull();
    expect(Number(shown![1])).toBeGreaterThan(0);
    expect(Number(shown![1])).toBeLessThan(found);
  });

  it('lints a Dockerfile pasted in a DM or after a mention, line breaks and all', async () => {
    rig = await startRig();
    await sendEvent(rig, 'EvPaste1', dmEvent(`\`\`\`${FILE}\`\`\``));
    await sendEvent(rig, 'EvPaste2', mentionEvent(`<@UBOT> lint ${FILE}`));
    const posts = rig.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      expect(header(post.params)).toMatch(/^Dockerfile check/);
      expect(textOf(post.params)).toContain('DH006');
    }
  });
});
