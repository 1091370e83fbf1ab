/**
 * Both servers' Fastify `bodyLimit`, so both answer 413 alike: a reminder is a title and a date,
 * and 4 KiB holds the longest valid one, even fully \u-escaped.
 */
export const BODY_LIMIT_BYTES = 4096;
