import type { FastifyInstance, HTTPMethods } from 'fastify';
import { HttpError } from '@remind-me/server-lifecycle';

const METHODS: HTTPMethods[] = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/** Answers 405 with an `Allow` header for the methods `url` does not serve (Fastify alone says 404). */
export function methodNotAllowed(app: FastifyInstance, url: string, allowed: HTTPMethods[]): void {
  // A GET route answers HEAD too.
  const served: HTTPMethods[] = allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed;
  const allow = served.join(', ');
  app.route({
    method: METHODS.filter((method) => !served.includes(method)),
    url,
    schema: { hide: true },
    handler: (request) => {
      throw new HttpError(405, `${request.method} is not allowed here; use ${allow}`, { allow });
    },
  });
}
