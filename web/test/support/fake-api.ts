import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

const servers = new Set<Server>();

/** A loopback HTTP server standing in for a broken or slow API, in the test's own process. */
export async function fakeApi(handler: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Its connections end with it, answered or not.
  server.on('close', () => sockets.forEach((socket) => socket.destroy()));
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  servers.add(server);
  server.on('close', () => servers.delete(server));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const { server } = await fakeApi(() => undefined);
  const { port } = server.address() as AddressInfo;
  await new Promise((closed) => server.close(closed));
  return port;
}

/** afterAll: every fake API closed. */
export async function closeFakeApis(): Promise<void> {
  await Promise.all([...servers].map((server) => new Promise((closed) => server.close(closed))));
}
