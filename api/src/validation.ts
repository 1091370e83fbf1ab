import Ajv from 'ajv';
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';
import { dueDateFormat } from './dates';
import { NOT_BLANK } from './schemas';

function compiler(coerceTypes: boolean): Ajv {
  // removeAdditional drops unknown query parameters instead of failing. validateSchema: false,
  // as fast-json-stringify does: checking these constant schemas against the JSON Schema
  // meta-schema compiles the meta-schema at every start, a quarter of the start's CPU time at a
  // 100m limit (docs/benchmarks.md); strict mode still rejects an unknown keyword.
  const ajv = new Ajv({ coerceTypes, removeAdditional: true, useDefaults: true, validateSchema: false });
  return ajv.addFormat('date-time', dueDateFormat);
}

// A JSON body carries its own types, so `"title": 42` is an error rather than the string "42";
// only the URL's parts, which are always strings, are coerced (`?limit=10`).
const bodies = compiler(false);
const urlParts = compiler(true);

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodies : urlParts).compile(schema);

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
