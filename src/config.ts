import { z } from 'zod';
import { describeShards, parseDiscordShards, type DiscordShards } from './config-shards.ts';
import type { Lang } from './types.ts';

export { databaseUrlSetting, dbSetting, knowledgeSetting, loadDotEnv } from './settings.ts';

/**
 * The one place that reads the environment. `loadConfig(process.env)` runs once at startup; every
 * other module receives the parsed Config. A half-configured platform is an error, never a
 * silently skipped adapter.
 */
export interface Config {
  /** `explicit`: LOG_LEVEL was set. The console chat logs only warnings unless it was. */
  log: { level: string; pretty: boolean; explicit: boolean };
  /** `explicit`: HEALTH_PORT was set. The console chat starts the endpoint only then. */
  health: { port: number; host: string; explicit: boolean } | null;
  slack: { botToken: string; mode: 'socket'; appToken: string; command: string; apiUrl?: string } | { botToken: string; mode: 'http'; signingSecret: string; port: number; host: string; /** SLACK_HOST was set (else every interface, with a startup warning). */ hostSet: boolean; command: string; apiUrl?: string } | null;
  /** `shards`: the gateway shards this process runs (one shard, `{ ids: [0], count: 1 }`, unless DISCORD_SHARDS is set). */
  discord: { token: string; applicationId?: string; guildId?: string; apiUrl?: string; shards: DiscordShards } | null;
  tips: { enabled: boolean; dbPath: string; timezone: string; time: string; lang: Lang };
  /**
   * DATABASE_URL: tips, question log and votes on Postgres (src/store/open.ts), shared by every
   * replica, instead of the SQLite file `tips.dbPath`; null for SQLite. `url` is a secret (it
   * usually holds the password); `target` is the same URL without password or query, for logs.
   */
  database: { url: string; target: string; poolMax: number } | null;
  /**
   * The question log (src/learn/): `retentionDays` 0 keeps no question at all; `reportChannel` is
   * where the weekly report goes (REPORT_CHANNEL, opt-in), null for none.
   */
  learn: { retentionDays: number; reportChannel: { platform: 'slack' | 'discord'; channelId: string } | null };
  /** `reload`: watch the knowledge folders and reload on a change (DOCKHAND_RELOAD, default on). */
  knowledge: { reload: boolean };
}

/** Every variable dockhand reads, with its meaning (also in .env.example). */
export const VARIABLES: Record<string, string> = {
  SLACK_BOT_TOKEN: 'Slack bot token (xoxb-…). Enables the Slack adapter.',
  SLACK_APP_TOKEN: 'Slack app-level token (xapp-…, scope connections:write). Selects Socket Mode.',
  SLACK_SIGNING_SECRET: 'Slack signing secret. Selects HTTP mode when SLACK_APP_TOKEN is not set.',
  SLACK_PORT: 'HTTP mode: port for /slack/events (default 3000).',
  SLACK_HOST: 'HTTP mode: address /slack/events binds (default 0.0.0.0, every interface; 127.0.0.1 behind a local proxy).',
  SLACK_COMMAND: 'Slash command name (default /docker).',
  DISCORD_TOKEN: 'Discord bot token. Enables the Discord adapter.',
  DISCORD_APPLICATION_ID: 'Discord application id (needed by npm run discord:register).',
  DISCORD_GUILD_ID: 'Register commands in this guild only (instant), instead of globally.',
  DISCORD_SHARDS: 'Gateway shards this process runs, e.g. 0,1 or 0-3 (with DISCORD_SHARD_COUNT; default: one shard).',
  DISCORD_SHARD_COUNT: 'Total gateway shards across all processes, the same on each (with DISCORD_SHARDS), or auto: as many as Discord recommends, all in this process.',
  DOCKHAND_DB: 'SQLite file for tip subscriptions, the question log and votes (default ./data/dockhand.sqlite).',
  DATABASE_URL: 'postgres://user:password@host:5432/db (TLS with ?sslmode=require): keep tips, the question log and votes in Postgres, shared by replicas, instead of DOCKHAND_DB.',
  DATABASE_POOL_MAX: 'With DATABASE_URL: connections per process (default 5).',
  LOG_RETENTION_DAYS: 'Days the question log keeps questions and votes (default 90; 0 keeps no question at all).',
  REPORT_CHANNEL: 'Post the weekly report of the question log to this channel: slack:C0123ABCD or discord:123456789012345678 (default: none).',
  TIPS_ENABLED: 'Post daily tips (default true).',
  TIPS_TIMEZONE: 'Default IANA time zone for new tip subscriptions (default UTC).',
  TIPS_TIME: 'Default local time HH:MM for new tip subscriptions (default 09:00).',
  TIPS_LANG: 'Default tip language zh or en (default en).',
  HEALTH_PORT: 'Port of /healthz and /metrics (default 8080; 0 picks a free port; "off" disables).',
  HEALTH_HOST: 'Address the health endpoint binds (default 0.0.0.0).',
  LOG_LEVEL: 'fatal, error, warn, info, debug or trace (default info).',
  LOG_FORMAT: 'json or pretty (default: pretty in a terminal, json otherwise).',
  DOCKHAND_KNOWLEDGE_DIR: 'Use another knowledge directory (default: the bundled knowledge/).',
  DOCKHAND_KNOWLEDGE_DIRS: 'Knowledge folders, comma-separated, later ones overriding an id (e.g. bundled,../our-notes); wins over DOCKHAND_KNOWLEDGE_DIR.',
  DOCKHAND_RELOAD: 'on or off: reload the notes when a file under the knowledge folders changes (default on).',
};

