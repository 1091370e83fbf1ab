import Ajv from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { dueDateFormat } from './dates';

function compiler(coerceTypes: boolean): Ajv {
  // removeAdditional drops unknown properties (an `Id` sent by the web image) instead of failing.
  const ajv = new Ajv({ coerceTypes, removeAdditional: true, useDefaults: true });
  return ajv.addFormat('iso-date-time', dueDateFormat);
}

// A JSON body carries its own types, so `"title": 42` is an error rather than the string "42";
// only the URL's parts, which are always strings, are coerced (`?limit=10`).
const bodies = compiler(false);
const urlParts = compiler(true);

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodies : urlParts).compile(schema);
