import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { MAX_FILE_BYTES } from '../../../adapters/slack/files.ts';
import { lint } from '../../../src/lint/index.ts';
import { dmEvent, mentionEvent } from '../../support/fake-slack-requests.ts';
import { blocksOf, buttonsOf, sendEvent, startRig, textOf, type Rig } from './harness.ts';
import { blockKitProblems } from './limits.ts';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const FILE = 'FROM node\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN apt-get update\nCMD node index.js\n';
const PORT_ERROR = 'docker: Error response from daemon: driver failed programming external connectivity on endpoint web (3f2a): Bind for 0.0.0.0:8080 failed: port is already allocated.\n';

const header = (message: Record<string, unknown> | undefined) => (blocksOf(message).find((b) => b.type === 'header')?.text as { text: string } | undefined)?.text;
const posts = (r: Rig) => r.fake.callsTo('chat.postMessage').map((c) => c.params);
const snippet = (r: Rig, id: string, name: string, content: string | Buffer, extra: Record<string, unknown> = {}) =>
  r.fake.addFile(id, { name, content, mode: 'snippet', filetype: name.startsWith('Dockerfile') ? 'dockerfile' : 'text', ...extra });
const shared = (text: string, files: unknown[], extra: Record<string, unknown> = {}) => dmEvent(text, { subtype: 'file_share', files, ...extra });

/** A rig whose log lines the test can read. */
async function loggedRig(): Promise<{ rig: Rig; lines: Array<Record<string, unknown>> }> {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { rig: await startRig({ adapter: { logger } }), lines };
}

