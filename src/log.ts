import pino, { type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Field paths whose values are secrets. pino replaces them with "[redacted]" wherever a log call
 * passes such an object, so a config or client object logged by mistake leaks nothing.
 */
export const REDACT_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'clientSecret',
  'password',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.clientSecret',
  '*.password',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'config.slack.botToken',
  'config.slack.appToken',
  'config.slack.signingSecret',
  'config.discord.token',
];

export interface LogOptions {
  level?: string;
  /** Pretty, human output (a terminal); JSON lines otherwise. */
  pretty?: boolean;
  /** Where to write; stderr by default so stdout stays free for answers and `--json`. */
  destination?: DestinationStream;
  /** Secret values to mask if they ever appear inside a message string. */
  secrets?: string[];
  /** Called for every error-level line with the logger's bindings (`adapter`, `part`): counts errors for /metrics. */
  onError?: (bindings: Record<string, unknown>) => void;
}

const MAX_DEPTH = 6;

/** A copy of a log object with every secret value replaced; errors keep their message and stack. */
function maskDeep(value: unknown, mask: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return mask(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (value instanceof Error) {
    // A masked copy of the same class, so pino's error serializer still names its type.
    const copy = Object.create(Object.getPrototypeOf(value) as object) as Error;
    for (const [k, v] of Object.entries(value)) (copy as unknown as Record<string, unknown>)[k] = maskDeep(v, mask, depth + 1);
    copy.message = mask(value.message);
    copy.stack = value.stack ? mask(value.stack) : undefined;
    if (value.cause !== undefined) copy.cause = maskDeep(value.cause, mask, depth + 1);
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, mask, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, mask, depth + 1)]));
}

/** Builds the process logger. Only the app entry point calls this; everything else receives a Logger. */
export function createLogger(options: LogOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const mask = (text: string) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);
  const destination =
    options.destination ??
    (options.pretty
      ? pino.transport({ target: 'pino-pretty', options: { destination: 2, colorize: true, ignore: 'pid,hostname' } })
      : pino.destination({ dest: 2, sync: true }));
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method, level) {
          if (level >= 50) options.onError?.(this.bindings());
          method.apply(this, (secrets.length ? args.map((a) => (typeof a === 'string' ? mask(a) : a)) : args) as Parameters<typeof method>);
        },
      },
      // Secret values are masked wherever they appear, even inside an error's message or stack.
      ...(secrets.length ? { formatters: { log: (obj: Record<string, unknown>) => maskDeep(obj, mask) as Record<string, unknown> } } : {}),
    },
    destination,
  );
}

/** A logger that drops everything: for tests and the plain CLI. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
