import { join } from 'node:path';
import { call } from './support/http';
import { cleanUp, startServer, tempDir, type RunningServer } from './support/server-process';

/** Where the book opens Swagger UI: through `kubectl proxy`, under a long path prefix. */
const PROXY_PAGE = 'http://127.0.0.1:8001/api/v1/namespaces/default/pods/remindmeapi-statefulset-0/proxy/index.html';

/** The URLs a page loads: script sources and stylesheet links. */
function assetUrls(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
}

describe('OpenAPI document and Swagger UI', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ dbPath: join(tempDir(), 'reminder.db') });
  });
  afterAll(cleanUp);

  test.each(['/', '/index.html'])('GIVEN the site root page %s WHEN it is opened THEN it is Swagger UI whose assets all load, by relative URLs', async (path) => {
    const page = await call(server.url, 'GET', path);

    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const urls = assetUrls(page.text);
    expect(urls).toEqual(expect.arrayContaining([expect.stringMatching(/swagger-ui-bundle\.js$/), 'swagger-initializer.js']));
    for (const url of urls) {
      expect(url).not.toMatch(/^(\/|[a-z]+:)/i);
      const asset = await call(server.url, 'GET', new URL(url, new URL(path, server.url)).pathname);
      expect({ url, status: asset.status }).toEqual({ url, status: 200 });
    }
  });

  test('GIVEN the UI initializer WHEN it is read THEN it loads the document by a relative URL that resolves under kubectl proxy', async () => {
    const initializer = await call(server.url, 'GET', '/swagger-initializer.js');

    const documentUrl = /url: '([^']+)'/.exec(initializer.text)?.[1] ?? '';
    expect(documentUrl).toBe('swagger/v1/swagger.json');
    expect(new URL(documentUrl, PROXY_PAGE).href).toBe(PROXY_PAGE.replace('index.html', 'swagger/v1/swagger.json'));
  });

  test('GIVEN the OpenAPI document WHEN it is fetched THEN it is "Remind Me API" v1 and describes the contract routes', async () => {
    const document = await call(server.url, 'GET', '/swagger/v1/swagger.json');

    expect(document.status).toBe(200);
    expect(document.body.info).toEqual({ title: 'Remind Me API', version: 'v1' });
    expect(Object.keys(document.body.paths).sort()).toEqual(['/api/Reminder', '/api/Reminder/all', '/api/Reminder/{id}']);
    expect(Object.keys(document.body.paths['/api/Reminder/{id}']).sort()).toEqual(['delete', 'get']);
    expect(document.body.components.schemas.Reminder.properties).toHaveProperty('dueDate');
  });

  test('GIVEN the OpenAPI document WHEN its POST body is read THEN it allows the properties the server ignores and a standard date-time', async () => {
    const document = (await call(server.url, 'GET', '/swagger/v1/swagger.json')).body;

    const body = document.paths['/api/Reminder'].post.requestBody.content['application/json'].schema;
    expect(body.additionalProperties).not.toBe(false);
    expect(body.required).toEqual(['title', 'dueDate']);
    expect(body.properties.dueDate.format).toBe('date-time');
  });

  test('GIVEN the document\'s server URL WHEN "Try it out" resolves it under kubectl proxy THEN requests go to the pod\'s root', async () => {
    const document = (await call(server.url, 'GET', '/swagger/v1/swagger.json')).body;
    const documentUrl = PROXY_PAGE.replace('index.html', 'swagger/v1/swagger.json');

    expect(new URL(document.servers[0].url, documentUrl).href).toBe(PROXY_PAGE.replace('index.html', ''));
  });
});
