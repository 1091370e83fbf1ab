import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export interface HttpError {
  statusCode: number;
  error: string;
  message: string;
}

export function httpError(statusCode: number, message: string): HttpError {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/**
 * Client errors (validation, JSON syntax, size, media type) keep Fastify's precise message;
 * anything else is our fault: logged in full, answered without a word about internals.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    void reply.code(status).send(httpError(status, error.message));
    return;
  }
  request.log.error({ err: error }, 'request failed');
  void reply.code(500).send(httpError(500, 'The server could not handle this request.'));
}
