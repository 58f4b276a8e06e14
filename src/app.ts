import { fstatSync } from 'node:fs';
import { createConsoleAdapter } from '../adapters/console/adapter.ts';
import type { Adapter, Engine, Platform, TipPost, TipsService } from './adapter.ts';
import { ConfigError, describePlatforms, loadConfig, loadDotEnv, secretsOf, type Config } from './config.ts';
import { startHealthServer, type Check, type HealthServer } from './health.ts';
import { describeLayers } from './knowledge/describe.ts';
import type { KnowledgeLayer } from './knowledge/layers.ts';
import { createLiveKnowledge, type LiveKnowledge } from './knowledge/live.ts';
import { checkKnowledge, loadKnowledge, type KnowledgeBase } from './knowledge/load.ts';
import { createLogger, type Logger } from './log.ts';
import { openLearn, type Learn } from './learn/index.ts';
import { checkStore } from './store/check.ts';
import { openStores, type Stores } from './store/open.ts';
import { openOnceStore } from './store/open-once.ts';
import { countVote, createMetrics, instrumentEngine, type Metrics } from './metrics.ts';
import { takeHeldSignals } from './signals.ts';
import { openTips, runTipsCommand, type Tips, type TipPoster } from './tips/index.ts';

/** How long shutdown may take before the process gives up and exits non-zero. */
const SHUTDOWN_MS = 4500;

/** A started adapter and whether it is connected, for /healthz; `info`: fields it adds to the /healthz JSON. */
interface Running {
  adapter: Adapter;
  ready: () => boolean;
  info?: () => Record<string, unknown>;
}

/** Everything `start` and `tips` share: config, logs, knowledge, engine, metrics, the tip store. */
interface Core {
  config: Config;
  logger: Logger;
  /** The notes as loaded at startup (the tips use these until a restart). */
  kb: KnowledgeBase;
  /** The notes being served, reloaded on a change while `start` runs. */
  live: LiveKnowledge;
  engine: Engine;
  metrics: Metrics;
  tips: Tips | null;
  /** The question log and votes (src/learn/), in the same store as the tips; null if it could not open. */
  learn: Learn | null;
  /** Where tips and the question log live: the SQLite file, or Postgres when DATABASE_URL is set (src/store/open.ts). */
  stores: Stores;
}

/** Opens config, logs, knowledge and the stores; a store that cannot be opened throws a StoreError (the start fails). */
async function openCore(knowledgeDir: KnowledgeLayer[], metricsOn: boolean): Promise<Core> {
  const config = loadConfig(process.env, { terminal: Boolean(process.stderr.isTTY) });
  // In the terminal chat, info lines would interleave with the answers; keep them for chat platforms.
  const chat = Boolean(config.slack || config.discord);
  const level = config.log.explicit || chat ? config.log.level : 'warn';
  let tips: Tips | null = null;
  const metrics = createMetrics({ processMetrics: metricsOn, maybePosted: () => tips?.maybePosted() ?? 0 });
  const onError = (bindings: Record<string, unknown>) => metrics.errors.inc({ where: String(bindings.adapter ?? bindings.part ?? 'app') });
  const logger = createLogger({ level, pretty: config.log.pretty, secrets: secretsOf(config), onError });
  // The CLI already resolved --knowledge and DOCKHAND_KNOWLEDGE_DIR into knowledgeDir.
  const kb = loadKnowledge(knowledgeDir);
  // Adapters hold live.engine, which always answers from the newest good version of the notes.
  const live = createLiveKnowledge({ layers: knowledgeDir, initial: kb, logger: logger.child({ part: 'knowledge' }) });
  const engine = live.engine;
  let stores: Stores;
  try {
    stores = await openStores({ dbPath: config.tips.dbPath, database: config.database });
  } catch (error) {
    live.close();
    throw error;
  }
  if (config.tips.enabled) {
    try {
      tips = openTips({ dbPath: config.tips.dbPath, store: stores.openTips(), topics: kb.topics, defaultTimezone: config.tips.timezone, defaultLang: config.tips.lang, defaultTime: config.tips.time, logger: logger.child({ part: 'tips' }), quietCreate: !chat });
    } catch (error) {
      live.close();
      await stores.close();
      throw error;
    }
  }
  // Opened also when tips are off; a vote's topic label is a known note id or "other", so a forged button cannot grow the metrics.
  const learn = await openLearn({
    dbPath: config.tips.dbPath,
    open: () => stores.openLearn(),
    retentionDays: config.learn.retentionDays,
    logger: logger.child({ part: 'learn' }),
    onVote: (vote, topic) => countVote(metrics, vote, topic === null || live.kb().byId.has(topic) ? topic : 'other'),
  });
  return { config, logger, kb, live, engine, metrics, tips, learn, stores };
}

