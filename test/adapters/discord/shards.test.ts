/**
 * Sharded Discord: real discord.js clients, each running some gateway shards of one FakeDiscord,
 * which routes every guild's events to shard `(guild_id >> 22) % count` as Discord does.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/adapter.ts';
import type { TipPost } from '../../../src/adapter.ts';
import { FakeDiscord, shardOf, type FakeDiscordOptions, type FakeGuild, type RecordedRequest } from '../../support/fake-discord.ts';
import { commandInteraction, dmMessage, guildMessage } from '../../support/fake-discord-payloads.ts';
import { realEngine } from '../../support/kb.ts';
import { TOKEN, messageOf } from './harness.ts';

interface Client {
  adapter: DiscordAdapter;
  logs: Record<string, unknown>[];
}

let fake: FakeDiscord | null = null;
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.adapter.stop()));
  await fake?.close();
  fake = null;
});

async function startFake(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  fake = await FakeDiscord.start(options);
  return fake;
}

/** A real adapter on the fake running `shards` of `shardCount`, started, with its own log lines. */
async function client(shards: number[] | 'auto', shardCount?: number): Promise<Client> {
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const adapter = createDiscordAdapter({ token: TOKEN, engine: realEngine(), logger, api: fake!.api, shards, ...(shardCount ? { shardCount } : {}) });
  const started = { adapter, logs };
  clients.push(started);
  await adapter.start();
  return started;
}

const TIP: TipPost = { topicId: 'cmd-vs-entrypoint', lang: 'en', title: 'CMD vs ENTRYPOINT', text: 'Put the program in ENTRYPOINT and its default arguments in CMD.' };

const replyTo = (channel: string, messageId: string) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path === `/channels/${channel}/messages` && messageOf(r).message_reference?.message_id === messageId;

const mentionsIn = (c: Client, messageId: string) => c.logs.filter((l) => l.msg === 'discord mention' && l.messageId === messageId);

