import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import type { Adapter, Engine, FeedbackService, TipPost, TipsService } from '../../src/adapter.ts';
import type { OnceStore } from '../../src/store/once.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { boltLogger } from './bolt-logger.ts';
import { registerHandlers } from './events.ts';
import { People } from './people.ts';
import { postText, postTip, slackError } from './tips.ts';

/**
 * Everything the Slack adapter needs. The adapter reads no environment variables; the app's
 * config maps SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, SLACK_PORT and
 * SLACK_COMMAND onto these.
 */
export interface SlackAdapterOptions {
  engine: Engine;
  /** Bot token (`xoxb-…`): posts answers and tips. */
  botToken: string;
  /** App-level token (`xapp-…`, scope `connections:write`). When set, Socket Mode is used and no public URL is needed. */
  appToken?: string;
  /** Signing secret for HTTP mode; Bolt rejects requests whose signature or timestamp does not check out. */
  signingSecret?: string;
  /** HTTP mode: port to listen on (0 picks a free one). Default 3000. */
  port?: number;
  /** HTTP mode: interface to listen on (SLACK_HOST). Default: all interfaces. */
  host?: string;
  /** The slash command as configured in the Slack app. Default `/docker`. */
  command?: string;
  /** Daily tips; without it, tip commands answer that tips are not enabled. */
  tips?: TipsService;
  /** 👍/👎 on answers (the learn store); without it answers carry no vote buttons. */
  feedback?: FeedbackService;
  logger?: Logger;
  /** Web API base URL, e.g. `http://127.0.0.1:PORT/api/` for tests. Default Slack's. */
  apiUrl?: string;
  /**
   * Where handled event ids and Share clicks are marked, so a retry or a double click that reaches
   * another replica is answered once (src/store/once.ts; the app passes the database's). Default:
   * this process's memory, right for a single replica.
   */
  once?: OnceStore;
  /** Clock for the event-retry memory, the share memory and the user cache. Default `Date.now`. */
  now?: () => number;
  /** How long `stop()` waits for answers in progress. Default 10 s. */
  drainMs?: number;
}

/** The Slack adapter: the Adapter contract plus the Bolt app (for tests and diagnostics). */
export interface SlackAdapter extends Adapter {
  readonly platform: 'slack';
  readonly app: App;
  /** `socket` with an app token, `http` otherwise. */
  readonly mode: 'socket' | 'http';
  /** HTTP mode: the port actually bound, once started; null otherwise. */
  httpPort(): number | null;
  /** Resolves once no request or delivery is in progress (tests; stop() drains the same set). */
  idle(): Promise<void>;
  postTip(channelId: string, tip: TipPost): Promise<string>;
}

function normaliseCommand(command: string | undefined): string {
  const name = (command ?? '/docker').trim();
  return name.startsWith('/') ? name : `/${name}`;
}

/** Checks the options and says exactly what is wrong, without echoing secrets. */
function checkOptions(options: SlackAdapterOptions): void {
  if (!options.botToken) throw new Error('Slack: a bot token (xoxb-…) is required');
  if (options.botToken.startsWith('xapp-')) throw new Error('Slack: the bot token is an app-level token (xapp-…); use the xoxb-… bot token');
  if (options.appToken && !options.appToken.startsWith('xapp-')) {
    throw new Error('Slack: the app token must be an app-level token (xapp-…) with connections:write');
  }
  if (!options.appToken && !options.signingSecret) {
    throw new Error('Slack: give an app token (Socket Mode) or a signing secret (HTTP mode)');
  }
}

/** How far a request's timestamp may be from our clock, either way (Slack's own rule is 5 minutes). */
const MAX_SKEW_S = 5 * 60;

/**
 * HTTP mode's receiver. Bolt answers from the listener's `ack()` right away
 * (`processBeforeResponse: false`): the answer is delivered after Slack has its 200, so a slow
 * `response_url`, `users.info` or `chat.postMessage` can never push the acknowledgement past
 * Slack's 3 seconds (it would show `operation_timeout`, or retry a mention). Bolt rejects old
 * timestamps only; one from the future (a clock far off, or a captured request replayed later)
 * is refused here before Bolt sees it.
 */
function httpReceiver(signingSecret: string, logger: ReturnType<typeof boltLogger>, log: Logger): HTTPReceiver {
  const receiver = new HTTPReceiver({ signingSecret, processBeforeResponse: false, logger });
  const bolt = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers['x-slack-request-timestamp'];
    const ts = Number(Array.isArray(header) ? header[0] : header);
    if (Number.isFinite(ts) && ts - Date.now() / 1000 > MAX_SKEW_S) {
      log.warn({ skewSeconds: Math.round(ts - Date.now() / 1000) }, 'refused a Slack request timestamped in the future');
      res.writeHead(401).end();
      return;
    }
    bolt(req, res);
  };
  return receiver;
}

