import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { loadSettings } from './settings';
import { ReminderStore } from './store';

/** Well inside Kubernetes' default 30 s termination grace period. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  const store = ReminderStore.open(settings.dbPath);
  const app = await buildApp(store, { level: 'info' });
  app.log.info({ contentRoot: settings.contentRoot, settingsFiles: settings.files }, 'settings loaded');

  // SIGTERM from the kubelet, SIGINT from a terminal (or an uncaught error): stop accepting,
  // let requests in flight finish, close the database (checkpointing its WAL), exit; past the deadline, exit 1.
  closeWithGrace({
    delay: SHUTDOWN_TIMEOUT_MS,
    logger: app.log,
    onTimeout: () => app.log.error('requests still in flight at the shutdown deadline; exiting anyway'),
  }, async ({ signal, err }) => {
    app.log.info({ signal, err }, 'shutting down');
    await app.close();
    store.close();
    app.log.info('stopped');
  });

  await app.listen({ port: settings.port, host: settings.host });
}

main().catch((err: Error) => {
  // One line naming what is wrong (the messages name the path): no stack trace at start.
  process.stderr.write(`remind-me-api: cannot start: ${err.message.replace(/\s+/g, ' ')}\n`);
  process.exit(1);
});
