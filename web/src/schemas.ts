/**
 * What the proxy routes accept. The limits are the API's own (a test against the real API checks
 * that they agree): input the API would refuse is refused here, and never forwarded.
 */

/** The API's longest title. */
export const TITLE_MAX_LENGTH = 200;
/** The pattern of a title that is not only white space. */
export const NOT_BLANK = '\\S';
export const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

export const newReminder = {
  type: 'object',
  required: ['title', 'dueDate'],
  properties: {
    title: { type: 'string', minLength: 1, maxLength: TITLE_MAX_LENGTH, pattern: NOT_BLANK },
    // The page sends the browser's offset; without one, the API takes the time as UTC.
    dueDate: { type: 'string', format: 'iso-date-time' },
  },
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: GUID } },
} as const;
