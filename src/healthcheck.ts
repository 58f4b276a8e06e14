// The Docker HEALTHCHECK: asks the bot's own /healthz. Exit 0 when ready, 1 otherwise.
// Runs as a separate short process, so it reads only the config and connects nowhere else.
import { request } from 'node:http';
import { loadConfig } from './config.ts';
import { isEntry } from './entry.ts';

/** Why the check fails when there is no fixed port to ask: passing would report a health nobody checked. */
export const NO_PORT =
  'the health endpoint is off (HEALTH_PORT=off or 0), so this check cannot pass: set HEALTH_PORT to a port, or turn the check off (docker run --no-healthcheck; Compose: healthcheck: disable: true)';

/** Resolves to the exit code: 0 healthy, 1 otherwise (unready, unreachable, or no fixed port to ask; `onNoPort` hears that case). */
export function probe(env: Record<string, string | undefined>, onNoPort: (message: string) => void = () => {}): Promise<number> {
  const health = loadConfig(env).health;
  if (!health || health.port === 0) {
    onNoPort(NO_PORT);
    return Promise.resolve(1);
  }
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: health.port, path: '/healthz', timeout: 2500 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? 0 : 1);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(1));
    req.end();
  });
}

if (isEntry(import.meta.url)) process.exit(await probe(process.env, (message) => process.stderr.write(`${message}\n`)));
