import fastify, { type FastifyBodyParser, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { manageConnections } from '@remind-me/server-lifecycle';
import { AccessLog } from './access-log';
import { docs } from './docs';
import { errorHandler } from './errors';
import { health } from './health';
import { reminders } from './reminders';
import { error, reminder } from './schemas';
import type { ReminderStore } from './store';
import { schemaErrorFormatter } from './validation';

/** A reminder is a title and a date: 4 KiB holds the longest valid one, even fully \u-escaped. */
const BODY_LIMIT = 4096;

/**
 * The API. `schemaController`: the compilers of the routes' schemas (the build's generated code
 * at run time; src/compile-schemas.ts at build time).
 */
export async function buildApp(
  store: ReminderStore,
  logger: FastifyServerOptions['logger'],
  schemaController: FastifyServerOptions['schemaController'],
): Promise<FastifyInstance> {
  const app = fastify({
    logger,
    schemaController,
    logController: new AccessLog(),
    bodyLimit: BODY_LIMIT,
    // Malformed URLs and over-long ids get the same answer shape as every other error.
    frameworkErrors: errorHandler,
    // Routes match as ASP.NET's do: `/api/reminder/all/` finds `/api/Reminder/all`.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
  });
  app.setSchemaErrorFormatter(schemaErrorFormatter);
  app.setErrorHandler(errorHandler);
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
