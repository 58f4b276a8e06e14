/**
 * A loopback Discord for driving the real discord.js Client: a REST API that records every request
 * and a gateway that speaks plain JSON (HELLO → IDENTIFY → READY → GUILD_CREATE, heartbeats ACKed).
 * Point a Client at it with `rest: { api: fake.api }`; the gateway URL comes from GET /gateway/bot.
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
}

export const snowflake = (timestamp = Date.now()): string => SnowflakeUtil.generate({ timestamp }).toString();

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
  private readonly overrides: Override[] = [];
  private readonly sockets = new Set<WebSocket>();
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

  /** Makes matching requests fail or answer differently, `times` times. */
  override(match: (request: RecordedRequest) => boolean, reply: FakeReply, times = 1): void {
    this.overrides.push({ match, reply, times });
  }

  /** Sends a gateway dispatch (op 0) to every connected client. */
  dispatch(t: string, d: unknown): void {
    const frame = this.frame(t, d);
    for (const socket of this.sockets) socket.send(frame);
  }

  /** Closes every gateway connection with a close code, as Discord does (4000 unknown error, 4004 bad token…). */
  closeGateway(code: number): void {
    for (const socket of this.sockets) socket.close(code, 'closed by the fake');
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
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
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
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { op: number; d: Record<string, unknown> };
      if (frame.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (frame.op === 2) {
        this.identifies.push(frame.d);
        if (this.identifyCloseCode !== null) socket.close(this.identifyCloseCode, 'refused by the fake');
        else this.sendReady(socket);
      }
      if (frame.op === 6) {
        this.resumes.push(frame.d);
        socket.send(this.frame('RESUMED', {}));
      }
    });
  }

  private sendReady(socket: WebSocket): void {
    const { ids } = this;
    const now = new Date().toISOString();
    const send = (t: string, d: unknown) => socket.send(this.frame(t, d));
    send('READY', {
      v: 10,
      user: this.botUser,
      guilds: [{ id: ids.guild, unavailable: true }],
      session_id: 'fake-session',
      resume_gateway_url: `ws://127.0.0.1:${this.port}`,
      shard: [0, 1],
      application: { id: ids.application, flags: 0 },
    });
    send('GUILD_CREATE', {
      id: ids.guild,
      name: 'Fake Guild',
      icon: null,
      owner_id: ids.owner,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        { id: ids.guild, name: '@everyone', permissions: '1024', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
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
      channels: [{ id: ids.channel, type: 0, name: 'general', position: 0, permission_overwrites: [], parent_id: null, nsfw: false }],
      threads: [
        {
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
        },
      ],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    });
  }
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