/**
 * Builds the adapters the configuration asks for. Platform SDKs are imported here, lazily, so the
 * core and the console never load Bolt or discord.js.
 */
async function buildAdapters(core: Core, consoleOnClose: () => void, onFatal: (error: Error) => void = () => {}): Promise<Running[]> {
  const { config, logger, metrics } = core;
  const tips: TipsService | undefined = core.tips?.service;
  // Recorder inside, so the logged latency is the engine's and the answered log line carries the answer id.
  const engineFor = (platform: Platform) => instrumentEngine(core.learn ? core.learn.record(core.engine, platform) : core.engine, platform, metrics, logger);
  // Spread, so an adapter without the option yet simply has no buttons.
  const feedback = core.learn ? { feedback: core.learn.feedback } : {};
  const running: Running[] = [];
  if (config.slack) {
    const { createSlackAdapter } = await import('../adapters/slack/adapter.ts');
    const s = config.slack;
    const adapter = createSlackAdapter({
      engine: engineFor('slack'),
      botToken: s.botToken,
      command: s.command,
      logger,
      // Leave the app's shutdown limit room to close the store and flush logs after the drain.
      drainMs: SHUTDOWN_MS - 1000,
      ...(s.mode === 'socket' ? { appToken: s.appToken } : { signingSecret: s.signingSecret, port: s.port, host: s.host }),
      ...(s.apiUrl ? { apiUrl: s.apiUrl } : {}),
      ...(tips ? { tips } : {}),
      ...feedback,
      // Event ids and Share clicks: in the shared database on Postgres, so a retry or a double
      // click reaching another replica is answered once; in this process's memory otherwise.
      once: openOnceStore(core.stores.postgres ? { postgres: core.stores.postgres } : null),
    });
    running.push(tracked(adapter));
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import('../adapters/discord/adapter.ts');
    const d = config.discord;
    const shards = d.shards === 'auto' ? { shards: 'auto' as const } : { shards: d.shards.ids, shardCount: d.shards.count };
    const adapter = createDiscordAdapter({ token: d.token, engine: engineFor('discord'), logger, onFatal, ...shards, ...(d.apiUrl ? { api: d.apiUrl } : {}), ...(tips ? { tips } : {}), ...feedback });
    // Health follows the live gateway connection of every shard: down while one reconnects, and after a fatal close.
    running.push({ ...tracked(adapter, () => adapter.connected()), info: () => ({ discord: { shards: adapter.shards() } }) });
  }
  if (!config.slack && !config.discord) {
    const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    const adapter = createConsoleAdapter({ engine: engineFor('console'), input: process.stdin, output: process.stdout, interactive, onClose: consoleOnClose, ...(tips ? { tips } : {}), ...feedback });
    running.push(tracked(adapter));
  }
  return running;
}

/** An adapter with its readiness: its own connection state, or else whether start() has resolved. */
function tracked(adapter: Adapter, connected?: () => boolean): Running {
  if (connected) return { adapter, ready: connected };
  let started = false;
  const wrapped = Object.assign(Object.create(adapter) as Adapter, {
    async start() {
      await adapter.start();
      started = true;
    },
  });
  return { adapter: wrapped, ready: () => started };
}

/** REPORT_CHANNEL's adapter, when one is running, for the weekly report. */
function weeklyWiring(core: Core, running: Running[]): Parameters<Learn['startScheduler']>[0] {
  const target = core.config.learn.reportChannel;
  const adapter = target && running.find((r) => r.adapter.platform === target.platform)?.adapter;
  return target && adapter ? { ...target, adapter, knowledge: () => core.live.current() } : undefined;
}

/** Adapters that can post tips, counting each post in the metrics. */
function posters(running: Running[], metrics: Metrics): TipPoster[] {
  return running.flatMap(({ adapter }) => {
    const post = adapter.postTip?.bind(adapter);
    if (!post) return [];
    return [
      {
        platform: adapter.platform,
        async postTip(channelId: string, tip: TipPost) {
          const id = await post(channelId, tip);
          metrics.tipsPosted.inc({ platform: adapter.platform });
          return id;
        },
      },
    ];
  });
}

/**
 * `start` with no chat tokens and nothing to read (stdin is /dev/null or closed, as in `docker run
 * -d` or `compose up -d` without a terminal): the console would end at once and exit 0, and a
 * restart policy would loop on it silently. Code `NO_CHAT`.
 */
