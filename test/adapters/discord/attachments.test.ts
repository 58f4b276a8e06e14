/**
 * "Lint Dockerfile" (a message command) and Dockerfile attachments on mentions and DMs, through
 * the real discord.js Client and a loopback Discord that serves the attachments.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bigDockerfile } from '../../../bench/lint.ts';
import { MAX_ATTACHMENT_BYTES } from '../../../adapters/discord/attachments.ts';
import { LINT_COMMAND } from '../../../adapters/discord/commands.ts';
import { lint } from '../../../src/lint/index.ts';
import { apiMessage } from '../../support/fake-discord.ts';
import { ALICE, dmMessage, guildMessage, messageCommandInteraction } from '../../support/fake-discord-payloads.ts';
import { callbackOf, messageOf, startHarness, type Harness, type SentMessage } from './harness.ts';
import { limitProblems, mentionProblems } from './limits.ts';

const EPHEMERAL = 64;
const FILE = 'FROM node\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN apt-get update\nCMD node index.js\n';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** A message in the channel, as the message command's target. */
const target = (content: string, attachments: Record<string, unknown>[] = []) =>
  apiMessage({ channel_id: h.fake.ids.channel, guild_id: h.fake.ids.guild, author: ALICE, content, attachments });

/** Runs the message command on `message` and resolves with the message the user finally sees. */
async function lintCommand(message: Record<string, unknown>, locale = 'en-US'): Promise<{ first: number; shown: SentMessage }> {
  const payload = messageCommandInteraction(h.fake, LINT_COMMAND, message, { locale });
  const callback = callbackOf(await h.interact(payload));
  if (callback.type === 4) return { first: 4, shown: callback.data! };
  const edit = await h.fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${h.fake.ids.application}/${payload.token}/messages/@original`);
  return { first: callback.type, shown: messageOf(edit) };
}

const shownText = (m: SentMessage) => JSON.stringify([m.content ?? '', m.embeds ?? []]);

function expectFindings(shown: SentMessage, file: string): void {
  const text = shownText(shown);
  for (const f of lint(file).findings) {
    expect(text, f.rule).toContain(f.rule);
    expect(text, `line ${f.line}`).toContain(`Line ${f.line}`);
  }
}

describe('"Lint Dockerfile" on a message', () => {
  it('lints a code block in the message, privately, with the notes as buttons and no pings', async () => {
    const { first, shown } = await lintCommand(target(`what's wrong?\n\`\`\`dockerfile\n${FILE}\`\`\``));
    expect(first).toBe(4);
    expect(shown.flags).toBe(EPHEMERAL);
    expect(shown.embeds![0]!.title).toMatch(/^Dockerfile check: \d+ findings$/);
    expectFindings(shown, FILE);
    expect(shown.components!.flatMap((r) => r.components.map((b) => b.custom_id))).toContain('dh:t:shell-vs-exec-form:en');
    expect(shown.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(limitProblems(shown)).toEqual([]);
  });

  it('lints a raw pasted Dockerfile and one written on a single fenced line, in the asker\'s Discord language', async () => {
    const raw = await lintCommand(target(FILE), 'zh-CN');
    expect(raw.shown.embeds![0]!.title).toMatch(/^Dockerfile 检查：发现 \d+ 个问题$/);
    const inline = await lintCommand(target('```CMD node a.js```'));
    expect(shownText(inline.shown)).toContain('DH006');
  });

  it('downloads an attachment named Dockerfile* (deferring first) and lints it; a clean file says "no findings" and lists the checks', async () => {
    const clean = 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nUSER node\nCMD ["node", "index.js"]\n';
    const dirty = await lintCommand(target('', [h.fake.attachment('Dockerfile.prod', FILE, { contentType: 'text/plain; charset=utf-8' })]));
    expect(dirty.first).toBe(5);
    expectFindings(dirty.shown, FILE);
    const ok = await lintCommand(target('see attached', [h.fake.attachment('Dockerfile', clean)]));
    expect(ok.shown.embeds![0]!.title).toBe('Dockerfile check: no findings');
    for (const id of lint(clean).rules) expect(shownText(ok.shown)).toContain(id);
    expect(h.fake.requests.filter((r) => r.path.startsWith('/attachments/')).map((r) => r.method)).toEqual(['GET', 'GET']);
  });

  it('says so when the message holds no Dockerfile, and refuses binary, oversized and non-text attachments', async () => {
    const none = await lintCommand(target('how do I make my image smaller?'));
    expect(none.shown.content).toContain('No Dockerfile in that message');
    expect(none.shown.flags).toBe(EPHEMERAL);
    const image = await lintCommand(target('', [h.fake.attachment('Dockerfile.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), { contentType: 'image/png' })]));
    expect(image.shown.content).toContain('`Dockerfile.png` is not a text file');
    const big = await lintCommand(target('', [h.fake.attachment('Dockerfile', 'RUN x', { size: MAX_ATTACHMENT_BYTES + 1 })]));
    expect(big.shown.content).toContain('over 100 kB');
    const nul = await lintCommand(target('', [h.fake.attachment('Dockerfile', Buffer.from('FROM a\u0000b'))]));
    expect(nul.shown.content).toContain('is not a text file');
    // None of the refused files was downloaded except the one whose bytes had to be looked at.
    expect(h.fake.requests.filter((r) => r.path.startsWith('/attachments/'))).toHaveLength(1);
  });

  it('falls back to the message\'s own code block when the attachment cannot be downloaded, and says so', async () => {
    const gone = h.fake.attachment('Dockerfile', FILE, { status: 404 });
    const { shown } = await lintCommand(target(`\`\`\`\n${FILE}\`\`\``, [gone]));
    expect(shown.content).toContain("I couldn't download `Dockerfile`");
    expectFindings(shown, FILE);
    const log = h.logs.find((l) => l.msg === 'could not download a Discord attachment');
    expect(log).toBeDefined();
    expect(JSON.stringify(log)).not.toContain('hm=');
  });

  it('never fetches an attachment URL off Discord\'s CDN', async () => {
    const forged = { id: '1', filename: 'Dockerfile', size: 10, url: 'https://evil.example/Dockerfile', proxy_url: 'https://evil.example/Dockerfile' };
    const { shown } = await lintCommand(target('', [forged]));
    expect(shown.content).toContain("I couldn't download `Dockerfile`");
    expect(h.logs.some((l) => l.msg === "refused an attachment URL that is not on Discord's CDN")).toBe(true);
  });

  it('answers a 2,000-line attachment within Discord\'s limits and 3 seconds, saying how many findings were cut', async () => {
    const file = bigDockerfile(2000).replace(/USER node/g, 'USER root').replace(/FROM node:22-bookworm/g, 'FROM node');
    const started = performance.now();
    const { shown } = await lintCommand(target('', [h.fake.attachment('Dockerfile', file)]));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(limitProblems(shown)).toEqual([]);
    const report = lint(file);
    const description = shown.embeds![0]!.description ?? '';
    expect(description).toContain(`in ${report.lines} lines`);
    const cut = /(\d+) more findings? on/.exec(description);
    expect(cut, 'the cut is stated').not.toBeNull();
    expect(Number(cut![1])).toBeGreaterThan(0);
    expect(Number(cut![1])).toBeLessThan(report.findings.length);
  });
});

describe('a mention or DM with a Dockerfile attachment', () => {
  it('gets the lint findings for the attachment, replying without pings', async () => {
    const message = guildMessage(h.fake, `<@${h.fake.ids.bot}> anything wrong with this?`, { mentions: [h.fake.botUser], attachments: [h.fake.attachment('Dockerfile', FILE)] });
    const sent = h.fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${h.fake.ids.channel}/messages`);
    h.fake.dispatch('MESSAGE_CREATE', message);
    const body = messageOf(await sent);
    expect(body.embeds![0]!.title).toMatch(/^Dockerfile check/);
    expectFindings(body, FILE);
    expect(mentionProblems(body)).toEqual([]);
    expect(limitProblems(body)).toEqual([]);
  });

  it('in a DM: an attachment alone is linted; other attachments are left alone; an unreadable one gets a note and the question its answer', async () => {
    const alone = dmMessage('', { attachments: [h.fake.attachment('Dockerfile', 'CMD node a.js')] });
    const first = h.fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${alone.channel_id}/messages`);
    h.fake.dispatch('MESSAGE_CREATE', alone);
    expect(shownText(messageOf(await first))).toContain('DH006');

    const other = dmMessage('cmd vs entrypoint', { attachments: [h.fake.attachment('notes.txt', FILE)] });
    const second = h.fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${other.channel_id}/messages`);
    h.fake.dispatch('MESSAGE_CREATE', other);
    expect(messageOf(await second).embeds![0]!.title).toBe('CMD vs ENTRYPOINT');

    const broken = dmMessage('cmd vs entrypoint', { attachments: [h.fake.attachment('Dockerfile', FILE, { contentType: 'application/zip' })] });
    const third = h.fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${broken.channel_id}/messages`);
    h.fake.dispatch('MESSAGE_CREATE', broken);
    const body = messageOf(await third);
    expect(body.content).toContain('is not a text file');
    expect(body.embeds![0]!.title).toBe('CMD vs ENTRYPOINT');
    expect(h.fake.requests.filter((r) => r.path.startsWith('/attachments/'))).toHaveLength(1);
  });
});
