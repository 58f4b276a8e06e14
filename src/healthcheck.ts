// The Docker HEALTHCHECK: asks the bot's own /healthz. Exit 0 when ready, 1 otherwise.
// Runs as a separate short process, so it reads only the config and connects nowhere else.
import { request } from 'node:http';
import { loadConfig } from './config.ts';
import { isEntry } from './entry.ts';

/** Resolves to the exit code: 0 healthy (or no fixed port to ask), 1 otherwise. */
export function probe(env: Record<string, string | undefined>): Promise<number> {
  const health = loadConfig(env).health;
  if (!health || health.port === 0) return Promise.resolve(0);
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

if (isEntry(import.meta.url)) process.exit(await probe(process.env));
