import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A loopback Slack for tests: the Web API (`/api/<method>`, form-encoded or JSON, Bearer token),
 * `response_url` endpoints (`/respond/<id>`) and a Socket Mode WebSocket (`/socket`). It records
 * every call so tests can assert what the real Bolt app sent. Start one per test; it listens on
 * 127.0.0.1 port 0.
 */

/** One Web API call as Slack would receive it. JSON-looking form fields (blocks) are parsed. */
export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  token: string | null;
}

/** One POST to a response_url. */
export interface ResponseCall {
  id: string;
  body: Record<string, unknown>;
}

export type ApiHandler = (params: Record<string, unknown>, call: ApiCall) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
}

/** A user as users.info returns it. */
export interface FakeUser {
  name?: string;
  locale?: string;
  displayName?: string;
  realName?: string;
}

/**
 * A file the fake holds: `files.info` returns its object, and `url_private` (a files.slack.com
 * URL; the same path on this fake's origin serves it, with the bot token) its content.
 */
export interface FakeFile {
  name: string;
  content: string | Buffer;
  mimetype?: string;
  filetype?: string;
  mode?: string;
  /** The Content-Type the download answers with (default `mimetype`, else text/plain). */
  contentType?: string;
  /** The HTTP status of the download (default 200). */
  status?: number;
}

/** A conversation as conversations.info returns it. */
export interface FakeChannel {
  is_member?: boolean;
  is_im?: boolean;
}

