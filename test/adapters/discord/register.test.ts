import { spawn, spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../adapters/discord/commands.ts';
import { registerCommands } from '../../../adapters/discord/register.ts';
import { FakeDiscord } from '../../support/fake-discord.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
let fake: FakeDiscord;

beforeEach(async () => {
  fake = await FakeDiscord.start();
});
afterEach(async () => {
  await fake.close();
});

describe('registerCommands', () => {
  it('overwrites one guild’s commands when a guild id is given', async () => {
    const result = await registerCommands({ token: 'tok-guild', applicationId: fake.ids.application, guildId: fake.ids.guild, api: fake.api });
    expect(result).toEqual({ scope: 'guild', names: ['docker', 'docker-tips', 'docker-tip', 'Lint Dockerfile'], messageCommands: ['Lint Dockerfile'] });
    const [put] = fake.requests;
    expect(put!.method).toBe('PUT');
    expect(put!.path).toBe(`/applications/${fake.ids.application}/guilds/${fake.ids.guild}/commands`);
    expect(put!.authorization).toBe('Bot tok-guild');
    expect(put!.body).toEqual(JSON.parse(JSON.stringify(COMMANDS)));
  });

  it('registers globally without a guild id', async () => {
    const result = await registerCommands({ token: 'tok', applicationId: fake.ids.application, api: fake.api });
    expect(result.scope).toBe('global');
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /applications/${fake.ids.application}/commands`]);
  });

  it('fails with Discord’s error when the bot lacks the applications.commands scope', async () => {
    fake.override(() => true, { status: 403, body: { code: 50001, message: 'Missing Access' } });
    await expect(registerCommands({ token: 'tok', applicationId: fake.ids.application, guildId: fake.ids.guild, api: fake.api })).rejects.toMatchObject({
      code: 50001,
      status: 403,
    });
  });
});

describe('npm run discord:register', () => {
  it('registers for the configured guild and prints the invite URL, never the token', async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, DISCORD_TOKEN: 'register-script-secret-token', DISCORD_APPLICATION_ID: fake.ids.application, DISCORD_GUILD_ID: fake.ids.guild, DISCORD_API_URL: fake.api };
    const child = spawn(process.execPath, ['bin/run-ts.js', 'scripts/discord-register.ts'], { cwd: ROOT, env });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, out).toBe(0);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /applications/${fake.ids.application}/guilds/${fake.ids.guild}/commands`]);
    expect(out).toContain('Registered /docker, /docker-tips, /docker-tip, "Lint Dockerfile" (right-click a message → Apps)');
    expect(out).toContain(`client_id=${fake.ids.application}`);
    expect(out).not.toContain('register-script-secret-token');
  });

  it('explains a 403 Missing Access for a guild: invite the bot first, then register', async () => {
    fake.override(() => true, { status: 403, body: { code: 50001, message: 'Missing Access' } });
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, DISCORD_TOKEN: 'register-script-secret-token', DISCORD_APPLICATION_ID: fake.ids.application, DISCORD_GUILD_ID: fake.ids.guild, DISCORD_API_URL: fake.api };
    const child = spawn(process.execPath, ['bin/run-ts.js', 'scripts/discord-register.ts'], { cwd: ROOT, env });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, out).toBe(1);
    expect(out).toContain('code 50001');
    expect(out).toContain('invite the bot to it first, then run this again');
    expect(out).toContain(`client_id=${fake.ids.application}`);
    expect(out).not.toContain('register-script-secret-token');
  });

  it('explains which variables are missing and exits 2', () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    const run = spawnSync(process.execPath, ['bin/run-ts.js', 'scripts/discord-register.ts'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('DISCORD_TOKEN');
    expect(run.stderr).toContain('DISCORD_APPLICATION_ID');
  });
});
