/**
 * A loopback Discord for driving the real discord.js Client: a REST API that records every request
 * and a gateway that speaks plain JSON (HELLO → IDENTIFY → READY → GUILD_CREATE, heartbeats ACKed).
 * Point a Client at it with `rest: { api: fake.api }`; the gateway URL comes from GET /gateway/bot.
 *
 * The gateway shards as Discord does: it takes any number of connections, each identifying as
 * `shard: [id, count]`; a connection gets READY and GUILD_CREATE for the guilds with
 * `(guild_id >> 22) % count === id` only, a dispatch carrying a `guild_id` goes to the connections
 * of that guild's shard, and one without (a DM) to shard 0's.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SnowflakeUtil } from 'discord.js';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedRequest {
  method: string;
  /** The path after `/api/v10`, e.g. `/interactions/1/tok/callback`. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body (multipart bodies are kept as text). */
  body: unknown;
  authorization: string | undefined;
  /** When the fake finished answering it (ms since the epoch); unset while a delayed reply is pending. */
  respondedAt?: number;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  /** A raw body instead of JSON (attachment downloads), sent with `contentType`. */
  raw?: Buffer;
  contentType?: string;
  /** Holds the response back this long (a slow Discord). */
  delayMs?: number;
}

/** A custom answer for requests that match, used `times` times (Infinity for always). */
interface Override {
  match: (request: RecordedRequest) => boolean;
  reply: FakeReply;
  times: number;
}

/** Fixed ids of the fake world. */
export interface FakeIds {
  application: string;
  bot: string;
  guild: string;
  channel: string;
  thread: string;
  owner: string;
  /** The role Discord creates for the bot when it joins (managed, tagged with the bot's id). */
  botRole: string;
}

export interface FakeDiscordOptions {
  /** The guild's preferred locale, as Discord reports it (default "en-US"). */
  guildLocale?: string;
  /** `shards` in GET /gateway/bot: the count Discord recommends (default 1). */
  recommendedShards?: number;
  /** `session_start_limit.max_concurrency` in GET /gateway/bot: identifies allowed per 5 s (default 1). */
  maxConcurrency?: number;
  /** HELLO's `heartbeat_interval` (default 45 000 ms, as Discord; lower it to see a ping). */
  heartbeatIntervalMs?: number;
}

/** A guild of the fake world with one text channel (the main guild also has a thread). */
export interface FakeGuild {
  id: string;
  channel: string;
  name: string;
}

/** A gateway shard as IDENTIFY names it: `[shard_id, num_shards]`. */
export type ShardPair = [number, number];

export const snowflake = (timestamp = Date.now()): string => SnowflakeUtil.generate({ timestamp }).toString();

/** The shard Discord sends a guild's events to: `(guild_id >> 22) % count`. */
export const shardOf = (guildId: string, count: number): number => Number((BigInt(guildId) >> 22n) % BigInt(count));

