import { writeFileSync } from 'node:fs';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

/**
 * Fastify's standalone mode (https://fastify.dev/docs/latest/Reference/Validation-and-Serialization/):
 * the build generates every route's validators (ajv) and serializers (fast-json-stringify) as
 * code, from the routes' own schemas, into one module that the bundle holds. The server then
 * compiles no schema at start: compiling them was a third of the API's start at a 100m CPU
 * limit (docs/benchmarks.md).
 */

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>;
type CompilersFactory = NonNullable<SchemaController['compilersFactory']>;

/** A validator as ajv generates it: true or false, and the errors of the last call. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: { instancePath: string; message?: string }[] | null;
}

/** What the generated module exports: each validator and serializer under the name of its use. */
export interface CompiledSchemas {
  readonly validators: Readonly<Record<string, CompiledValidator>>;
  readonly serializers: Readonly<Record<string, (data: unknown) => string>>;
}

/** Where a route uses a schema, as Fastify tells its compilers. */
interface SchemaPlace {
  method: string;
  url: string;
  httpPart?: string;
  httpStatus?: string;
  contentType?: string;
}

/** A route's use of a schema: the schema and its place. */
export interface SchemaUse extends SchemaPlace {
  schema: Record<string, unknown>;
}

/** `POST /api/Reminder body`, `GET /api/Reminder 200`: the same name at build time and at start. */
function useName({ method, url, httpPart, httpStatus, contentType }: SchemaPlace): string {
  return [method, url, httpPart ?? httpStatus, contentType].filter(Boolean).join(' ');
}

/**
 * A factory of Fastify's validator compilers as Fastify calls it: with the route's use of a
 * schema (the type @fastify/ajv-compiler declares describes ajv's `compile` instead).
 */
export type ValidatorFactory = (externalSchemas: unknown, options?: unknown) => (use: SchemaUse) => CompiledValidator;

function compilersFactory(factories: { buildValidator: unknown; buildSerializer: unknown }): CompilersFactory {
  return factories as CompilersFactory;
}

/**
 * The schema controller of a server that runs on the build's code: each route finds its
 * validator and serializer there. A route whose schema the build did not see (the module is
 * older than the routes) stops the start, naming it.
 */
export function precompiledSchemas(compiled: CompiledSchemas): SchemaController {
  const lookUp = <T>(kind: keyof CompiledSchemas, table: Readonly<Record<string, T>>) => () => (use: SchemaUse) => {
    const found = table[useName(use)];
    if (!found) throw new Error(`the build generated no ${kind.slice(0, -1)} for ${useName(use)}: build the server again`);
    return found;
  };
  return {
    compilersFactory: compilersFactory({
      buildValidator: lookUp('validators', compiled.validators),
      buildSerializer: lookUp('serializers', compiled.serializers),
    }),
  };
}

/** Build time: the code of each validator and serializer, by name, in the order Fastify compiled them. */
export class StandaloneSchemas {
  private readonly code = { validators: new Map<string, string>(), serializers: new Map<string, string>() };

  /** Stores a validator's standalone module: for a route (Fastify's `storeFunction`), or by name. */
  readonly storeValidator = (use: SchemaPlace | string, code: string): void => this.store('validators', use, code);

  /**
   * Builds the app with compilers that generate code as they compile (`buildValidator`, given
   * the store function; the serializers are fast-json-stringify's), and waits until every route
   * is compiled.
   */
  async compileRoutes(
    build: (schemaController: SchemaController) => Promise<FastifyInstance>,
    buildValidator: (store: (place: SchemaPlace, code: string) => void) => ValidatorFactory,
  ): Promise<void> {
    const { StandaloneSerializer } = await import('@fastify/fast-json-stringify-compiler');
    const storeSerializer = (use: SchemaPlace, code: string) => this.store('serializers', use, code);
    const app = await build({
      compilersFactory: compilersFactory({
        buildValidator: buildValidator(this.storeValidator),
        buildSerializer: StandaloneSerializer({ readMode: false, storeFunction: storeSerializer }),
      }),
    });
    await app.ready();
    await app.close();
  }

  /**
   * Writes the module that `CompiledSchemas` describes: each piece of code is a CommonJS module
   * of its own, run in a function that gives it its `module`. Their `require`s stay, for the
   * bundler to follow (ajv's and fast-json-stringify's runtime helpers, the server's formats).
   */
  write(file: string): void {
    const table = (code: Map<string, string>) =>
      [...code].map(([name, source]) => `  ${JSON.stringify(name)}: load((module, exports) => {\n${source}\n}),`).join('\n');
    writeFileSync(
      file,
      `'use strict';
// Generated by the build from the routes' schemas (Fastify's standalone mode): not to be edited.
function load(run) {
  const module = { exports: {} };
  run(module, module.exports);
  return module.exports;
}
exports.validators = {
${table(this.code.validators)}
};
exports.serializers = {
${table(this.code.serializers)}
};
`,
    );
  }

  private store(kind: keyof CompiledSchemas, use: SchemaPlace | string, code: string): void {
    const name = typeof use === 'string' ? use : useName(use);
    // At start, each place finds one piece of code by its name.
    if (this.code[kind].has(name)) throw new Error(`two ${kind} for ${name}`);
    this.code[kind].set(name, code);
  }
}
