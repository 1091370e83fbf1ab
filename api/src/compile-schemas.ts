/**
 * The build's step between tsc and the bundle (server-lifecycle/scripts/bundle.mjs runs it):
 * generates, from the schemas themselves, the validators and serializers of every route and the
 * validator of the settings, as code, into compiled-schemas.js beside this file. The server
 * then compiles no schema at start (docs/benchmarks.md). Ajv checks each schema against the
 * JSON Schema meta-schema here, once, and its strict mode rejects unknown keywords.
 */
import { join } from 'node:path';
import Ajv, { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { StandaloneSchemas } from '@remind-me/server-lifecycle';
import { buildApp } from './app';
import { formats } from './dates';
import { settingsLayer } from './schemas';
import { ReminderStore } from './store';

/** The generated validators require our formats from dates.ts, beside them. */
const code = { source: true, formats: _`require("./dates").formats` };

function compiler(coerceTypes: boolean): Ajv {
  // removeAdditional drops unknown query parameters instead of failing.
  const ajv = new Ajv({ coerceTypes, removeAdditional: true, useDefaults: true, code });
  for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format);
  return ajv;
}

async function main(): Promise<void> {
  const schemas = new StandaloneSchemas();
  // A JSON body carries its own types, so `"title": 42` is an error rather than the string "42";
  // only the URL's parts, which are always strings, are coerced (`?limit=10`).
  const bodies = compiler(false);
  const urlParts = compiler(true);
  // The routes take a store; no request reaches it here.
  const store = ReminderStore.open(':memory:');
  try {
    await schemas.compileRoutes(
      (schemaController) => buildApp(store, { logger: false, schemaController }),
      (storeCode) => () => (use) => {
        const ajv = use.httpPart === 'body' ? bodies : urlParts;
        const validate = ajv.compile(use.schema);
        storeCode(use, standaloneCode(ajv, validate));
        return validate;
      },
    );
  } finally {
    store.close();
  }
  const settings = new Ajv({ allErrors: true, code });
  schemas.storeValidator('settings', standaloneCode(settings, settings.compile(settingsLayer)));
  schemas.write(join(__dirname, 'compiled-schemas.js'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