class NoChatError extends Error {
  readonly code = 'NO_CHAT';
  constructor() {
    super(
      'no chat platform is configured and there is no terminal to chat in: set SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode) ' +
        'or SLACK_SIGNING_SECRET (HTTP mode), or DISCORD_TOKEN, in the environment or .env; for the terminal chat in Docker run it with -it',
    );
    this.name = 'NoChatError';
  }
}

/** Whether stdin gives nothing to read: a character device that is not a terminal (/dev/null), or closed. */
function noInput(): boolean {
  try {
    return fstatSync(0).isCharacterDevice();
  } catch {
    return true;
  }
}

/**
 * `dockhand start`: the long-running bot. Resolves with the exit code once it has shut down
 * (SIGTERM/SIGINT, or the console's end of input). It starts fully or not at all: a failure at
 * any step stops what had started and resolves 1.
 */
async function start(knowledgeDir: KnowledgeLayer[], envFile: string | null): Promise<number> {
  // Signal handlers first, then the signals the entry point held while modules loaded: a SIGTERM
  // in the first second must shut down cleanly, not kill the process outright (issue 18).
  let requested: string | null = null;
  let onStop: ((reason: string) => void) | null = null;
  const signal = (name: string) => (onStop ? onStop(name) : (requested ??= name));
  process.once('SIGTERM', () => signal('SIGTERM'));
  process.once('SIGINT', () => signal('SIGINT'));
  for (const name of takeHeldSignals()) signal(name);

  const core = await openCore(knowledgeDir, true);
  const { config, logger, metrics } = core;
  let stopping: Promise<number> | null = null;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));
  let health: HealthServer | null = null;
  let running: Running[] = [];

  const shutdown = (reason: string, exitCode = 0): Promise<number> => {
    stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      core.live.close();
      const timer = setTimeout(() => {
        logger.error({ reason }, `shutdown took longer than ${SHUTDOWN_MS} ms, exiting`);
        logger.flush();
        process.exit(1);
      }, SHUTDOWN_MS);
      timer.unref();
      // Adapters first: they finish the answers (and tip commands) in flight, which may still need
      // the store; then the scheduler and the store; the health endpoint last.
      const results = [
        ...(await Promise.allSettled(running.map((r) => r.adapter.stop()))),
        ...(await Promise.allSettled([core.tips?.close(), core.learn?.close(), health?.close()])),
        // The pool last: the stores above may still have been writing.
        ...(await Promise.allSettled([core.stores.close()])),
      ];
      for (const r of results) if (r.status === 'rejected') logger.error({ err: r.reason }, 'error while shutting down');
      clearTimeout(timer);
      logger.info('stopped');
      logger.flush();
      const code = exitCode !== 0 || results.some((r) => r.status === 'rejected') ? 1 : 0;
      finish(code);
      return code;
    })();
    return stopping;
  };
  onStop = (reason) => void shutdown(reason);
  if (requested) return shutdown(requested);
  // A promise nobody handled means a bug left something half done: log it and let the container restart us.
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled rejection, exiting');
    logger.flush();
    process.exit(1);
  });

  logger.info({ file: envFile }, envFile ? 'loaded .env' : 'no .env file: configuration from the environment only');
  for (const line of describePlatforms(config)) logger.info(line);
  if (config.slack?.mode === 'http' && !config.slack.hostSet) {
    logger.warn({ host: config.slack.host, port: config.slack.port }, 'Slack HTTP mode listens on every interface because SLACK_HOST is not set: set SLACK_HOST=127.0.0.1 behind a reverse proxy on this machine, or the one address Slack should reach');
  }
  for (const [i, line] of describeLayers(core.kb.layers ?? []).entries()) logger.info({ folder: core.kb.layers![i]!.dir, notes: core.kb.layers![i]!.notes }, line);
  for (const o of core.kb.overrides ?? []) logger.info({ id: o.id, file: o.file, replaced: o.replaced }, 'note overridden by a later knowledge folder');
  const consoleOnly = !config.slack && !config.discord;
  try {
    if (consoleOnly && !process.stdin.isTTY && noInput()) throw new NoChatError();
    running = await buildAdapters(core, () => void shutdown('console closed'), () => void shutdown('a chat platform closed for good', 1));
    // A signal during any await below has already shut down what existed; start nothing more.
    if (stopping) return done;
    if (config.health && (!consoleOnly || config.health.explicit)) {
      const checks: Check[] = [
        { name: 'knowledge', ready: () => core.live.kb().topics.length > 0 },
        // On Postgres a live SELECT 1, so /healthz fails while the server is down even when nothing writes.
        ...(core.tips || core.stores.kind === 'postgres' ? [{ name: 'store', ready: async () => (await core.stores.ping()).ok }] : []),
        ...running.map((r) => ({ name: r.adapter.platform, ready: r.ready })),
      ];
      const info = () => Object.assign({ knowledge: core.live.status() }, ...running.map((r) => r.info?.() ?? {})) as Record<string, unknown>;
      health = await startHealthServer({ port: config.health.port, host: config.health.host, checks, metrics, info });
      logger.info({ port: health.port }, 'health endpoint listening');
    }
    if (stopping) return done;
    await Promise.all(running.map((r) => r.adapter.start()));
    if (stopping) return done;
    if (core.tips && !consoleOnly) core.tips.startScheduler(posters(running, metrics));
    core.learn?.startScheduler(weeklyWiring(core, running));
    if (config.knowledge.reload) logger.info({ folders: core.live.watch().modes() }, 'watching the knowledge folders: an edited note is reloaded without a restart');
    else logger.info('knowledge reload is off (DOCKHAND_RELOAD=off): restart to pick up edited notes');
  } catch (error) {
    // A mistake the person starting it can fix gets its message alone; only a bug gets a stack.
    if (error instanceof NoChatError) logger.fatal({ code: error.code }, error.message);
    else logger.fatal({ err: error }, 'start failed; stopping what had started');
    await shutdown('start failed');
    return 1;
  }
  logger.info({ topics: core.kb.topics.length, adapters: running.map((r) => r.adapter.platform) }, 'dockhand is running');
  return done;
}

