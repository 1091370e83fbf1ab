import { execFileSync } from 'node:child_process';
import { cpSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { call } from '../../api/test/support/http';
import { startServer } from '../../api/test/support/server-process';
import { webImageContract } from '../src/image-contract';
import { closeFakeApis, fakeApi } from './support/fake-api';
import { cleanUp, spawnServer, startApi, startWeb, stop, tempDir, WEB_ARGS, WEB_DIR, type RunningServer } from './support/processes';

describe('the page, its headers and the probes', () => {
  let web: RunningServer;
  beforeAll(async () => {
    // The page and the probes need no API: nothing listens at this apiUrl.
    web = await startWeb('http://127.0.0.1:9', { GET_HOSTS_FROM: 'dns' });
  });
  afterAll(cleanUp);

  test('GIVEN the page WHEN it is loaded THEN HTML, revalidated on every visit, with a strict CSP, nosniff and no X-Powered-By', async () => {
    const page = await call(web.url, 'GET', '/');

    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none';script-src 'self';style-src 'self';img-src 'self';connect-src 'self';base-uri 'none';form-action 'self';frame-ancestors 'none'",
    );
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['x-powered-by']).toBeUndefined();
    expect(page.headers['strict-transport-security']).toBeUndefined();
    // No inline script for the CSP to refuse: every script is a file of this origin.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect((await call(web.url, 'GET', '/index.html')).text).toBe(page.text);
  });

  test('GIVEN the assets the page names WHEN they are loaded THEN each has a hashed name, its type and a year-long immutable cache', async () => {
    const page = await call(web.url, 'GET', '/');
    const assets = [...page.text.matchAll(/(?:href|src)="([^"]+)"/g)].map((match) => match[1]);

    expect(assets).toHaveLength(3);
    for (const asset of assets) {
      expect(asset).toMatch(/^assets\/(icon|style|main)-[A-Z0-9]{8}\.(svg|css|js)$/);
      const answer = await call(web.url, 'GET', `/${asset}`);
      expect(answer.status).toBe(200);
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(answer.headers['content-type']).toMatch(/^(image\/svg\+xml|text\/css|application\/javascript)/);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  test('GIVEN an asset name that does not exist, or one outside the page WHEN asked for THEN 404', async () => {
    for (const path of ['/assets/main-00000000.js', '/../package.json', '/%2e%2e/package.json', '/src/server.js']) {
      expect((await call(web.url, 'GET', path)).status).toBe(404);
    }
  });

  test('GIVEN no API behind the web WHEN the probes are called THEN both answer 200: readiness does not depend on the API', async () => {
    expect((await call(web.url, 'GET', webImageContract.livenessPath)).body).toEqual({ status: 'alive' });
    expect((await call(web.url, 'GET', webImageContract.readinessPath)).body).toEqual({ status: 'ready' });
  });

  test('GIVEN GET_HOSTS_FROM=dns, as the book sets it WHEN the server starts THEN it is accepted, and the settings are logged', () => {
    expect(web.logs.find((line) => line.msg === 'settings loaded')).toMatchObject({ apiUrl: 'http://127.0.0.1:9', apiTimeoutMs: 5000 });
  });
});

describe('start and stop', () => {
  afterAll(async () => {
    await closeFakeApis();
    await cleanUp();
  });

  /** Starts the server, expecting it to refuse: exit 1, and one line on stderr. */
  async function refusal(env: Record<string, string>): Promise<string> {
    const exit = await spawnServer(env, { args: WEB_ARGS }).exited;
    expect(exit.code).toBe(1);
    const lines = exit.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    return lines[0];
  }

  test.each([
    [{}, "remind-me-web: cannot start: apiUrl is required: the reminder API's base URL, e.g. apiUrl=http://127.0.0.1:8080"],
    [{ apiUrl: 'remind-me-api-svc' }, 'apiUrl must be an absolute http:// URL, e.g. apiUrl=http://127.0.0.1:8080, not "remind-me-api-svc"'],
    [{ apiUrl: 'ftp://api:21' }, 'apiUrl must use http or https, not ftp'],
    [{ apiUrl: 'http://api:8080/api/Reminder' }, 'apiUrl must be a scheme, host and port only (no path, query or credentials)'],
    [{ apiUrl: 'http://user:secret@api:8080' }, 'apiUrl must be a scheme, host and port only (no path, query or credentials)'],
    [{ apiUrl: 'http://api:8080', apiTimeoutMs: '0' }, 'apiTimeoutMs must be a whole number from 1 to 60000, not "0"'],
    [{ apiUrl: 'http://api:8080', PORT: 'http' }, 'PORT must be a whole number from 0 to 65535, not "http"'],
  ])('GIVEN the environment %j WHEN the server starts THEN it exits 1 with one line naming the variable', async (env, message) => {
    const line = await refusal(env);

    expect(line).toContain(message);
    expect(line).not.toContain('secret');
  });

  test('GIVEN a call to the API in flight WHEN SIGTERM comes THEN the web answers it, then exits 0', async () => {
    let arrived!: () => void;
    const called = new Promise<void>((resolve) => (arrived = resolve));
    let answer!: () => void;
    const slowApi = await fakeApi((_request, response) => {
      arrived();
      answer = () => response.writeHead(201, { 'content-type': 'application/json' }).end('{"title":"In flight"}');
    });
    const web = await startWeb(slowApi.url);

    const inFlight = call(web.url, 'POST', '/Proxy/SaveReminder', { body: { title: 'In flight', dueDate: '2026-12-01T09:00:00Z' } });
    await called;
    web.child.kill('SIGTERM');
    for (let tries = 0; tries < 250 && !web.logs.some((line) => line.msg === 'shutting down'); tries++) {
      await new Promise((tick) => setTimeout(tick, 20));
    }
    answer();

    expect(await inFlight).toMatchObject({ status: 201, body: { title: 'In flight' } });
    expect((await web.exited).code).toBe(0);
    expect(web.logs.map((line) => line.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  test('GIVEN the built server and page in a read-only directory, and no capability to override permissions WHEN the page and a proxy route are used THEN both work: the server writes no file', async () => {
    const api = await startApi();
    const root = tempDir();
    cpSync(join(WEB_DIR, 'dist'), join(root, 'dist'), { recursive: true });
    symlinkSync(join(WEB_DIR, '..', 'node_modules'), join(root, 'node_modules'));
    execFileSync('chmod', ['-R', 'a-w', root]);

    const web = await startServer({ apiUrl: api.url }, { args: [...webImageContract.nodeFlags, join(root, webImageContract.entryPoint)], permissionsApply: true });
    const page = await call(web.url, 'GET', '/');
    const list = await call(web.url, 'GET', '/Proxy/GetAllReminders');
    execFileSync('chmod', ['-R', 'u+w', root]);

    expect([page.status, list.status]).toEqual([200, 200]);
    expect(page.text).toContain('<title>Remind Me</title>');
  });

  test('GIVEN an idle server WHEN SIGINT comes (Ctrl-C in a terminal) THEN it exits 0 too', async () => {
    const web = await startWeb('http://127.0.0.1:9');

    expect((await stop(web, 'SIGINT')).code).toBe(0);
  });
});
