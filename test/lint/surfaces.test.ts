/**
 * One Dockerfile through every way it can reach dockhand: the CLI (`dockhand lint --format json`,
 * a real process), the terminal chat (the real readline, a bracketed paste), Slack (`/docker lint`
 * and a DM snippet, real Bolt against the loopback fake) and Discord (the "Lint Dockerfile" message
 * command on an attachment and a mention with one, real discord.js against the loopback fake).
 * Each surface must show exactly the linter's findings: the same rules on the same lines.
 */
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../adapters/console/adapter.ts';
import { LINT_COMMAND } from '../../adapters/discord/commands.ts';
import { lint } from '../../src/lint/index.ts';
import { apiMessage } from '../support/fake-discord.ts';
import { ALICE, guildMessage, messageCommandInteraction } from '../support/fake-discord-payloads.ts';
import { dmEvent } from '../support/fake-slack-requests.ts';
import { realEngine } from '../support/kb.ts';
import { callbackOf, messageOf, startHarness, type Harness } from '../adapters/discord/harness.ts';
import { sendEvent, slash, startRig, textOf, type Rig } from '../adapters/slack/harness.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

// Findings on one line and on several, a continuation, a heredoc and a comment inside a continuation.
const FILE = [
  'FROM node',
  'WORKDIR /app',
  'COPY . .',
  'RUN npm install',
  'RUN apt-get update',
  'RUN apt-get install -y curl \\',
  '    # fetch the tool',
  '    && curl -fsSL https://example.com/install.sh | sh',
  'RUN <<EOF',
  'cd /app && ls',
  'EOF',
  'CMD node index.js',
].join('\n');

/** "rule@line" for each finding, sorted: what every surface must agree on. */
const EXPECTED = lint(FILE)
  .findings.map((f) => `${f.rule}@${f.line}`)
  .sort();

/**
 * The findings a rendered answer shows: each rule id belongs to the "Line N" heading before it.
 * Works on any rendering (terminal text, Block Kit JSON, an embed) because each keeps that order.
 */
function shown(rendered: string): string[] {
  const out: string[] = [];
  let line: string | null = null;
  for (const m of rendered.matchAll(/Line (\d+)|\b(DH\d{3})\b/g)) {
    if (m[1]) line = m[1];
    else if (line) out.push(`${m[2]}@${line}`);
  }
  return out.sort();
}

async function cli(): Promise<string[]> {
  const child = spawn(process.execPath, ['bin/dockhand.js', 'lint', '--format', 'json', '--fail-on', 'none', '-'], { cwd: ROOT });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stdin.end(FILE);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code, out).toBe(0);
  const report = JSON.parse(out) as { findings: Array<{ rule: string; line: number }> };
  return report.findings.map((f) => `${f.rule}@${f.line}`).sort();
}

async function terminal(): Promise<string> {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { rows: 1000, columns: 100 });
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const adapter = createConsoleAdapter({ engine: realEngine(), input, output, interactive: true });
  await adapter.start();
  const before = text.length;
  input.write(`\x1b[200~${FILE.split('\n').join('\r')}\x1b[201~\r`);
  await new Promise((r) => setTimeout(r, 200));
  await adapter.stop();
  // Only what was written after the paste, without colours.
  return stripVTControlCharacters(text.slice(before));
}

describe('the same Dockerfile on every surface', () => {
  let rig: Rig;
  let discord: Harness;
  beforeAll(async () => {
    rig = await startRig();
    discord = await startHarness();
  });
  afterAll(async () => {
    await rig.close();
    await discord.close();
  });

  it('has findings to compare', () => {
    expect(EXPECTED.length).toBeGreaterThanOrEqual(8);
    expect(new Set(EXPECTED.map((f) => f.split('@')[1])).size).toBeGreaterThanOrEqual(5);
  });

  it('gives the same findings in the CLI, the terminal, Slack (/docker lint, a snippet) and Discord (message command, mention)', async () => {
    const slack = await slash(rig, `lint \`\`\`${FILE}\`\`\``);
    const file = rig.fake.addFile('FS1', { name: 'Dockerfile', content: FILE, mode: 'snippet', filetype: 'dockerfile' });
    await sendEvent(rig, 'EvSurf', dmEvent('', { subtype: 'file_share', files: [file] }));
    expect(rig.fake.downloads).toHaveLength(1);

    const target = apiMessage({ channel_id: discord.fake.ids.channel, guild_id: discord.fake.ids.guild, author: ALICE, content: '', attachments: [discord.fake.attachment('Dockerfile', FILE)] });
    const command = messageCommandInteraction(discord.fake, LINT_COMMAND, target);
    expect(callbackOf(await discord.interact(command)).type).toBe(5);
    const edited = await discord.fake.waitFor((r) => r.method === 'PATCH' && r.path.includes(`/webhooks/${discord.fake.ids.application}/${command.token}/`));
    const mention = guildMessage(discord.fake, `<@${discord.fake.ids.bot}>`, { mentions: [discord.fake.botUser], attachments: [discord.fake.attachment('Dockerfile', FILE)] });
    const replied = discord.fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${discord.fake.ids.channel}/messages`);
    discord.fake.dispatch('MESSAGE_CREATE', mention);

    const surfaces: Record<string, string[]> = {
      cli: await cli(),
      terminal: shown(await terminal()),
      'slack /docker lint': shown(textOf(slack.replies[0])),
      'slack snippet': shown(textOf(rig.fake.callsTo('chat.postMessage')[0]!.params)),
      'discord message command': shown(JSON.stringify(messageOf(edited).embeds)),
      'discord mention': shown(JSON.stringify(messageOf(await replied).embeds)),
    };
    for (const [surface, findings] of Object.entries(surfaces)) expect(findings, surface).toEqual(EXPECTED);
  }, 60_000);
});
