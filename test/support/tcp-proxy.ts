import { createServer, connect, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (the test Postgres), to make the network
 * fail the way it does in production: `hold()` stops passing bytes both ways, so queries on open
 * connections hang as in a partition, until `release()`.
 */
export interface TcpProxy {
  port: number;
  /** Stops passing bytes on every connection, open or new. */
  hold(): void;
  /** Passes bytes again, including what queued up meanwhile. */
  release(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `host:port` on a free loopback port. */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let held = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    if (held) socket.pause();
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(port, host);
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    hold() {
      held = true;
      for (const socket of sockets) socket.pause();
    },
    release() {
      held = false;
      for (const socket of sockets) socket.resume();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
