import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StandaloneValidator } from '@fastify/ajv-compiler';
import fastify, { type FastifyServerOptions } from 'fastify';
import { precompiledSchemas, StandaloneSchemas, type CompiledSchemas, type ValidatorFactory } from '../src';

const body = { type: 'object', required: ['title'], properties: { title: { type: 'string', minLength: 1 } } };
const created = { type: 'object', properties: { id: { type: 'integer' } } };

/** A route with a body and an answer schema; `more` adds a route the build may not have seen. */
function buildApp(schemaController: FastifyServerOptions['schemaController'], more = false) {
  const app = fastify({ schemaController });
  app.post('/things', { schema: { body, response: { 201: created } } }, (_request, reply) =>
    reply.code(201).send({ id: 7, secret: 'not in the answer schema' }),
  );
  if (more) app.get('/things', { schema: { querystring: { type: 'object', properties: { limit: { type: 'integer' } } } } }, () => []);
  return app;
}

/** The generated module, its requires resolved from here, as the bundler resolves them. */
async function generate(): Promise<CompiledSchemas> {
  const dir = mkdtempSync(join(tmpdir(), 'standalone-schemas-'));
  try {
    const schemas = new StandaloneSchemas();
    await schemas.compileRoutes(
      async (schemaController) => buildApp(schemaController),
      // Its declared type is ajv's `compile`; Fastify calls it with the route's use of a schema.
      (storeFunction) => StandaloneValidator({ readMode: false, storeFunction }) as unknown as ValidatorFactory,
    );
    schemas.write(join(dir, 'compiled-schemas.js'));
    const module = { exports: {} as CompiledSchemas };
    new Function('module', 'exports', 'require', readFileSync(join(dir, 'compiled-schemas.js'), 'utf8'))(module, module.exports, require);
    return module.exports;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('schemas compiled at build time (Fastify standalone mode)', () => {
  let compiled: CompiledSchemas;
  beforeAll(async () => {
    compiled = await generate();
  });

  test('GIVEN an app built with the recording compilers THEN the module holds one validator and one serializer per place, by name', () => {
    expect(Object.keys(compiled.validators)).toEqual(['POST /things body']);
    expect(Object.keys(compiled.serializers)).toEqual(['POST /things 201']);
  });

  test('GIVEN the app on the generated code WHEN requests come THEN they are validated and answered as the schemas say', async () => {
    const app = buildApp(precompiledSchemas(compiled));
    const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/things`;
    const post = (payload: object) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    try {
      const refused = await post({ title: '' });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { message: string }).message).toBe('body/title must NOT have fewer than 1 characters');
      const answered = await post({ title: 'a' });
      expect(answered.status).toBe(201);
      expect(await answered.text()).toBe('{"id":7}');
    } finally {
      await app.close();
    }
  });

  test('GIVEN a route the build did not see WHEN the app starts THEN the start fails, naming the route and the fix', async () => {
    const app = buildApp(precompiledSchemas(compiled), true);

    await expect(app.ready()).rejects.toThrow('the build generated no validator for GET /things querystring: build the server again');
  });
});