// SLACK_API_URL and DISCORD_API_URL (below) point the real clients at loopback fakes in tests;
// production never sets them, so they are not in VARIABLES or .env.example.

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(['invalid configuration:', ...problems.map((p) => `  ${p.variable}: ${p.message}`)].join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const port = z.coerce.number().int().min(0).max(65535);
const nonEmpty = z.string().trim().min(1).optional();
const envSchema = z.object({
  SLACK_BOT_TOKEN: nonEmpty.refine((v) => !v || v.startsWith('xoxb-'), 'must be a bot token starting with xoxb-'),
  SLACK_APP_TOKEN: nonEmpty.refine((v) => !v || v.startsWith('xapp-'), 'must be an app-level token starting with xapp-'),
  SLACK_SIGNING_SECRET: nonEmpty,
  SLACK_PORT: port.default(3000),
  SLACK_HOST: z.string().trim().min(1).default('0.0.0.0'),
  SLACK_COMMAND: z.string().regex(/^\/[a-z0-9_-]{1,31}$/, 'must look like /docker').default('/docker'),
  SLACK_API_URL: z.url().optional(),
  DISCORD_TOKEN: nonEmpty,
  DISCORD_APPLICATION_ID: z.string().regex(/^\d{15,22}$/, 'must be a numeric snowflake id').optional(),
  DISCORD_GUILD_ID: z.string().regex(/^\d{15,22}$/, 'must be a numeric snowflake id').optional(),
  DISCORD_API_URL: z.url().optional(),
  DISCORD_SHARDS: nonEmpty,
  DISCORD_SHARD_COUNT: nonEmpty,
  DOCKHAND_DB: z.string().min(1).default('./data/dockhand.sqlite'),
  // The message never repeats the value: it usually holds a password.
  DATABASE_URL: z.string().trim().refine(postgresUrl, 'must be a postgres:// or postgresql:// URL with a host, like postgres://dockhand:PASSWORD@db:5432/dockhand').optional(),
  DATABASE_POOL_MAX: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(5),
  LOG_RETENTION_DAYS: z.coerce.number().int('must be a whole number of days').min(0, 'must be 0 (keep nothing) or more').max(3650, 'must be at most 3650 days').default(90),
  REPORT_CHANNEL: z
    .string()
    .trim()
    .regex(/^(slack:[A-Z][A-Z0-9]{2,20}|discord:\d{15,22})$/, 'must be slack:CHANNEL_ID (like slack:C0123ABCD) or discord:CHANNEL_ID (a numeric id)')
    .optional(),
  TIPS_ENABLED: z.enum(['true', 'false', '1', '0', 'yes', 'no']).default('true'),
  TIPS_TIMEZONE: z.string().default('UTC').refine(validZone, 'must be an IANA time zone such as Asia/Shanghai or Europe/Berlin'),
  TIPS_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)').default('09:00'),
  TIPS_LANG: z.enum(['zh', 'en']).default('en'),
  HEALTH_PORT: z.union([z.literal('off'), port]).default(8080),
  HEALTH_HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  // Validated here with everything else; read for use by knowledgeSetting (the CLI resolves it).
  DOCKHAND_KNOWLEDGE_DIR: z.string().min(1).optional(),
  DOCKHAND_KNOWLEDGE_DIRS: z.string().min(1).optional(),
  DOCKHAND_RELOAD: z.enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no']).default('on'),
});

function postgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && (url.hostname !== '' || url.searchParams.has('host'));
  } catch {
    return false;
  }
}

/** The URL without its password and query string (which may name key files): what logs and `check` show. */
export function databaseTarget(value: string): string {
  const url = new URL(value);
  url.password = '';
  url.search = '';
  return url.toString();
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Parses and validates the environment. Throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>, options: { terminal?: boolean } = {}): Config {
  const blank = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = envSchema.safeParse(blank);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? 'environment'), message: i.message })));
  }
  const e = parsed.data;
  const problems: ConfigProblem[] = [];
  let slack: Config['slack'] = null;
  if (e.SLACK_BOT_TOKEN) {
    const base = { botToken: e.SLACK_BOT_TOKEN, command: e.SLACK_COMMAND, ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}) };
    if (e.SLACK_APP_TOKEN) slack = { ...base, mode: 'socket', appToken: e.SLACK_APP_TOKEN };
    else if (e.SLACK_SIGNING_SECRET) slack = { ...base, mode: 'http', signingSecret: e.SLACK_SIGNING_SECRET, port: e.SLACK_PORT, host: e.SLACK_HOST, hostSet: blank.SLACK_HOST !== undefined };
    else problems.push({ variable: 'SLACK_BOT_TOKEN', message: 'is set, but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is: set one of them' });
  } else {
    for (const v of ['SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'] as const) {
      if (e[v]) problems.push({ variable: v, message: 'is set, but SLACK_BOT_TOKEN is missing: the Slack adapter needs the bot token (xoxb-…) too' });
    }
  }
  let discord: Config['discord'] = null;
  if (e.DISCORD_TOKEN) {
    const sharding = parseDiscordShards(e.DISCORD_SHARDS, e.DISCORD_SHARD_COUNT);
    if ('problems' in sharding) problems.push(...sharding.problems);
    else discord = { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, guildId: e.DISCORD_GUILD_ID, ...(e.DISCORD_API_URL ? { apiUrl: e.DISCORD_API_URL } : {}), shards: sharding.shards };
  } else {
    const orphan = (['DISCORD_GUILD_ID', 'DISCORD_APPLICATION_ID', 'DISCORD_SHARDS', 'DISCORD_SHARD_COUNT'] as const).find((v) => e[v]);
    if (orphan) problems.push({ variable: orphan, message: 'is set, but DISCORD_TOKEN is missing: the Discord adapter needs the bot token' });
  }
  const reportChannel = parseReportChannel(e.REPORT_CHANNEL);
  // The token, not the parsed adapter: a platform refused above for another reason already has its problem listed.
  if (reportChannel && !(reportChannel.platform === 'slack' ? e.SLACK_BOT_TOKEN : e.DISCORD_TOKEN)) {
    problems.push({ variable: 'REPORT_CHANNEL', message: `names ${reportChannel.platform}, but the ${reportChannel.platform === 'slack' ? 'Slack' : 'Discord'} adapter is not configured` });
  }
  if (blank.DATABASE_POOL_MAX !== undefined && !e.DATABASE_URL) problems.push({ variable: 'DATABASE_POOL_MAX', message: 'is set, but DATABASE_URL is not: the pool is for Postgres' });
  if (problems.length) throw new ConfigError(problems);
  return {
    log: { level: e.LOG_LEVEL, pretty: e.LOG_FORMAT ? e.LOG_FORMAT === 'pretty' : Boolean(options.terminal), explicit: blank.LOG_LEVEL !== undefined },
    health: e.HEALTH_PORT === 'off' ? null : { port: e.HEALTH_PORT, host: e.HEALTH_HOST, explicit: blank.HEALTH_PORT !== undefined },
    slack,
    discord,
    tips: { enabled: ['true', '1', 'yes'].includes(e.TIPS_ENABLED), dbPath: e.DOCKHAND_DB, timezone: e.TIPS_TIMEZONE, time: e.TIPS_TIME, lang: e.TIPS_LANG },
    learn: { retentionDays: e.LOG_RETENTION_DAYS, reportChannel },
    database: e.DATABASE_URL ? { url: e.DATABASE_URL, target: databaseTarget(e.DATABASE_URL), poolMax: e.DATABASE_POOL_MAX } : null,
    knowledge: { reload: ['on', 'true', '1', 'yes'].includes(e.DOCKHAND_RELOAD) },
  };
}

