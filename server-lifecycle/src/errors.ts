import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** An answer other than success, thrown by a route and sent by `errorHandler`. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** Headers of the answer, such as `Retry-After` or `Allow`. */
    readonly headers: Readonly<Record<string, string>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The one shape of every error answer, the API's own: `{ statusCode, error, message }`. */
function errorBody(statusCode: number, message: string) {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/** What a server says about the errors that are its own. */
export interface ErrorAnswers {
  /** Messages of ours for Fastify's client errors (by `code`) whose own is too terse. */
  readonly clientMessages?: Readonly<Record<string, string>>;
  /** The answer to a failure of something the server depends on, when it has one better than a 500. */
  readonly dependencyFailure?: (error: FastifyError) => HttpError | undefined;
  /** The log message of a failed dependency (an HttpError of 5xx), naming the dependency. */
  readonly dependencyFailureLog: string;
}

/**
 * Fastify's error handler (and `frameworkErrors`): an HttpError is answered as it says (a 5xx
 * is logged as a failed dependency); client errors (validation, JSON syntax, size, media type)
 * keep Fastify's precise message, or a clearer one of ours; anything else is logged in full and
 * answered without a word about internals.
 */
export function errorHandler({ clientMessages = {}, dependencyFailure, dependencyFailureLog }: ErrorAnswers) {
  return (error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply): void => {
    const answer = error instanceof HttpError ? error : dependencyFailure?.(error);
    if (answer) {
      if (answer.statusCode >= 500) request.log.warn({ err: error }, dependencyFailureLog);
      void reply.code(answer.statusCode).headers(answer.headers).send(errorBody(answer.statusCode, answer.message));
      return;
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      void reply.code(status).send(errorBody(status, clientMessages[(error as FastifyError).code] ?? error.message));
      return;
    }
    request.log.error({ err: error }, 'request failed');
    void reply.code(500).send(errorBody(500, 'The server could not handle this request.'));
  };
}
