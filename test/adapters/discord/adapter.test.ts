import { GatewayIntentBits } from 'discord.js';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../../adapters/discord/adapter.ts';
import { PostError, type TipPost } from '../../../src/adapter.ts';
import { FakeDiscord } from '../../support/fake-discord.ts';
import { commandInteraction } from '../../support/fake-discord-payloads.ts';
import { realEngine } from '../../support/kb.ts';
import { TOKEN, messageOf, startHarness, type Harness } from './harness.ts';
import { limitProblems } from './limits.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const TIP: TipPost = {
  topicId: 'cmd-vs-entrypoint',
  lang: 'en',
  title: 'CMD vs ENTRYPOINT',
  text: 'Put the program in ENTRYPOINT and its default arguments in CMD. @everyone',
  example: { lang: 'dockerfile', code: 'ENTRYPOINT ["ping"]\nCMD ["localhost"]' },
};

describe('connecting', () => {
  it('identifies with Guilds, GuildMessages and DirectMessages only: no privileged Message Content', async () => {
    h = await startHarness();
    expect(h.adapter.platform).toBe('discord');
    expect(h.adapter.client.isReady()).toBe(true);
    const [identify] = h.fake.identifies;
    expect(identify!.token).toBe(TOKEN);
    expect(identify!.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages);
    expect((identify!.intents as number) & GatewayIntentBits.MessageContent).toBe(0);
    expect(h.fake.requests[0]).toMatchObject({ method: 'GET', path: '/gateway/bot', authorization: `Bot ${TOKEN}` });
    expect(h.adapter.client.options.allowedMentions).toEqual({ parse: [], repliedUser: false });
    expect(h.adapter.client.guilds.cache.has(h.fake.ids.guild)).toBe(true);
  });

  it('fails to start with a clear error when Discord rejects the token', async () => {
    const fake = await FakeDiscord.start();
    fake.override((r) => r.path === '/gateway/bot', { status: 401, body: { message: '401: Unauthorized', code: 0 } }, Infinity);
    const adapter = createDiscordAdapter({ token: 'wrong', engine: realEngine(), logger: pino({ level: 'silent' }), api: fake.api });
    await expect(adapter.start()).rejects.toThrow(/invalid token/i);
    await adapter.stop();
    await fake.close();
  });

  it('lets an in-flight answer finish on stop, then disconnects; stop is idempotent', async () => {
    h = await startHarness();
    const payload = commandInteraction(h.fake, 'docker', [{ name: 'question', type: 3, value: 'docker ps' }]);
    h.fake.override((r) => r.path.startsWith(`/interactions/${payload.id}/`), { status: 204, delayMs: 300 });
    h.fake.dispatch('INTERACTION_CREATE', payload);
    await expect.poll(() => h!.fake.requests.some((r) => r.path.startsWith(`/interactions/${payload.id}/`))).toBe(true);
    await Promise.all([h.adapter.stop(), h.adapter.stop()]);
    const stoppedAt = Date.now();
    const callback = h.fake.requests.find((r) => r.path.startsWith(`/interactions/${payload.id}/`))!;
    expect(callback.respondedAt).toBeLessThanOrEqual(stoppedAt);
    expect(h.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(h.adapter.client.isReady()).toBe(false);
    await expect(h.adapter.start()).rejects.toThrow(/stopped/);
  });
});

describe('gateway health', () => {
  it('is connected only while the gateway is: false during an outage, true again once resumed', async () => {
    h = await startHarness();
    const fake = h.fake;
    expect(h.adapter.connected()).toBe(true);
    fake.gatewayDown = true;
    fake.closeGateway(4000);
    await expect.poll(() => h!.adapter.connected(), { timeout: 5000 }).toBe(false);
    // Still down: the client keeps trying, and health keeps saying so.
    await new Promise((r) => setTimeout(r, 300));
    expect(h.adapter.connected()).toBe(false);
    fake.gatewayDown = false;
    await expect.poll(() => h!.adapter.connected(), { timeout: 15_000, interval: 50 }).toBe(true);
    expect(fake.resumes.length + fake.identifies.length).toBeGreaterThan(1);
    expect(h.logs.some((l) => l.msg === 'discord gateway lost, reconnecting')).toBe(true);
  }, 20_000);

  it('reports a token reset (close 4004) once, as fatal, with what to fix, and is no longer connected', async () => {
    const fatal: Error[] = [];
    h = await startHarness({ onFatal: (e) => fatal.push(e) });
    h.fake.identifyCloseCode = 4004;
    h.fake.closeGateway(4004);
    await expect.poll(() => fatal.length, { timeout: 5000 }).toBe(1);
    expect(fatal[0]!.message).toContain('4004');
    expect(fatal[0]!.message).toContain('DISCORD_TOKEN');
    expect(fatal[0]!.message).not.toContain(TOKEN);
    expect(h.adapter.connected()).toBe(false);
    expect(h.logs.find((l) => l.level === 60)).toMatchObject({ code: 4004 });
  });

  it.each([4004, 4010, 4011, 4012, 4013, 4014])('fails start() with a clear message on close code %i at login', async (code) => {
    const fake = await FakeDiscord.start();
    fake.identifyCloseCode = code;
    const fatal: Error[] = [];
    const adapter = createDiscordAdapter({ token: TOKEN, engine: realEngine(), logger: pino({ level: 'silent' }), api: fake.api, onFatal: (e) => fatal.push(e) });
    const error = (await adapter.start().catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(`gateway close ${code}`);
    expect(fatal).toEqual([]);
    expect(adapter.connected()).toBe(false);
    await adapter.stop();
    await fake.close();
  });
});

describe('postTip', () => {
  it('posts a short embed with a Full answer button and returns the message id', async () => {
    h = await startHarness();
    const id = await h.adapter.postTip(h.fake.ids.channel, TIP);
    const post = h.fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${h!.fake.ids.channel}/messages`)!;
    const body = messageOf(post);
    expect(id).toMatch(/^\d+$/);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds![0]).toMatchObject({ title: 'CMD vs ENTRYPOINT', author: { name: '💡 Docker tip of the day' } });
    expect(body.embeds![0]!.description).toContain('```dockerfile\nENTRYPOINT ["ping"]');
    expect(body.components![0]!.components[0]).toMatchObject({ label: 'Full answer', custom_id: 'dh:t:cmd-vs-entrypoint:en' });
    expect(limitProblems(body)).toEqual([]);
    expect(post.authorization).toBe(`Bot ${TOKEN}`);
  });

  it.each([
    [404, 10003, 'Unknown Channel'],
    [403, 50001, 'Missing Access'],
    [403, 50013, 'Missing Permissions'],
  ])('maps HTTP %i / code %i (%s) to PostError gone', async (status, code, message) => {
    h = await startHarness();
    h.fake.override((r) => r.path.startsWith('/channels/'), { status, body: { code, message } });
    const error = await h.adapter.postTip(h.fake.ids.channel, TIP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostError);
    expect(error).toMatchObject({ code: 'POST_GONE' });
    expect((error as Error).message).toContain(String(code));
  });

  it.each([
    [500, { code: 0, message: 'Internal Server Error' }],
    [400, { code: 50035, message: 'Invalid Form Body' }],
    [403, { code: 40002, message: 'You need to verify your account' }],
  ])('maps HTTP %i with other codes to PostError transient', async (status, body) => {
    h = await startHarness();
    h.fake.override((r) => r.path.startsWith('/channels/'), { status, body }, Infinity);
    await expect(h.adapter.postTip(h.fake.ids.channel, TIP)).rejects.toMatchObject({ name: 'PostError', code: 'POST_TRANSIENT' });
  });

  it('treats a malformed channel id as gone without calling Discord', async () => {
    h = await startHarness();
    const before = h.fake.requests.length;
    await expect(h.adapter.postTip('C0123SLACK', TIP)).rejects.toMatchObject({ code: 'POST_GONE' });
    expect(h.fake.requests.length).toBe(before);
  });

  it('is transient when Discord cannot be reached', async () => {
    h = await startHarness();
    await h.fake.close();
    await expect(h.adapter.postTip(h.fake.ids.channel, TIP)).rejects.toMatchObject({ code: 'POST_TRANSIENT' });
  });
});