/** `slack:C0123` → its platform and channel id (already validated by the schema). */
function parseReportChannel(value: string | undefined): Config['learn']['reportChannel'] {
  if (!value) return null;
  const at = value.indexOf(':');
  return { platform: value.slice(0, at) as 'slack' | 'discord', channelId: value.slice(at + 1) };
}

/** Nothing for the one shard most bots run, else which shards this process runs. */
function discordShardNote(shards: DiscordShards): string {
  return shards !== 'auto' && shards.count === 1 ? '' : `, ${describeShards(shards)}`;
}

/** The secret values in a config, for masking in logs. */
export function secretsOf(config: Config): string[] {
  const out: string[] = [];
  if (config.slack) out.push(config.slack.botToken, config.slack.mode === 'socket' ? config.slack.appToken : config.slack.signingSecret);
  if (config.discord) out.push(config.discord.token);
  if (config.database) {
    // A URL without password or query is no secret (and masking it would hide which database a log line means).
    if (config.database.url !== config.database.target) out.push(config.database.url);
    // The password alone too, as written and decoded, wherever a driver message might quote it.
    const password = new URL(config.database.url).password;
    if (password) out.push(password, decodeURIComponent(password));
  }
  return out;
}

/** One line a platform: what `dockhand check` and the startup log say will run. */
export function describePlatforms(config: Config): string[] {
  const lines: string[] = [];
  if (config.slack) lines.push(config.slack.mode === 'socket' ? `slack: Socket Mode, command ${config.slack.command}` : `slack: HTTP mode on ${config.slack.host} port ${config.slack.port}, command ${config.slack.command}`);
  if (config.discord) lines.push(`discord: gateway${discordShardNote(config.discord.shards)}${config.discord.guildId ? `, commands for guild ${config.discord.guildId}` : ''}`);
  if (!config.slack && !config.discord) lines.push('console: no chat tokens set, so the terminal chat starts');
  const store = config.database ? config.database.target : config.tips.dbPath;
  lines.push(config.tips.enabled ? `tips: on, store ${store}, default ${config.tips.time} ${config.tips.timezone} ${config.tips.lang}` : 'tips: off');
  const { retentionDays, reportChannel } = config.learn;
  const report = reportChannel ? `, weekly report to ${reportChannel.platform}:${reportChannel.channelId}` : ', no weekly report';
  lines.push(retentionDays > 0 ? `question log: kept ${retentionDays} days in ${store}${report}` : `question log: off (LOG_RETENTION_DAYS=0, no question stored; votes pruned hourly)${report}`);
  const health = config.health && (config.health.explicit || config.slack || config.discord) ? config.health : null;
  lines.push(health ? `health: http://${health.host}:${health.port}/healthz and /metrics` : 'health: off');
  return lines;
}
