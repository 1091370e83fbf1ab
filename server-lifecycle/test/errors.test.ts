import { Writable } from 'node:stream';
import fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { AccessLog, BODY_LIMIT_BYTES, errorHandler, HttpError } from '../src';

const running: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

/** An app with the shared access log, body limit and error answers, and the log lines it writes. */
async function appWithRoutes() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write: (chunk, _encoding, done) => {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const app = fastify({ logger: { level: 'info', stream }, logController: new AccessLog(['/healthz']), bodyLimit: BODY_LIMIT_BYTES });
  app.setErrorHandler(errorHandler({
    clientMessages: { FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send JSON' },
    dependencyFailure: (error) => (error.code === 'BUSY' ? new HttpError(503, 'Busy; try again.', { 'retry-after': '1' }) : undefined),
    dependencyFailureLog: 'store failed',
  }));
  // JSON only, as both servers are.
  app.removeContentTypeParser('text/plain');
  app.get('/healthz', async () => 'ok');
  app.get('/gone', async () => {
    throw new HttpError(404, 'No such thing', { 'x-why': 'deleted' });
  });
  app.get('/busy', async () => {
    throw Object.assign(new Error('locked'), { code: 'BUSY' }) as FastifyError;
  });
  app.get('/broken', async () => {
    throw new Error('internal detail');
  });
  app.post('/echo', async (request) => request.body);
  // Real requests over a socket, as the other suites send them (inject is not used in these suites).
  running.push(app);
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const call = (url: string, init?: RequestInit) => fetch(`${origin}${url}`, init);
  return { app, lines, call };
}

describe('the shared error answers', () => {
  test.each([
    ['GET /gone', '/gone', {}, 404, 'No such thing', { 'x-why': 'deleted' }],
    ['GET /busy', '/busy', {}, 503, 'Busy; try again.', { 'retry-after': '1' }],
    ['GET /broken', '/broken', {}, 500, 'The server could not handle this request.', {}],
    ['POST text', '/echo', { method: 'POST', body: 'text', headers: { 'content-type': 'text/plain' } }, 415, 'Send JSON', {}],
    ['POST over the limit', '/echo', {
      method: 'POST', body: JSON.stringify({ title: 'x'.repeat(BODY_LIMIT_BYTES) }), headers: { 'content-type': 'application/json' },
    }, 413, 'Request body is too large', {}],
  ])('%s: its status, message and headers', async (_name, url, init, statusCode, message, headers) => {
    const { call } = await appWithRoutes();
    const answer = await call(url, init);
    expect(answer.status).toBe(statusCode);
    expect(await answer.json()).toEqual({ statusCode, error: expect.any(String), message });
    expect(Object.fromEntries(answer.headers)).toMatchObject(headers);
  });

  test('logs a failed dependency as a warning, any other failure in full, a client error not at all', async () => {
    const { lines, call } = await appWithRoutes();
    for (const url of ['/busy', '/broken', '/gone']) await (await call(url)).text();
    const failures = lines.filter((line) => (line.level as number) >= 40);
    expect(failures).toMatchObject([
      { level: 40, msg: 'store failed', err: { message: 'locked' } },
      { level: 50, msg: 'request failed', err: { message: 'internal detail' } },
    ]);
  });
});

describe('the shared access log', () => {
  test('writes one line per request with its answer, and none for the probes', async () => {
    const { lines, call } = await appWithRoutes();
    for (const url of ['/healthz', '/gone', '/healthz']) await (await call(url)).text();
    expect(lines.filter((line) => 'res' in line)).toMatchObject([
      { level: 30, msg: 'request completed', req: { method: 'GET', url: '/gone' }, res: { statusCode: 404 }, responseTime: expect.any(Number) },
    ]);
  });
});
