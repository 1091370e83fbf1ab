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

  // SIGTERM from the kubelet, SIGINT from a terminal: stop accepting, let requests in flight
  // finish, close the database (checkpointing its WAL), exit.
  const stop = async (signal: NodeJS.Signals) => {
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      app.log.error('requests still in flight at the shutdown deadline; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    await app.close();
    store.close();
    app.log.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  await app.listen({ port: settings.port, host: settings.host });
}

main().catch((err: Error) => {
  // One line naming what is wrong (the messages name the path): no stack trace at start.
  process.stderr.write(`remind-me-api: cannot start: ${err.message.replace(/\s+/g, ' ')}\n`);
  process.exit(1);
});
