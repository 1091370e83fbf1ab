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
 * Once the app is closing, each answer to a request still in flight ends its connection: kept
 * alive, the connection would hold the server open until its keep-alive timeout, far past the
 * termination grace period. Call it before registering plugins: the hook reaches only the
 * plugins registered after it.
 */
export function endConnectionsWhenClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
}

export interface RunServerOptions {
  /** @default SHUTDOWN_TIMEOUT_MS */
  readonly shutdownTimeoutMs?: number;
}

/**
 * Runs a server as a container should. `build` loads its settings and builds the app (which
 * calls `endConnectionsWhenClosing`); the app listens on the port and host it returns.
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
