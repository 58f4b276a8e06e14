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
      // pino 10 rejects `hooks: undefined`, so these are only spread in when there is a secret to mask.
      ...(secrets.length
        ? {
            hooks: {
              logMethod(args, method) {
                method.apply(this, args.map((a) => (typeof a === 'string' ? mask(a) : a)) as Parameters<typeof method>);
              },
            },
            formatters: { log: (obj: Record<string, unknown>) => JSON.parse(mask(JSON.stringify(obj))) as Record<string, unknown> },
          }
        : {}),
    },
    destination,
  );
}

/** A logger that drops everything: for tests and the plain CLI. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
