import { fullFormats } from 'ajv-formats/dist/formats';

const OFFSET = /(?:z|[+-]\d\d:?\d\d)$/i;
const isIsoDateTime = fullFormats['iso-date-time'] as { validate: (value: string) => boolean };

/**
 * Milliseconds since the epoch of an ISO 8601 date-time, NaN if it has none.
 * A date-time without an offset is taken as UTC, never as the host's zone: the book's web image
 * sends local times without an offset, and the original API ran in a container whose zone is UTC.
 */
function instantOf(value: string): number {
  return Date.parse(OFFSET.test(value) ? value : `${value}Z`);
}

/**
 * The ajv format of a due date: a calendar-valid ISO 8601 date-time with the offset optional
 * (ajv-formats checks days per month and leap years, which Date.parse silently rolls over),
 * that also has a place on the time line (Date.parse rejects leap seconds and `+02` offsets).
 */
const dueDateFormat = {
  type: 'string' as const,
  validate: (value: string) => isIsoDateTime.validate(value) && !Number.isNaN(instantOf(value)),
};

/** The formats of the API's validators, by name: the code the build generates for them requires this object. */
export const formats = { 'date-time': dueDateFormat };

/** The same instant in the form every answer carries: `2026-12-01T09:00:00.000Z`. */
export function toUtcIso(value: string): string {
  return new Date(instantOf(value)).toISOString();
}
