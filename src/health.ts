import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.ts';

/** Something whose readiness /healthz reports: the knowledge base, each adapter, the store. */
export interface Check {
  name: string;
  /** May ask something (the database); a rejection counts as not ready. Should settle within a few seconds. */
  ready(): boolean | Promise<boolean>;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * `/healthz`: 200 when every check is ready, 503 with the failing names otherwise (the Docker
 * HEALTHCHECK and orchestrators read it); `info` adds fields beside them (the knowledge version
 * and the last reload error), which never change the status. `/metrics`: Prometheus text format.
 */
export async function startHealthServer(options: { port: number; host: string; checks: Check[]; metrics: Metrics; info?: () => Record<string, unknown> }): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/healthz') {
      void Promise.all(options.checks.map(async (c) => [c.name, await Promise.resolve().then(() => c.ready()).catch(() => false)] as const)).then((results) => {
        const ok = results.every(([, ready]) => ready);
        const body = JSON.stringify({ ok, checks: Object.fromEntries(results), ...options.info?.() });
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(body);
      });
    } else if (path === '/metrics') {
      options.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': options.metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
