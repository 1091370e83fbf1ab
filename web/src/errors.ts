import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** The one shape of every error answer, the API's own: `{ statusCode, error, message }`. */
export class HttpError extends Error {
  /** Seconds after which a retry may succeed (`Retry-After`). */
  readonly retryAfter?: number;

  constructor(
    readonly statusCode: number,
    message: string,
    options: { retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.retryAfter = options.retryAfter;
  }
}

export function errorBody(statusCode: number, message: string) {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/**
 * Client errors keep Fastify's precise message; gateway errors (the API down, slow or failing) say
 * what happened to the API; anything else is logged in full and answered without internals.
 */
export function errorHandler(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 500;
  if (error instanceof HttpError) {
    if (status >= 500) request.log.warn({ err: error }, 'reminder API call failed');
    if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
    void reply.code(status).send(errorBody(status, error.message));
  } else if (status >= 400 && status < 500) {
    void reply.code(status).send(errorBody(status, error.message));
  } else {
    request.log.error({ err: error }, 'request failed');
    void reply.code(500).send(errorBody(500, 'The server could not handle this request.'));
  }
}
