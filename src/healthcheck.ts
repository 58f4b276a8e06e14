// The Docker HEALTHCHECK: asks the bot's own /healthz. Exit 0 when ready, 1 otherwise.
// Runs as a separate short process, so it must not load the knowledge base or connect anywhere.
import { request } from 'node:http';

const port = Number(process.env.HEALTH_PORT ?? 8080);
const req = request({ host: '127.0.0.1', port, path: '/healthz', timeout: 2500 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', () => process.exit(1));
req.end();