/** A fresh snowflake (a guild id) that lands on `shard` of `count`: its timestamp part picked so. */
export function snowflakeOnShard(shard: number, count: number): string {
  const since = BigInt(Date.now()) - SnowflakeUtil.epoch;
  const back = (((since - BigInt(shard)) % BigInt(count)) + BigInt(count)) % BigInt(count);
  return SnowflakeUtil.generate({ timestamp: SnowflakeUtil.epoch + since - back }).toString();
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  /** IDENTIFY payloads (op 2 `d`) in arrival order. */
  readonly identifies: Record<string, unknown>[] = [];
  readonly ids: FakeIds = {
    application: snowflake(),
    bot: snowflake(),
    guild: snowflake(),
    channel: snowflake(),
    thread: snowflake(),
    owner: snowflake(),
    botRole: snowflake(),
  };
  readonly botUser;
  /** The guilds of the fake world; the first is `ids.guild`. */
  readonly guilds: FakeGuild[];
  private readonly overrides: Override[] = [];
  private readonly sockets = new Set<WebSocket>();
  /** The shard each connection identified (or resumed) as. */
  private readonly socketShards = new Map<WebSocket, ShardPair>();
  /** The shard of each session READY handed out, for RESUME. */
  private readonly sessionShards = new Map<string, ShardPair>();
  private sessions = 0;
  private readonly waiters: { match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  /** While true, new gateway connections are cut at once (an outage). */
  gatewayDown = false;
  /** When set, IDENTIFY is answered by closing the connection with this code (4004: a reset token). */
  identifyCloseCode: number | null = null;
  /** Files served at `/attachments/<channel>/<id>/<name>` on this fake, as Discord's CDN serves attachments. */
  private readonly files = new Map<string, { body: Buffer; contentType?: string; status?: number }>();
  /** RESUME payloads (op 6 `d`) in arrival order. */
  readonly resumes: Record<string, unknown>[] = [];
  private seq = 0;
  private port = 0;
  private readonly http: Server;
  private readonly wss: WebSocketServer;

  private constructor(private readonly options: FakeDiscordOptions) {
    this.botUser = { id: this.ids.bot, username: 'dockhand', discriminator: '0', global_name: 'dockhand', avatar: null, bot: true };
    this.guilds = [{ id: this.ids.guild, channel: this.ids.channel, name: 'Fake Guild' }];
    this.http = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ server: this.http });
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.http.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.http.address() as AddressInfo).port;
    return fake;
  }

  /** The REST base URL for `new Client({ rest: { api } })`. */
  get api(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /**
   * Holds a file for download and returns its attachment object (for a message's `attachments`),
   * with a URL on this fake. `size` may be set to claim another size than the content's.
   */
  attachment(name: string, content: string | Buffer, options: { contentType?: string; size?: number; status?: number } = {}): Record<string, unknown> {
    const id = snowflake();
    const path = `/attachments/${this.ids.channel}/${id}/${name}`;
    const body = Buffer.from(content);
    this.files.set(path, { body, ...(options.contentType ? { contentType: options.contentType } : {}), ...(options.status ? { status: options.status } : {}) });
    const url = `http://127.0.0.1:${this.port}/attachments/${this.ids.channel}/${id}/${encodeURIComponent(name)}?ex=0&is=0&hm=0`;
    return { id, filename: name, size: options.size ?? body.byteLength, url, proxy_url: url, ...(options.contentType ? { content_type: options.contentType } : {}) };
  }

  /** Adds a guild (with one text channel) whose events Discord sends to `shard` of `count`; add it before the clients connect. */
  addGuild(shard: number, count: number): FakeGuild {
    const guild = { id: snowflakeOnShard(shard, count), channel: snowflake(), name: `Guild on shard ${shard} of ${count}` };
    this.guilds.push(guild);
    return guild;
  }

  /** The `shard` pair of every IDENTIFY, in arrival order ([0, 1] for one that sent none). */
  identifiedShards(): ShardPair[] {
    return this.identifies.map((d) => shardPair(d.shard));
  }

  /** Makes matching requests fail or answer differently, `times` times. */
  override(match: (request: RecordedRequest) => boolean, reply: FakeReply, times = 1): void {
    this.overrides.push({ match, reply, times });
  }

  /**
   * Sends a gateway dispatch (op 0) as Discord routes it: with a `guild_id`, to the connections
   * whose shard holds that guild; without one (a DM), to shard 0's. Returns how many got it.
   */
  dispatch(t: string, d: unknown): number {
    const guildId = (d as { guild_id?: unknown } | null)?.guild_id;
    const frame = this.frame(t, d);
    let sent = 0;
    for (const [socket, [id, count]] of this.socketShards) {
      if (id !== (typeof guildId === 'string' ? shardOf(guildId, count) : 0)) continue;
      socket.send(frame);
      sent += 1;
    }
    return sent;
  }

  /** Closes every gateway connection with a close code, as Discord does (4000 unknown error, 4004 bad token…). */
  closeGateway(code: number): void {
    for (const socket of this.sockets) socket.close(code, 'closed by the fake');
  }

  /** Closes the connections of one shard id only. */
  closeShard(shard: number, code: number): void {
    for (const [socket, [id]] of this.socketShards) if (id === shard) socket.close(code, 'closed by the fake');
  }

  /** How many gateway connections are open. */
  gatewayConnections(): number {
    return this.sockets.size;
  }

  /** A dispatch frame (op 0) with the next sequence number. */
  private frame(t: string, d: unknown): string {
    this.seq += 1;
    return JSON.stringify({ op: 0, t, s: this.seq, d });
  }

  /** The first recorded request matching, now or when it arrives. */
  waitFor(match: (request: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const seen = this.requests.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake Discord: no matching request within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  /** Requests to an interaction's callback and its webhook (edits, follow-ups), in order. */
  interactionRequests(interaction: { id: string; token: string }): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.path.startsWith(`/interactions/${interaction.id}/`) || r.path.startsWith(`/webhooks/${this.ids.application}/${interaction.token}`),
    );
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: unknown = text;
    if (text && (req.headers['content-type'] ?? '').includes('application/json')) body = JSON.parse(text);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, ''),
      query: url.searchParams,
      body,
      authorization: req.headers.authorization,
    };
    this.requests.push(request);
    const reply = this.takeOverride(request) ?? this.route(request);
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (reply.raw) {
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/octet-stream' });
      res.end(reply.raw);
    } else {
      res.writeHead(reply.status, reply.body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    }
    request.respondedAt = Date.now();
    for (const waiter of [...this.waiters]) {
      if (waiter.match(request)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(request);
      }
    }
  }

  private takeOverride(request: RecordedRequest): FakeReply | null {
    const hit = this.overrides.find((o) => o.times > 0 && o.match(request));
    if (!hit) return null;
    hit.times -= 1;
    return hit.reply;
  }

  private route(r: RecordedRequest): FakeReply {
    const { method, path } = r;
    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        body: {
          url: `ws://127.0.0.1:${this.port}`,
          shards: this.options.recommendedShards ?? 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: this.options.maxConcurrency ?? 1 },
        },
      };
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return { status: 204 };
    const file = method === 'GET' ? this.files.get(path) : undefined;
    if (file) return { status: file.status ?? 200, raw: file.body, ...(file.contentType ? { contentType: file.contentType } : {}) };
    const webhook = /^\/webhooks\/\d+\/[^/]+(?:\/messages\/@original)?$/.exec(path);
    if (webhook && (method === 'PATCH' || method === 'POST')) return { status: 200, body: this.message(this.ids.channel, r.body) };
    const channel = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (channel && method === 'POST') return { status: 200, body: this.message(channel[1]!, r.body) };
    if (method === 'PUT' && /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/.test(path)) {
      const commands = Array.isArray(r.body) ? (r.body as Record<string, unknown>[]) : [];
      return { status: 200, body: commands.map((c) => ({ ...c, id: snowflake(), application_id: this.ids.application, version: snowflake() })) };
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  /** The message Discord would return for a posted body. */
  private message(channelId: string, body: unknown): Record<string, unknown> {
    const b = (body ?? {}) as Record<string, unknown>;
    return apiMessage({ channel_id: channelId, author: this.botUser, content: b.content ?? '', embeds: b.embeds ?? [], components: b.components ?? [], flags: b.flags ?? 0 });
  }

  private onConnection(socket: WebSocket): void {
    if (this.gatewayDown) {
      socket.terminate();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.socketShards.delete(socket);
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 45_000 } }));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { op: number; d: Record<string, unknown> };
      if (frame.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (frame.op === 2) this.onIdentify(socket, frame.d);
      if (frame.op === 6) {
        this.resumes.push(frame.d);
        this.socketShards.set(socket, this.sessionShards.get(String(frame.d.session_id)) ?? [0, 1]);
        socket.send(this.frame('RESUMED', {}));
      }
    });
  }

  /** IDENTIFY: refused with `identifyCloseCode`, or with 4010 for a shard that cannot exist, as Discord does; else READY. */
  private onIdentify(socket: WebSocket, d: Record<string, unknown>): void {
    this.identifies.push(d);
    const shard = shardPair(d.shard);
    if (this.identifyCloseCode !== null) return void socket.close(this.identifyCloseCode, 'refused by the fake');
    if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) return void socket.close(4010, 'Invalid shard.');
    this.socketShards.set(socket, shard);
    this.sendReady(socket, shard);
  }

  private sendReady(socket: WebSocket, shard: ShardPair): void {
    const guilds = this.guilds.filter((g) => shardOf(g.id, shard[1]) === shard[0]);
    const session = `fake-session-${shard[0]}-${(this.sessions += 1)}`;
    this.sessionShards.set(session, shard);
    const send = (t: string, d: unknown) => socket.send(this.frame(t, d));
    send('READY', {
      v: 10,
      user: this.botUser,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session,
      resume_gateway_url: `ws://127.0.0.1:${this.port}`,
      shard,
      application: { id: this.ids.application, flags: 0 },
    });
    for (const guild of guilds) send('GUILD_CREATE', this.guildCreate(guild));
  }

  /** GUILD_CREATE for a guild: the bot and its managed role, the text channel, and the thread in the main guild. */
  private guildCreate(guild: FakeGuild): Record<string, unknown> {
    const { ids } = this;
    const main = guild.id === ids.guild;
    const now = new Date().toISOString();
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      owner_id: ids.owner,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        { id: guild.id, name: '@everyone', permissions: '1024', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
        { id: ids.botRole, name: 'dockhand', permissions: '0', position: 1, color: 0, hoist: false, managed: true, mentionable: true, flags: 0, tags: { bot_id: ids.bot } },
      ],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: this.options.guildLocale ?? 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: now,
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [{ user: this.botUser, roles: [ids.botRole], joined_at: now, deaf: false, mute: false, flags: 0 }],
      channels: [{ id: guild.channel, type: 0, name: 'general', position: 0, permission_overwrites: [], parent_id: null, nsfw: false }],
      threads: main ? [this.thread(now)] : [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /** The main guild's thread, `ids.thread`, under `ids.channel`. */
  private thread(now: string): Record<string, unknown> {
    const { ids } = this;
    return {
      id: ids.thread,
      type: 11,
      name: 'docker-help',
      guild_id: ids.guild,
      parent_id: ids.channel,
      owner_id: ids.owner,
      message_count: 0,
      member_count: 1,
      rate_limit_per_user: 0,
      flags: 0,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: now, locked: false },
    };
  }
}

/** IDENTIFY's `shard` as sent, or [0, 1] (no sharding) when absent or malformed. */
function shardPair(value: unknown): ShardPair {
  return Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n)) ? [value[0] as number, value[1] as number] : [0, 1];
}

/**
 * A message object as Discord's API and gateway send it: a fresh id and timestamp, and the empty
 * defaults for every field a test does not set.
 */
export function apiMessage(fields: { channel_id: string; author: unknown } & Record<string, unknown>): Record<string, unknown> {
  return {
    id: snowflake(),
    content: '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    ...fields,
  };
}
