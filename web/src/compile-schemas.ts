/**
 * The build's step between tsc and the bundle (server-lifecycle/scripts/bundle.mjs runs it):
 * generates the routes' validators as code, from their schemas, with Fastify's own validator
 * compiler and the app's ajv options, into compiled-schemas.js beside this file. The server then
 * compiles no schema at start (docs/benchmarks.md). Ajv checks each schema against the JSON
 * Schema meta-schema here, once, and its strict mode rejects unknown keywords.
 */
import { join } from 'node:path';
import { StandaloneValidator } from '@fastify/ajv-compiler';
import { StandaloneSchemas, type ValidatorFactory } from '@remind-me/server-lifecycle';
import { buildApp } from './app';
import { ReminderApi } from './reminder-api';

async function main(): Promise<void> {
  const schemas = new StandaloneSchemas();
  await schemas.compileRoutes(
    // The routes take the API's client; it connects at its first call, which never comes here.
    (schemaController) => buildApp(new ReminderApi('http://127.0.0.1:9', 1000), { logger: false, schemaController }),
    // Its declared type is ajv's `compile`; Fastify calls it with the route's use of a schema.
    (storeFunction) => StandaloneValidator({ readMode: false, storeFunction }) as unknown as ValidatorFactory,
  );
  schemas.write(join(__dirname, 'compiled-schemas.js'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
