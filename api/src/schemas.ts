/**
 * JSON schemas of the API: they validate requests and settings, serialise answers and make the OpenAPI
 * document; the build generates their validators and serializers as code (src/compile-schemas.ts).
 * `Reminder` and `Error` are shared (`app.addSchema`) and only referenced by answers: request
 * schemas stay inline, since our own validator compilers do not see Fastify's shared schemas.
 */

export const TITLE_MAX_LENGTH = 200;
export const PAGE_MAX_LIMIT = 1000;
/** The pattern of a title that is not only white space. */
export const NOT_BLANK = '\\S';

export const reminder = {
  $id: 'Reminder',
  type: 'object',
  required: ['id', 'title', 'dueDate'],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Assigned by the server.' },
    title: { type: 'string' },
    dueDate: { type: 'string', format: 'date-time', description: 'UTC, ISO 8601.' },
  },
} as const;

export const newReminder = {
  type: 'object',
  description:
    'Property names match ignoring case (the web image sends `Title`, `DueDate`); any other property, an id included, is ignored.',
  required: ['title', 'dueDate'],
  properties: {
    title: { type: 'string', minLength: 1, maxLength: TITLE_MAX_LENGTH, pattern: NOT_BLANK },
    dueDate: {
      type: 'string',
      // The standard name in the OpenAPI document; our validator gives it the stricter check of dates.ts.
      format: 'date-time',
      description: 'ISO 8601; without an offset the time is taken as UTC.',
      examples: ['2026-12-01T09:00:00', '2026-12-01T09:00:00+02:00'],
    },
  },
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', description: 'The reminder id.' } },
} as const;

export const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: PAGE_MAX_LIMIT, default: 100 },
    cursor: {
      type: 'string',
      pattern: '^[0-9]{1,15}$',
      description: 'The `nextCursor` of the previous page; omit it for the first page.',
    },
  },
} as const;

export const page = {
  type: 'object',
  description: 'Reminders in the order they were stored.',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: { $ref: 'Reminder#' } },
    nextCursor: { type: 'string', nullable: true, description: 'null on the last page.' },
  },
} as const;

export const error = {
  $id: 'Error',
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
} as const;

export const ref = { reminder: { $ref: 'Reminder#' }, error: { $ref: 'Error#' } } as const;

/** What a settings layer (a settings file, the environment) may set; other keys are ignored. */
export const settingsLayer = {
  type: 'object',
  properties: { dbPath: { type: 'string', minLength: 1 } },
} as const;
