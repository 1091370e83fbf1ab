import type { FastifyServerOptions } from 'fastify';
import { NOT_BLANK } from './schemas';

/**
 * Fastify's message (`body/title must be string`), except that the non-blank rule says so
 * instead of quoting its regular expression.
 */
export const schemaErrorFormatter: NonNullable<FastifyServerOptions['schemaErrorFormatter']> = (errors, dataVar) =>
  new Error(
    errors
      .map((e) => {
        const message = e.keyword === 'pattern' && e.params.pattern === NOT_BLANK ? 'must not be blank' : e.message;
        return `${dataVar}${e.instancePath} ${message}`;
      })
      .join(', '),
  );
