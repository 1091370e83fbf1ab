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

/** Fastify's client errors whose own message is too terse, or quotes the whole URL back. */
const CLIENT_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported Media Type: send the body as application/json',
  FST_ERR_MAX_PARAM_LENGTH: 'The id in the URL is too long',
};

/**
 * Client errors (validation, JSON syntax, size, media type) keep Fastify's precise message, or a
 * clearer one of ours; anything else is logged in full and answered without a word about internals.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    void reply.code(status).send(httpError(status, CLIENT_MESSAGES[error.code] ?? error.message));
    return;
  }
  request.log.error({ err: error }, 'request failed');
  if (error.code === 'SQLITE_BUSY') {
    // Another process held the database's write lock past the busy timeout: worth a retry.
    void reply.code(503).header('retry-after', '1').send(httpError(503, 'The database is busy; try again.'));
    return;
  }
  void reply.code(500).send(httpError(500, 'The server could not handle this request.'));
}
