// The Docker HEALTHCHECK: asks the bot's own /healthz. Exit 0 when ready, 1 otherwise.
// Runs as a separate short process, so it reads only the config and connects nowhere else.
import { request } from 'node:http';
import { loadConfig } from './config.ts';

const health = loadConfig(process.env).health;
if (!health || health.port === 0) {
  // No fixed health port configured: nothing to ask, so do not mark the container unhealthy.
  process.exit(0);
}
const req = request({ host: '127.0.0.1', port: health.port, path: '/healthz', timeout: 2500 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', () => process.exit(1));
req.end();