describe('two processes, one shard each', () => {
  it('identifies each client as its own shard of 2, and each holds only its shard’s guilds', async () => {
    const f = await startFake();
    const [g0, g1] = [f.addGuild(0, 2), f.addGuild(1, 2)];
    const [a, b] = await Promise.all([client([0], 2), client([1], 2)]);
    expect(f.identifiedShards().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(f.identifies.every((d) => d.token === TOKEN)).toBe(true);
    expect(a.adapter.client.guilds.cache.has(g0.id)).toBe(true);
    expect(a.adapter.client.guilds.cache.has(g1.id)).toBe(false);
    expect(b.adapter.client.guilds.cache.has(g1.id)).toBe(true);
    expect(b.adapter.client.guilds.cache.has(g0.id)).toBe(false);
    // The main guild is on whichever shard its id gives.
    const mainHolder = shardOf(f.ids.guild, 2) === 0 ? a : b;
    expect(mainHolder.adapter.client.guilds.cache.has(f.ids.guild)).toBe(true);
    expect(a.adapter.shards()).toEqual([{ id: 0, status: 'ready', ping: null }]);
    expect(b.adapter.shards()).toEqual([{ id: 1, status: 'ready', ping: null }]);
    expect(a.adapter.connected() && b.adapter.connected()).toBe(true);
    expect(a.logs.find((l) => l.msg === 'discord connected')).toMatchObject({ shards: [0], shardCount: 2 });
  });

  it('answers a mention in a guild of either shard from exactly the client holding that shard', async () => {
    const f = await startFake();
    const [g0, g1] = [f.addGuild(0, 2), f.addGuild(1, 2)];
    const [a, b] = await Promise.all([client([0], 2), client([1], 2)]);
    const cases: [FakeGuild, Client, Client][] = [
      [g0, a, b],
      [g1, b, a],
    ];
    for (const [guild, holder, other] of cases) {
      const message = guildMessage(f, `<@${f.ids.bot}> docker ps`, { guild, mentions: [f.botUser] });
      expect(f.dispatch('MESSAGE_CREATE', message)).toBe(1);
      const reply = await f.waitFor(replyTo(guild.channel, String(message.id)));
      expect(messageOf(reply).embeds!.length).toBeGreaterThan(0);
      expect(mentionsIn(holder, String(message.id))).toHaveLength(1);
      expect(mentionsIn(other, String(message.id))).toEqual([]);
    }
    // Nothing answered twice, even after the other client had time to.
    await new Promise((r) => setTimeout(r, 300));
    expect(f.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path))).toHaveLength(2);
  });

  it('delivers DMs to shard 0 only, and a slash command to its guild’s shard', async () => {
    const f = await startFake();
    const g1 = f.addGuild(1, 2);
    const [a, b] = await Promise.all([client([0], 2), client([1], 2)]);
    const dm = dmMessage('docker ps');
    expect(f.dispatch('MESSAGE_CREATE', dm)).toBe(1);
    await f.waitFor(replyTo(String(dm.channel_id), String(dm.id)));
    expect(mentionsIn(a, String(dm.id))).toHaveLength(1);
    expect(mentionsIn(b, String(dm.id))).toEqual([]);

    const command = commandInteraction(f, 'docker', [{ name: 'question', type: 3, value: 'docker ps' }], { guild: g1 });
    const answered = f.waitFor((r) => r.path.startsWith(`/interactions/${command.id}/`));
    expect(f.dispatch('INTERACTION_CREATE', command)).toBe(1);
    await answered;
    const handled = (c: Client) => c.logs.filter((l) => l.msg === 'discord /docker' && l.interactionId === command.id);
    expect(handled(b)).toHaveLength(1);
    expect(handled(a)).toEqual([]);
  });

  it('posts a tip from the shard-0 client to a channel of a shard-1 guild, through REST', async () => {
    const f = await startFake();
    const g1 = f.addGuild(1, 2);
    const [a] = await Promise.all([client([0], 2), client([1], 2)]);
    // The shard-0 process has never seen that guild or channel over its gateway.
    expect(a.adapter.client.guilds.cache.has(g1.id)).toBe(false);
    expect(a.adapter.client.channels.cache.has(g1.channel)).toBe(false);
    const before = f.requests.length;
    const id = await a.adapter.postTip(g1.channel, TIP);
    const sent = f.requests.slice(before);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /channels/${g1.channel}/messages`]);
    expect(messageOf(sent[0]!).embeds![0]).toMatchObject({ title: 'CMD vs ENTRYPOINT' });
    expect(messageOf(sent[0]!).allowed_mentions).toEqual({ parse: [] });
    expect(id).toMatch(/^\d+$/);
  });
});

describe('one process, several shards', () => {
  it('runs shards 0 and 1 of 2 and is connected only while both are: one shard down fails it', async () => {
    // Heartbeats every 2 s, for a ping soon; not shorter: a loaded machine stalling the loop past one
    // interval makes @discordjs/ws take the late ACK for a zombie connection and resume.
    const f = await startFake({ maxConcurrency: 2, heartbeatIntervalMs: 2000 });
    const [g0, g1] = [f.addGuild(0, 2), f.addGuild(1, 2)];
    const c = await client([0, 1], 2);
    expect(f.identifiedShards().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(c.adapter.client.guilds.cache.hasAll(g0.id, g1.id)).toBe(true);
    expect(c.adapter.connected()).toBe(true);
    // Heartbeats acknowledged: each shard has a ping.
    await expect.poll(() => c.adapter.shards().every((s) => typeof s.ping === 'number'), { timeout: 10_000 }).toBe(true);

    f.gatewayDown = true;
    f.closeShard(1, 4000);
    await expect.poll(() => c.adapter.connected(), { timeout: 5000 }).toBe(false);
    const [s0, s1] = c.adapter.shards();
    expect(s0).toMatchObject({ id: 0, status: 'ready' });
    expect(s1!.id).toBe(1);
    expect(s1!.status).not.toBe('ready');
    expect(c.logs.filter((l) => l.msg === 'discord gateway lost, reconnecting').map((l) => l.shard)).toEqual([1]);

    f.gatewayDown = false;
    await expect.poll(() => c.adapter.connected(), { timeout: 15_000, interval: 50 }).toBe(true);
    expect(c.adapter.shards().map((s) => s.status)).toEqual(['ready', 'ready']);
    // Shard 1 resumed its own session; shard 0 never dropped.
    expect(f.resumes.map((r) => String(r.session_id))).toEqual([expect.stringMatching(/^fake-session-1-/)]);
  }, 25_000);

  it('with shards auto, runs as many shards as Discord recommends', async () => {
    const f = await startFake({ recommendedShards: 2, maxConcurrency: 2 });
    const c = await client('auto');
    expect(f.identifiedShards().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(c.adapter.shards().map((s) => s.id)).toEqual([0, 1]);
    expect(c.adapter.connected()).toBe(true);
  });

  it('runs one shard by default, whatever discord.js’s own SHARDS / SHARD_COUNT variables say', async () => {
    const f = await startFake();
    const saved = { SHARDS: process.env.SHARDS, SHARD_COUNT: process.env.SHARD_COUNT };
    process.env.SHARDS = '[1]';
    process.env.SHARD_COUNT = '2';
    try {
      const logger = pino({ level: 'silent' });
      const adapter = createDiscordAdapter({ token: TOKEN, engine: realEngine(), logger, api: f.api });
      clients.push({ adapter, logs: [] });
      await adapter.start();
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(f.identifiedShards()).toEqual([[0, 1]]);
  });

  it('says how to shard when Discord requires more shards (close 4011)', async () => {
    const f = await startFake();
    f.identifyCloseCode = 4011;
    const error = (await client([0], 1).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('gateway close 4011');
    expect(error.message).toContain('DISCORD_SHARD_COUNT');
  });
});
