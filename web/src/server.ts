import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { ReminderApi } from './reminder-api';
import { loadSettings } from './settings';

/** Well inside Kubernetes' default 30 s termination grace period. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  const api = new ReminderApi(settings.apiOrigin, settings.apiTimeoutMs);
  const app = await buildApp(api, { level: 'info' });
  app.log.info({ apiUrl: settings.apiOrigin, apiTimeoutMs: settings.apiTimeoutMs }, 'settings loaded');

  // SIGTERM from the kubelet, SIGINT from a terminal (or an uncaught error): stop accepting,
  // let requests in flight finish, close the API's connections, exit; past the deadline, exit 1.
  closeWithGrace({
    delay: SHUTDOWN_TIMEOUT_MS,
    logger: app.log,
    onTimeout: () => app.log.error('requests still in flight at the shutdown deadline; exiting anyway'),
  }, async ({ signal, err }) => {
    app.log.info({ signal, err }, 'shutting down');
    await app.close();
    app.log.info('stopped');
  });

  await app.listen({ port: settings.port, host: settings.host });
}

main().catch((err: Error) => {
  // One line naming what is wrong: no stack trace at start.
  process.stderr.write(`remind-me-web: cannot start: ${err.message.replace(/\s+/g, ' ')}\n`);
  process.exit(1);
});
