import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';

/**
 * How long requests in flight may take to finish once SIGTERM comes: well inside Kubernetes'
 * default 30 s termination grace period, so the server exits by itself before the kubelet's SIGKILL.
 */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/** A server built and ready to listen. */
export interface ServerToRun {
  /** The app; what it holds (a database, a connection pool) is released by its `onClose` hooks. */
  readonly app: FastifyInstance;
  readonly port: number;
  readonly host: string;
}

/**
 * How much of a body the server still reads, and discards, once it has an answer for the
 * request without it (a 413 for a body over the limit, a 404 or 415 that never reads it).
 */
export const DISCARD_LIMIT_BYTES = 8 * 1024 * 1024;
/** How long, from the moment its answer is ready, the server waits for the rest of such a body. */
export const DISCARD_TIMEOUT_MS = 5_000;

/**
 * How the app's connections end; call it before registering plugins: the hooks reach only the
 * plugins registered after them.
 *
 * - Once the app is closing, each answer to a request still in flight ends its connection: kept
 *   alive, the connection would hold the server open until its keep-alive timeout, far past the
 *   termination grace period.
 * - An answer given before the request's body is all read (Fastify answers a body over its
 *   `bodyLimit` with 413 and `Connection: close` at once) waits until the rest of the body is
 *   read and discarded, up to DISCARD_LIMIT_BYTES or DISCARD_TIMEOUT_MS. Closed while the client
 *   is still sending, the socket would answer its data with a reset, which can destroy the 413
 *   before the client reads it. Past either bound the answer goes out with `Connection: close`
 *   and the connection ends, so a slow or endless sender cannot hold it.
 */
export function manageConnections(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    const body = request.raw;
    if (body.complete || body.destroyed) {
      done(null, payload);
      return;
    }
    let discarded = 0;
    const answer = (wholeBodyRead: boolean) => {
      clearTimeout(timer);
      body.off('data', onData).off('end', onEnd).off('close', onClose);
      if (!wholeBodyRead) reply.header('connection', 'close');
      done(null, payload);
    };
    const onData = (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > DISCARD_LIMIT_BYTES) answer(false);
    };
    const onEnd = () => answer(true);
    const onClose = () => answer(false);
    const timer = setTimeout(onClose, DISCARD_TIMEOUT_MS);
    body.on('data', onData).on('end', onEnd).on('close', onClose).resume();
  });
}

export interface RunServerOptions {
  /** @default SHUTDOWN_TIMEOUT_MS */
  readonly shutdownTimeoutMs?: number;
}

/**
 * Runs a server as a container should. `build` loads its settings and builds the app (which
 * calls `manageConnections`); the app listens on the port and host it returns.
 * On SIGTERM from the kubelet, SIGINT from a terminal, or an uncaught error: it stops accepting,
 * lets the requests in flight finish, runs the app's `onClose` hooks and exits (0 after a
 * signal, 1 after an error or past the deadline). When it cannot start, it writes one line
 * naming what is wrong, `<name>: cannot start: <message>` (no stack trace), and exits 1.
 */
export async function runServer(
  name: string,
  build: () => Promise<ServerToRun>,
  { shutdownTimeoutMs = SHUTDOWN_TIMEOUT_MS }: RunServerOptions = {},
): Promise<void> {
  try {
    const { app, port, host } = await build();
    closeWithGrace({
      delay: shutdownTimeoutMs,
      logger: app.log,
      onTimeout: () => app.log.error('requests still in flight at the shutdown deadline; exiting anyway'),
    }, async ({ signal, err }) => {
      app.log.info({ signal, err }, 'shutting down');
      await app.close();
      app.log.info('stopped');
    });
    await app.listen({ port, host });
  } catch (err) {
    process.stderr.write(`${name}: cannot start: ${(err as Error).message.replace(/\s+/g, ' ')}\n`);
    process.exit(1);
  }
}

export * from './access-log';
export * from './server-options';
export * from './errors';
export { precompiledSchemas, StandaloneSchemas, type CompiledSchemas, type CompiledValidator, type ValidatorFactory } from './standalone-schemas';