/**
 * `dockhand check`: config and knowledge, and what would start. It connects to nothing but the
 * Postgres of DATABASE_URL, to say whether it answers (exit 1 when not), and changes nothing there.
 */
async function check(knowledgeDir: KnowledgeLayer[], envFile: string | null): Promise<number> {
  process.stdout.write(`env: ${envFile ? `loaded ${envFile}` : 'no .env file (the environment only)'}\n`);
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const { topics, problems, layers, overrides } = checkKnowledge(knowledgeDir);
  for (const p of problems) process.stderr.write(`${p.file}: ${p.field}: ${p.message}\n`);
  process.stdout.write(`config: ok\nknowledge: ${problems.length ? `${problems.length} problem(s)` : `${topics.length} topics ok`}\n`);
  for (const line of describeLayers(layers)) process.stdout.write(`${line}\n`);
  for (const o of overrides) process.stdout.write(`info: ${o.file}: overrides "${o.id}" from ${o.replaced}\n`);
  for (const line of describePlatforms(config)) process.stdout.write(`${line}\n`);
  const store = await checkStore({ dbPath: config.tips.dbPath, database: config.database });
  process.stdout.write(`${store.line}\n`);
  return problems.length || !store.ok ? 1 : 0;
}

/** `dockhand tips run --once [--dry-run]`: posts (or lists) the tips due now through the configured chat adapters. */
async function tipsCommand(args: string[], knowledgeDir: KnowledgeLayer[]): Promise<number> {
  const core = await openCore(knowledgeDir, false);
  if (!core.tips) {
    process.stderr.write('tips are disabled (TIPS_ENABLED=false)\n');
    await core.learn?.close();
    await core.stores.close();
    return 1;
  }
  const dryRun = args.includes('--dry-run');
  const chat = core.config.slack || core.config.discord ? await buildAdapters(core, () => {}) : [];
  try {
    // Posting through Discord needs a logged-in client; a dry run connects nowhere.
    if (!dryRun) await Promise.all(chat.filter((r) => r.adapter.platform === 'discord').map((r) => r.adapter.start()));
    return await runTipsCommand(args, { kb: core.kb, store: core.tips.store, adapters: posters(chat, core.metrics), now: () => new Date(), out: process.stdout, logger: core.logger });
  } finally {
    await Promise.allSettled(chat.map((r) => r.adapter.stop()));
    await core.learn?.close();
    await core.tips.close();
    await core.stores.close();
  }
}

/** Long-running and configuration-driven commands: `start`, `check`, `tips`. */
export async function runCommand(command: string, args: string[], knowledgeDir: KnowledgeLayer[]): Promise<number> {
  // .env first, once, so the one loadConfig of each command sees it.
  const envFile = loadDotEnv();
  if (command === 'check') return check(knowledgeDir, envFile);
  if (command === 'tips') return tipsCommand(args, knowledgeDir);
  return start(knowledgeDir, envFile);
}
