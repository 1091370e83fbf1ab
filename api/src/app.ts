import fastify, { type FastifyBodyParser, type FastifyInstance } from 'fastify';
import { type AppOptions, manageConnections, serverOptions } from '@remind-me/server-lifecycle';
import { docs } from './docs';
import { apiErrorHandler } from './errors';
import { health } from './health';
import { apiImageContract } from './image-contract';
import { reminders } from './reminders';
import { error, reminder } from './schemas';
import type { ReminderStore } from './store';
import { schemaErrorFormatter } from './validation';

/** The API, serving the reminders of `store`. */
export async function buildApp(store: ReminderStore, options: AppOptions): Promise<FastifyInstance> {
  const app = fastify({
    ...serverOptions(options, [apiImageContract.livenessPath, apiImageContract.readinessPath]),
    // Malformed URLs and over-long ids get the same answer shape as every other error.
    frameworkErrors: apiErrorHandler,
    // Routes match as ASP.NET's do: `/api/reminder/all/` finds `/api/Reminder/all`.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
  });
  app.setSchemaErrorFormatter(schemaErrorFormatter);
  app.setErrorHandler(apiErrorHandler);
  // JSON only: without this, a text/plain body would reach validation instead of a 415.
  app.removeContentTypeParser('text/plain');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, jsonParser(app));

  manageConnections(app);

  app.addSchema(reminder);
  app.addSchema(error);
  // Not an encapsulated plugin: the OpenAPI collector must see the routes registered after it.
  await docs(app);
  await app.register(health, { store });
  await app.register(reminders, { store });
  return app;
}

/**
 * Fastify's JSON parser, which refuses `__proto__` and `constructor.prototype` keys, but says
 * that the body is not valid JSON: when the text is valid JSON after all, the answer names the
 * keys instead. Only a refused body is parsed a second time.
 */
function jsonParser(app: FastifyInstance): FastifyBodyParser<string> {
  const secureParse = app.getDefaultJsonParser('error', 'error');
  return (request, body, done) =>
    secureParse(request, body, (error, value) => {
      if (error && isJson(body)) {
        const message = 'The body must not have a "__proto__" key, nor a "constructor" key with a "prototype"';
        done(Object.assign(new Error(message), { statusCode: 400 }), undefined);
      } else done(error, value);
    });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