describe('a snippet shared in a DM or a mention', () => {
  it('is downloaded with the bot token through the API base and linted like a paste: the same findings as the CLI', async () => {
    rig = await startRig();
    const file = snippet(rig, 'F1', 'Dockerfile', FILE);
    await sendEvent(rig, 'EvS1', shared('', [file]));
    expect(rig.fake.downloads).toEqual([{ path: '/files-pri/T0001-F1/Dockerfile', token: rig.fake.options.botToken }]);
    const [reply] = posts(rig);
    expect(header(reply)).toMatch(/^Dockerfile check: \d+ findings$/);
    for (const f of lint(FILE).findings) expect(textOf(reply)).toContain(`Line ${f.line}`);
    expect(buttonsOf(reply).map((b) => JSON.parse(b.value).t)).toContain('shell-vs-exec-form');
    expect(blockKitProblems(reply!)).toEqual([]);
  });

  it('reads the text and the snippet together: a review request is linted, a question about the file answered', async () => {
    rig = await startRig();
    await sendEvent(rig, 'EvS2', shared("what's wrong with this?", [snippet(rig, 'F2', 'Dockerfile', FILE)]));
    await sendEvent(rig, 'EvS3', shared('why does this happen?', [snippet(rig, 'F3', 'error.txt', PORT_ERROR)]));
    const [review, question] = posts(rig);
    expect(header(review)).toMatch(/^Dockerfile check/);
    expect(textOf(question)).toContain('already allocated');
    expect(buttonsOf(question).some((b) => b.text.includes('Dockerfile check'))).toBe(false);
  });

  it('answers a mention that carries a snippet in its thread, and `lint` with a one-line Dockerfile snippet', async () => {
    rig = await startRig();
    const mention = mentionEvent('<@UBOT>', { subtype: 'file_share', files: [snippet(rig, 'F4', 'Dockerfile', FILE)] });
    await sendEvent(rig, 'EvS4', mention);
    await sendEvent(rig, 'EvS5', shared('lint', [snippet(rig, 'F5', 'Dockerfile.dev', 'CMD node server.js')]));
    const [inThread, oneLine] = posts(rig);
    expect(inThread!.thread_ts).toBe('1700000100.000100');
    expect(header(inThread)).toMatch(/^Dockerfile check/);
    expect(textOf(oneLine)).toContain('DH006');
  });

  it('gives binary and oversized files a short reply without downloading them, and still answers the text', async () => {
    rig = await startRig();
    const image = rig.fake.addFile('F6', { name: 'screenshot.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]), mimetype: 'image/png', filetype: 'png' });
    const big = snippet(rig, 'F7', 'Dockerfile', `RUN echo ${'x'.repeat(MAX_FILE_BYTES)}`);
    await sendEvent(rig, 'EvS6', shared('', [image]));
    await sendEvent(rig, 'EvS7', shared('', [big]));
    await sendEvent(rig, 'EvS8', shared('cmd vs entrypoint', [image]));
    expect(rig.fake.downloads).toEqual([]);
    const [binary, tooBig, withText] = posts(rig);
    expect(textOf(binary)).toContain('I can only read text files, and `screenshot.png` is not one');
    expect(textOf(tooBig)).toContain('over 100 kB');
    expect(header(withText)).toBe('CMD vs ENTRYPOINT');
    expect(textOf(withText)).toContain('`screenshot.png` is not one. Here is the answer to your message text.');
  });

  it('treats a "text" file holding NUL bytes or invalid UTF-8 as binary', async () => {
    rig = await startRig();
    await sendEvent(rig, 'EvS9', shared('', [snippet(rig, 'F8', 'Dockerfile', Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x20]))]));
    await sendEvent(rig, 'EvS10', shared('', [snippet(rig, 'F9', 'notes.txt', Buffer.from([0xff, 0xfe, 0xfd]))]));
    for (const reply of posts(rig)) expect(textOf(reply)).toContain('I can only read text files');
  });

  it('without files:read answers the message text and logs once which scope is missing', async () => {
    const logged = await loggedRig();
    rig = logged.rig;
    // An event that leaves the details to files.info, which refuses without the scope.
    rig.fake.on('files.info', () => ({ ok: false, error: 'missing_scope', needed: 'files:read', provided: 'chat:write,im:history' }));
    await sendEvent(rig, 'EvS11', shared('cmd vs entrypoint', [{ id: 'F10', file_access: 'check_file_info' }]));
    // The download itself, where Slack answers with its sign-in page instead of the file.
    rig.fake.addFile('F11', { name: 'Dockerfile', content: '<html>Sign in</html>', contentType: 'text/html; charset=utf-8', mode: 'snippet' });
    const file = { id: 'F11', name: 'Dockerfile', mode: 'snippet', size: 20, url_private: 'https://files.slack.com/files-pri/T0001-F11/Dockerfile' };
    await sendEvent(rig, 'EvS12', shared('cmd vs entrypoint', [file]));
    const replies = posts(rig);
    expect(replies.map(header)).toEqual(['CMD vs ENTRYPOINT', 'CMD vs ENTRYPOINT']);
    for (const reply of replies) expect(textOf(reply)).toContain("couldn't read");
    const scope = logged.lines.filter((l) => l.level === 40 && String(l.msg).includes('files:read'));
    expect(scope).toHaveLength(1);
    expect(scope[0]!.scope).toBe('files:read');
    expect(JSON.stringify(logged.lines)).not.toContain(rig.fake.options.botToken);
  });

  it('a file that is gone (404) is logged as a failed download, not as a missing scope', async () => {
    const logged = await loggedRig();
    rig = logged.rig;
    const file = rig.fake.addFile('F13', { name: 'Dockerfile', content: 'gone', status: 404, mode: 'snippet' });
    await sendEvent(rig, 'EvS14', shared('cmd vs entrypoint', [file]));
    expect(header(posts(rig)[0])).toBe('CMD vs ENTRYPOINT');
    expect(logged.lines.some((l) => l.msg === 'could not read a shared Slack file; answering the message text')).toBe(true);
    expect(logged.lines.some((l) => String(l.msg).includes('lacks the files:read scope'))).toBe(false);
  });

  it('never sends the bot token to a host that is not Slack\'s, and never loses the question', async () => {
    rig = await startRig();
    const forged = { id: 'F12', name: 'Dockerfile', mode: 'snippet', size: 10, url_private: 'https://files.example.com/steal' };
    await sendEvent(rig, 'EvS13', shared('cmd vs entrypoint', [forged]));
    expect(rig.fake.downloads).toEqual([]);
    expect(header(posts(rig)[0])).toBe('CMD vs ENTRYPOINT');
  });
});