export interface FakeSlack {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `http://127.0.0.1:PORT/api/`, for WebClient's slackApiUrl. */
  apiUrl: string;
  readonly options: Required<FakeSlackOptions>;
  calls: ApiCall[];
  responses: ResponseCall[];
  /** The bodies POSTed to one response_url from `responseUrl()`, in order. */
  repliesTo(responseUrl: string): Array<Record<string, unknown>>;
  users: Map<string, FakeUser>;
  channels: Map<string, FakeChannel>;
  /** Files by id, for files.info and downloads. */
  files: Map<string, FakeFile>;
  /** Adds a file and returns the Slack file object an event would carry for it. */
  addFile(id: string, file: FakeFile): Record<string, unknown>;
  /** GET requests for file content, in order (path and token). */
  downloads: Array<{ path: string; token: string | null }>;
  /** Calls of one Web API method. */
  callsTo(method: string): ApiCall[];
  /** A fresh response_url on this fake. */
  responseUrl(): string;
  /** The status the next response_url POSTs get (default 200). */
  responseStatus: number;
  /** How long response_url POSTs are held before they are recorded and answered (a slow Slack; default 0). */
  responseDelayMs: number;
  /** Replaces the built-in answer of one Web API method. */
  on(method: string, handler: ApiHandler): void;
  /** Resolves with the check's value once it returns something truthy; rejects after `timeoutMs`. */
  waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T>;
  /** Socket Mode: how many clients are connected. */
  socketCount(): number;
  /** Socket Mode: waits until a client has connected and got `hello`. */
  waitForSocket(timeoutMs?: number): Promise<void>;
  /**
   * Socket Mode: sends one envelope (`events_api`, `slash_commands`, `interactive`) and resolves
   * with the client's ack payload.
   */
  sendEnvelope(type: string, payload: unknown, extra?: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

const JSON_FIELDS = /^[[{]/;

function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.test(value)) {
      try {
        params[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON after all: keep the string
      }
    }
    params[key] = value;
  }
  return params;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Starts a fake Slack on 127.0.0.1 with a free port. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const opts: Required<FakeSlackOptions> = {
    botToken: options.botToken ?? 'xoxb-test-bot-token',
    appToken: options.appToken ?? 'xapp-test-app-token',
    botUserId: options.botUserId ?? 'UBOT',
    botId: options.botId ?? 'BBOT',
    teamId: options.teamId ?? 'T0001',
  };
  const calls: ApiCall[] = [];
  const responses: ResponseCall[] = [];
  const users = new Map<string, FakeUser>();
  const channels = new Map<string, FakeChannel>();
  const files = new Map<string, FakeFile>();
  const downloads: Array<{ path: string; token: string | null }> = [];
  const filePath = (id: string, file: FakeFile) => `/files-pri/${opts.teamId}-${id}/${encodeURIComponent(file.name)}`;
  const fileObject = (id: string, file: FakeFile) => ({
    id,
    name: file.name,
    title: file.name,
    mimetype: file.mimetype ?? 'text/plain',
    filetype: file.filetype ?? 'text',
    ...(file.mode ? { mode: file.mode } : {}),
    size: Buffer.byteLength(file.content),
    url_private: `https://files.slack.com${filePath(id, file)}`,
    url_private_download: `https://files.slack.com${filePath(id, file)}?download=1`,
  });
  const handlers = new Map<string, ApiHandler>();
  const sockets = new Set<WebSocket>();
  const helloed = new WeakSet<WebSocket>();
  const pendingAcks = new Map<string, (payload: Record<string, unknown>) => void>();
  let ts = 0;
  let responseIds = 0;
  let envelopes = 0;
  let base = '';

  const builtIn = (method: string, params: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://test.slack.com/', team: 'Test', user: 'dockhand', team_id: opts.teamId, user_id: opts.botUserId, bot_id: opts.botId };
      case 'apps.connections.open':
        return { ok: true, url: `${base.replace('http', 'ws')}/socket` };
      case 'chat.postMessage': {
        ts += 1;
        const messageTs = `1700000000.${String(ts).padStart(6, '0')}`;
        return { ok: true, channel: params.channel, ts: messageTs, message: { ts: messageTs, text: params.text, bot_id: opts.botId } };
      }
      case 'users.info': {
        const id = String(params.user);
        const user = users.get(id);
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id,
            name: user.name ?? id.toLowerCase(),
            ...(user.locale ? { locale: user.locale } : {}),
            profile: { display_name: user.displayName ?? '', real_name: user.realName ?? '' },
          },
        };
      }
      case 'files.info': {
        const id = String(params.file);
        const file = files.get(id);
        return file ? { ok: true, file: fileObject(id, file) } : { ok: false, error: 'file_not_found' };
      }
      case 'conversations.info': {
        const id = String(params.channel);
        const channel = channels.get(id);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        return { ok: true, channel: { id, is_member: Boolean(channel.is_member), is_im: Boolean(channel.is_im) } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const handleApi = async (method: string, req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const auth = req.headers.authorization;
    const params = parseParams(raw, req.headers['content-type']);
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof params.token === 'string' ? params.token : null;
    const call: ApiCall = { method, params, token };
    calls.push(call);
    const expected = method === 'apps.connections.open' ? opts.appToken : opts.botToken;
    if (token !== expected) return sendJson(res, 200, { ok: false, error: token ? 'invalid_auth' : 'not_authed' });
    const custom = handlers.get(method);
    const result = custom ? await custom(params, call) : builtIn(method, params);
    if (typeof result.__status === 'number') return sendJson(res, result.__status, { ok: false, error: 'http_error' });
    sendJson(res, 200, result);
  };

  const fake: FakeSlack = {
    url: '',
    apiUrl: '',
    options: opts,
    calls,
    responses,
    users,
    channels,
    files,
    downloads,
    addFile(id, file) {
      files.set(id, file);
      return fileObject(id, file);
    },
    responseStatus: 200,
    responseDelayMs: 0,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responseUrl: () => `${base}/respond/${(responseIds += 1)}`,
    repliesTo: (responseUrl) => responses.filter((r) => responseUrl === `${base}/respond/${r.id}`).map((r) => r.body),
    on: (method, handler) => void handlers.set(method, handler),
    async waitFor(check, what, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`fake Slack: timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    socketCount: () => [...sockets].filter((s) => helloed.has(s)).length,
    async waitForSocket(timeoutMs = 5_000) {
      await fake.waitFor(() => fake.socketCount() > 0, 'a Socket Mode connection', timeoutMs);
    },
    sendEnvelope(type, payload, extra = {}) {
      const socket = [...sockets].find((s) => helloed.has(s));
      if (!socket) return Promise.reject(new Error('fake Slack: no Socket Mode client connected'));
      const envelopeId = `env-${(envelopes += 1)}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pendingAcks.delete(envelopeId);
          reject(new Error(`fake Slack: no ack for ${type} envelope ${envelopeId}`));
        }, 5_000);
        pendingAcks.set(envelopeId, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
        socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', ...extra }));
      });
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const api = /^\/api\/([\w.]+)$/.exec(path);
    if (req.method === 'POST' && api?.[1]) {
      handleApi(api[1], req, res).catch((error: unknown) => sendJson(res, 500, { ok: false, error: String(error) }));
      return;
    }
    if (req.method === 'GET' && path.startsWith('/files-pri/')) {
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
      downloads.push({ path, token });
      const entry = [...files].find(([id, f]) => filePath(id, f) === path)?.[1];
      // Slack answers a request without a valid token with its sign-in page, not an error status.
      if (!entry || token !== opts.botToken) {
        res.writeHead(entry ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<html><body>Sign in to Slack</body></html>');
        return;
      }
      res.writeHead(entry.status ?? 200, { 'content-type': entry.contentType ?? entry.mimetype ?? 'text/plain' });
      res.end(entry.content);
      return;
    }
    const respond = /^\/respond\/(\w+)$/.exec(path);
    if (req.method === 'POST' && respond?.[1]) {
      const id = respond[1];
      readBody(req)
        .then(async (raw) => {
          if (fake.responseDelayMs) await new Promise((r) => setTimeout(r, fake.responseDelayMs));
          responses.push({ id, body: JSON.parse(raw) as Record<string, unknown> });
          res.writeHead(fake.responseStatus, { 'content-type': 'text/plain' });
          res.end(fake.responseStatus === 200 ? 'ok' : 'failed');
        })
        .catch(() => sendJson(res, 400, { ok: false }));
      return;
    }
    sendJson(res, 404, { ok: false, error: 'not_found' });
  });

  const wss = new WebSocketServer({ server, path: '/socket' });
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
      const resolve = message.envelope_id ? pendingAcks.get(message.envelope_id) : undefined;
      if (message.envelope_id && resolve) {
        pendingAcks.delete(message.envelope_id);
        resolve(message.payload ?? {});
      }
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0001' } }), () => helloed.add(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.url = base;
  fake.apiUrl = `${base}/api/`;
  return fake;
}
