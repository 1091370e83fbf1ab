import fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { AccessLog } from './access-log';
import { docs } from './docs';
import { errorHandler } from './errors';
import { health } from './health';
import { reminders } from './reminders';
import { error, reminder } from './schemas';
import type { ReminderStore } from './store';
import { validatorCompiler } from './validation';

/** A reminder is a title and a date: 4 KiB holds the longest valid one, even fully \u-escaped. */
const BODY_LIMIT = 4096;

export async function buildApp(
  store: ReminderStore,
  logger: FastifyServerOptions['logger'],
): Promise<FastifyInstance> {
  const app = fastify({
    logger,
    logController: new AccessLog(),
    bodyLimit: BODY_LIMIT,
    // Malformed URLs and over-long ids get the same answer shape as every other error.
    frameworkErrors: errorHandler,
    // Routes match as ASP.NET's do: `/api/reminder/all/` finds `/api/Reminder/all`.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  // JSON only: without this, a text/plain body would reach validation instead of a 415.
  app.removeContentTypeParser('text/plain');

  // Once closing, answers to requests still in flight end their connection: kept alive, it would
  // hold the server open until the keep-alive timeout, far past the termination grace period.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  app.addSchema(reminder);
  app.addSchema(error);
  // Not an encapsulated plugin: the OpenAPI collector must see the routes registered after it.
  await docs(app);
  await app.register(health, { store });
  await app.register(reminders, { store });
  return app;
}
