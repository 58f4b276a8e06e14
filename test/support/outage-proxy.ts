import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on a fixed loopback port in front of the test Postgres, for outages: `down()` cuts
 * every connection and stops listening (new connections are refused, as while a server
 * restarts), `up()` listens on the same port again. The cluster itself, shared by every test
 * file, is never touched.
 */
export interface OutageProxy {
  port: number;
  /** The URL of `url`'s database through the proxy. */
  url: string;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy to the host and port of `url` (a postgres:// URL); `url` is rewritten to go through it. */
export async function startOutageProxy(url: string): Promise<OutageProxy> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve(s));
    });
  server = await listen(0);
  const port = (server.address() as { port: number }).port;
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  const down = async () => {
    const s = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise((resolve) => s.close(resolve));
  };
  return {
    port,
    url: proxied.toString(),
    down,
    async up() {
      server ??= await listen(port);
    },
    close: down,
  };
}
