import fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { manageConnections } from '@remind-me/server-lifecycle';
import { accessLog } from './access-log';
import { errorHandler } from './errors';
import { health } from './health';
import { page } from './page';
import { proxy } from './proxy';
import type { ReminderApi } from './reminder-api';
import { GUID, NOT_BLANK } from './schemas';
import { securityHeaders } from './security-headers';

/** A reminder is a title and a date: 4 KiB holds the longest valid one, as the API says too. */
const BODY_LIMIT = 4096;

/**
 * The web front end. `schemaController`: the compilers of the routes' schemas (the build's
 * generated code at run time; src/compile-schemas.ts at build time).
 */
export async function buildApp(
  api: ReminderApi,
  logger: FastifyServerOptions['logger'],
  schemaController: FastifyServerOptions['schemaController'],
): Promise<FastifyInstance> {
  const app = fastify({
    logger,
    schemaController,
    // Fastify's two lines per request are replaced by accessLog's one.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    // Long enough for any id to reach the GUID check and its 400, rather than the router's 404.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 1000 },
    // A JSON body carries its own types: `"title": 42` is an error, not the string "42".
    // Used by the build, which generates the validators (src/compile-schemas.ts).
    ajv: { customOptions: { coerceTypes: false } },
    schemaErrorFormatter: (errors, dataVar) =>
      new Error(errors.map((e) => `${dataVar}${e.instancePath} ${PATTERN_MESSAGES[String(e.params.pattern)] ?? e.message}`).join(', ')),
  });
  app.setErrorHandler(errorHandler);
  // JSON only: a text/plain body gets its 415 instead of reaching validation.
  app.removeContentTypeParser('text/plain');
  accessLog(app);

  manageConnections(app);
  app.addHook('onClose', () => api.close());

  await securityHeaders(app);
  await app.register(health);
  await app.register(page);
  await app.register(proxy, { api });
  return app;
}

/** What a pattern means, said instead of the regular expression. */
const PATTERN_MESSAGES: Record<string, string> = {
  [NOT_BLANK]: 'must not be blank',
  [GUID]: 'must be a GUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6',
};
