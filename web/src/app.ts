import fastify, { type FastifyInstance } from 'fastify';
import { type AppOptions, errorHandler, manageConnections, serverOptions } from '@remind-me/server-lifecycle';
import { health } from './health';
import { webImageContract } from './image-contract';
import { page } from './page';
import { proxy } from './proxy';
import type { ReminderApi } from './reminder-api';
import { GUID, NOT_BLANK } from './schemas';
import { securityHeaders } from './security-headers';

/** The web front end, calling the reminder API through `api`. */
export async function buildApp(api: ReminderApi, options: AppOptions): Promise<FastifyInstance> {
  const app = fastify({
    ...serverOptions(options, [webImageContract.livenessPath, webImageContract.readinessPath]),
    // Long enough for any id to reach the GUID check and its 400, rather than the router's 404.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 1000 },
    // A JSON body carries its own types: `"title": 42` is an error, not the string "42".
    // Used by the build, which generates the validators (src/compile-schemas.ts).
    ajv: { customOptions: { coerceTypes: false } },
    schemaErrorFormatter: (errors, dataVar) =>
      new Error(errors.map((e) => `${dataVar}${e.instancePath} ${PATTERN_MESSAGES[String(e.params.pattern)] ?? e.message}`).join(', ')),
  });
  // The reminder API's failures come as HttpErrors from ReminderApi: the API down, slow or failing.
  app.setErrorHandler(errorHandler({ dependencyFailureLog: 'reminder API call failed' }));
  // JSON only: a text/plain body gets its 415 instead of reaching validation.
  app.removeContentTypeParser('text/plain');

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
