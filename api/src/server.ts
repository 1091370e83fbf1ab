import { precompiledSchemas, runServer } from '@remind-me/server-lifecycle';
import { buildApp } from './app';
import * as compiled from './compiled-schemas';
import { loadSettings } from './settings';
import { ReminderStore } from './store';

void runServer('remind-me-api', async () => {
  // A bad setting fails here, in one line that names its file or variable.
  const settings = loadSettings(process.env);
  const store = ReminderStore.open(settings.dbPath);
  const app = await buildApp(store, { logger: { level: 'info' }, schemaController: precompiledSchemas(compiled) });
  // Once the requests in flight are answered: close the database, checkpointing its WAL.
  app.addHook('onClose', async () => store.close());
  app.log.info({ contentRoot: settings.contentRoot, settingsFiles: settings.files }, 'settings loaded');
  return { app, port: settings.port, host: settings.host };
});
