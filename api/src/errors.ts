import { errorHandler, HttpError } from '@remind-me/server-lifecycle';

/** The API's error answers: the shared handler, with the API's own words. */
export const apiErrorHandler = errorHandler({
  // Fastify's client errors whose own message is too terse, or quotes the whole URL back.
  clientMessages: {
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported Media Type: send the body as application/json',
    FST_ERR_MAX_PARAM_LENGTH: 'The id in the URL is too long',
  },
  // Another process held the database's write lock past the busy timeout: worth a retry.
  dependencyFailure: (error) => (error.code === 'SQLITE_BUSY'
    ? new HttpError(503, 'The database is busy; try again.', { 'retry-after': '1' }, { cause: error })
    : undefined),
  dependencyFailureLog: 'database busy',
});
