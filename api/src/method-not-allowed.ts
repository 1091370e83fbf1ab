import type { FastifyInstance, HTTPMethods } from 'fastify';
import { httpError } from './errors';

const METHODS: HTTPMethods[] = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/** Answers 405 with an `Allow` header for the methods `url` does not serve (Fastify alone says 404). */
export function methodNotAllowed(app: FastifyInstance, url: string, allowed: HTTPMethods[]): void {
  // A GET route answers HEAD too.
  const served: HTTPMethods[] = allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed;
  app.route({
    method: METHODS.filter((method) => !served.includes(method)),
    url,
    schema: { hide: true },
    handler: (request, reply) =>
      reply
        .code(405)
        .header('allow', served.join(', '))
        .send(httpError(405, `${request.method} is not allowed here; use ${served.join(', ')}`)),
  });
}