/** Builds the Slack adapter on Bolt: Socket Mode with an app token, HTTP with a signing secret otherwise. */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  checkOptions(options);
  const log = (options.logger ?? silentLogger()).child({ adapter: 'slack' });
  const now = options.now ?? Date.now;
  const command = normaliseCommand(options.command);
  const mode = options.appToken ? 'socket' : 'http';
  const logger = boltLogger(log);
  const app = new App({
    token: options.botToken,
    ...(mode === 'socket' ? { socketMode: true, appToken: options.appToken } : { receiver: httpReceiver(options.signingSecret ?? '', logger, log) }),
    logger,
    // auth.test runs in start(), where a bad token becomes a clear error instead of an unhandled rejection.
    deferInitialization: true,
    clientOptions: {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      // The default retries for half an hour; a chat answer or a tip is worth a few quick tries only.
      retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
      timeout: 15_000,
    },
  });

  const inflight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const settled = work.catch(() => undefined);
    inflight.add(settled);
    void settled.finally(() => inflight.delete(settled));
  };
  // Every request's whole handling (listener, then delivery) is tracked here, at the front of the
  // chain, so stop() and idle() see work that started before its listener reached any await.
  app.use(async ({ next }) => {
    const work = next();
    track(work);
    await work;
  });
  registerHandlers(app, { engine: options.engine, command, tips: options.tips, feedback: options.feedback, people: new People(now, log), log, now, once: options.once ?? null });

  let state: 'idle' | 'starting' | 'running' | 'stopping' = 'idle';
  let port: number | null = null;
  let server: Server | null = null;
  let starting: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;

  /** Waits for the answers in progress, but not past `deadline`. */
  const drain = async (deadline: Promise<void>) => {
    if (inflight.size) await Promise.race([Promise.allSettled([...inflight]), deadline]);
  };

  const start = async () => {
    try {
      await app.init();
    } catch (error) {
      const code = slackError(error);
      throw new Error(code ? `Slack rejected the bot token (${code})` : `Slack: cannot reach the Web API: ${(error as Error).message}`, { cause: error });
    }
    if (mode === 'socket') {
      await app.start();
    } else {
      server = (await app.start({ port: options.port ?? 3000, ...(options.host ? { host: options.host } : {}) })) as unknown as Server;
      port = (server.address() as AddressInfo).port;
    }
    state = 'running';
    log.info({ mode, command, ...(port !== null ? { port, host: options.host ?? '0.0.0.0' } : {}) }, 'slack adapter ready');
  };

  return {
    platform: 'slack',
    app,
    mode,
    httpPort: () => port,
    async idle() {
      // One turn of the event loop first: a request whose response just arrived may not have
      // reached the tracking middleware yet.
      await new Promise((resolve) => setImmediate(resolve));
      while (inflight.size) await Promise.allSettled([...inflight]);
    },
    start() {
      if (state === 'running') return Promise.resolve();
      if (!starting) {
        state = 'starting';
        starting = start().catch((error: unknown) => {
          state = 'idle';
          starting = null;
          throw error;
        });
      }
      return starting;
    },
    stop() {
      if (state === 'idle') return Promise.resolve();
      if (!stopping) {
        stopping = (async () => {
          await starting?.catch(() => undefined);
          state = 'stopping';
          // One drainMs budget for the whole stop, however many times it waits for answers.
          let timer: NodeJS.Timeout | undefined;
          const deadline = new Promise<void>((resolve) => {
            timer = setTimeout(resolve, options.drainMs ?? 10_000);
            timer.unref();
          });
          // Socket Mode: answers go out over the Web API, so let them finish before disconnecting.
          // HTTP: stop accepting connections, let the open requests (which carry their answers)
          // finish and send their responses, and close each keep-alive socket as soon as it is
          // idle, which would otherwise hold the server open for its keep-alive timeout.
          if (mode === 'socket') await drain(deadline);
          const stopped = app.stop().catch((error: unknown) => log.warn({ err: error }, 'stopping Bolt failed'));
          const idle = server ? setInterval(() => server?.closeIdleConnections(), 50) : undefined;
          await drain(deadline);
          await stopped;
          clearTimeout(timer);
          clearInterval(idle);
          server = null;
          port = null;
          state = 'idle';
          starting = null;
          stopping = null;
          log.info('slack adapter stopped');
        })();
      }
      return stopping;
    },
    postTip: (channelId, tip) => postTip(app.client, channelId, tip),
    postText: (channelId, text) => postText(app.client, channelId, text),
  };
}
