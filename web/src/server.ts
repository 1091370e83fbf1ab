import { precompiledSchemas, runServer } from '@remind-me/server-lifecycle';
import { buildApp } from './app';
import * as compiled from './compiled-schemas';
import { ReminderApi } from './reminder-api';
import { loadSettings } from './settings';

void runServer('remind-me-web', async () => {
  // A bad setting (apiUrl missing or not a URL) fails here, in one line that names it.
  const settings = loadSettings(process.env);
  const api = new ReminderApi(settings.apiOrigin, settings.apiTimeoutMs);
  const app = await buildApp(api, { logger: { level: 'info' }, schemaController: precompiledSchemas(compiled) });
  app.log.info({ apiUrl: settings.apiOrigin, apiTimeoutMs: settings.apiTimeoutMs }, 'settings loaded');
  return { app, port: settings.port, host: settings.host };
});
