import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { postOversizedWhileBusy } from '../../server-lifecycle/test/support/oversized-bodies';
import { call, type Answer } from './support/http';
import { cleanUp, startServer, tempDir, type RunningServer } from './support/server-process';

const DUE = '2026-12-01T09:00:00Z';
const json = { 'content-type': 'application/json' };

/** The marks of a leaked stack trace or internal path. */
const INTERNALS = /\bat \S+ \(|node_modules|\/src\/|\.[jt]s:\d+|SQLITE|better-sqlite3/i;

interface Case {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  /** Words the answer's message must contain: the field or the problem, precisely. */
  says: RegExp;
}

const cases: Case[] = [
  { name: 'malformed JSON', method: 'POST', path: '/api/Reminder', body: '{"title": "x",', headers: json, status: 400, says: /not valid JSON/ },
  { name: 'an empty JSON body', method: 'POST', path: '/api/Reminder', body: '', headers: json, status: 400, says: /empty/ },
  { name: 'a JSON array', method: 'POST', path: '/api/Reminder', body: [], status: 400, says: /body must be object/ },
  { name: 'JSON null', method: 'POST', path: '/api/Reminder', body: 'null', headers: json, status: 400, says: /body must be object/ },
  { name: 'a missing title', method: 'POST', path: '/api/Reminder', body: { dueDate: DUE }, status: 400, says: /title/ },
  { name: 'a missing dueDate', method: 'POST', path: '/api/Reminder', body: { title: 'x' }, status: 400, says: /dueDate/ },
  { name: 'an empty title', method: 'POST', path: '/api/Reminder', body: { title: '', dueDate: DUE }, status: 400, says: /body\/title/ },
  { name: 'a blank title', method: 'POST', path: '/api/Reminder', body: { title: '  \t ', dueDate: DUE }, status: 400, says: /^body\/title must not be blank$/ },
  { name: 'a title of 201 characters', method: 'POST', path: '/api/Reminder', body: { title: 'x'.repeat(201), dueDate: DUE }, status: 400, says: /body\/title must NOT have more than 200/ },
  { name: 'a number as title', method: 'POST', path: '/api/Reminder', body: { title: 42, dueDate: DUE }, status: 400, says: /body\/title must be string/ },
  { name: 'an object as title', method: 'POST', path: '/api/Reminder', body: { title: { a: 1 }, dueDate: DUE }, status: 400, says: /body\/title must be string/ },
  { name: 'a dueDate that is no date', method: 'POST', path: '/api/Reminder', body: { title: 'x', dueDate: 'tomorrow' }, status: 400, says: /body\/dueDate/ },
  { name: 'the 30th of February', method: 'POST', path: '/api/Reminder', body: { title: 'x', dueDate: '2026-02-30T09:00:00' }, status: 400, says: /body\/dueDate/ },
  { name: 'hour 24', method: 'POST', path: '/api/Reminder', body: { title: 'x', dueDate: '2026-12-01T24:00:00Z' }, status: 400, says: /body\/dueDate/ },
  { name: 'a date without a time', method: 'POST', path: '/api/Reminder', body: { title: 'x', dueDate: '2026-12-01' }, status: 400, says: /body\/dueDate/ },
  { name: 'an hours-only offset', method: 'POST', path: '/api/Reminder', body: { title: 'x', dueDate: '2026-12-01T09:00:00+02' }, status: 400, says: /body\/dueDate/ },
  { name: 'a leap second', method: 'POST', path: '/api/Reminder', body: { title: 'x', dueDate: '2026-12-31T23:59:60Z' }, status: 400, says: /body\/dueDate/ },
  { name: 'epoch milliseconds as dueDate', method: 'POST', path: '/api/Reminder', body: { title: 'x', dueDate: 1796115600000 }, status: 400, says: /body\/dueDate must be string/ },
  { name: 'prototype poisoning', method: 'POST', path: '/api/Reminder', body: '{"title":"x","dueDate":"2026-12-01T09:00:00Z","__proto__":{"admin":true}}', headers: json, status: 400, says: /must not have a "__proto__" key/ },
  { name: 'constructor poisoning', method: 'POST', path: '/api/Reminder', body: '{"title":"x","dueDate":"2026-12-01T09:00:00Z","constructor":{"prototype":{"admin":true}}}', headers: json, status: 400, says: /nor a "constructor" key with a "prototype"/ },
  { name: 'a body over the limit', method: 'POST', path: '/api/Reminder', body: { title: 'x'.repeat(5000), dueDate: DUE }, status: 413, says: /too large/ },
  { name: 'a text/plain body', method: 'POST', path: '/api/Reminder', body: 'Buy milk', headers: { 'content-type': 'text/plain' }, status: 415, says: /^Unsupported Media Type: send the body as application\/json$/ },
  { name: 'a body without a content type', method: 'POST', path: '/api/Reminder', body: '{"title":"x"}', status: 415, says: /^Unsupported Media Type: send the body as application\/json$/ },
  { name: 'an XML body', method: 'POST', path: '/api/Reminder', body: '<reminder/>', headers: { 'content-type': 'application/xml' }, status: 415, says: /^Unsupported Media Type: send the body as application\/json$/ },
  { name: 'PUT on a reminder', method: 'PUT', path: '/api/Reminder/0b9e3d4c-6a9f-4a53-9d3e-2f1c1e0d9a11', body: { title: 'x', dueDate: DUE }, status: 405, says: /PUT is not allowed here; use GET, DELETE, HEAD/ },
  { name: 'PATCH on the collection', method: 'PATCH', path: '/api/Reminder', body: {}, status: 405, says: /use GET, POST, HEAD/ },
  { name: 'DELETE on /all', method: 'DELETE', path: '/api/Reminder/all', status: 405, says: /use GET, HEAD/ },
  { name: 'an unknown route', method: 'GET', path: '/api/Nothing', status: 404, says: /not found/ },
  { name: 'an unknown id', method: 'GET', path: '/api/Reminder/0b9e3d4c-6a9f-4a53-9d3e-2f1c1e0d9a11', status: 404, says: /No reminder has id/ },
  { name: 'deleting an unknown id', method: 'DELETE', path: '/api/Reminder/not-a-guid', status: 404, says: /No reminder has id not-a-guid/ },
  { name: 'a huge id', method: 'GET', path: `/api/Reminder/${'9'.repeat(5000)}`, status: 414, says: /^The id in the URL is too long$/ },
  { name: 'SQL in the id', method: 'DELETE', path: `/api/Reminder/${encodeURIComponent("' OR 1=1 --")}`, status: 404, says: /No reminder has id ' OR 1=1 --/ },
  { name: 'broken percent-encoding', method: 'GET', path: '/api/Reminder/%E0%A4%A', status: 400, says: /not a valid url/ },
  { name: 'limit 0', method: 'GET', path: '/api/Reminder?limit=0', status: 400, says: /querystring\/limit must be >= 1/ },
  { name: 'limit 1001', method: 'GET', path: '/api/Reminder?limit=1001', status: 400, says: /querystring\/limit must be <= 1000/ },
  { name: 'a word as limit', method: 'GET', path: '/api/Reminder?limit=ten', status: 400, says: /querystring\/limit must be integer/ },
  { name: 'a fractional limit', method: 'GET', path: '/api/Reminder?limit=1.5', status: 400, says: /querystring\/limit must be integer/ },
  { name: 'a repeated limit', method: 'GET', path: '/api/Reminder?limit=1&limit=2', status: 400, says: /querystring\/limit must be integer/ },
  { name: 'a word as cursor', method: 'GET', path: '/api/Reminder?cursor=abc', status: 400, says: /querystring\/cursor/ },
  { name: 'a negative cursor', method: 'GET', path: '/api/Reminder?cursor=-1', status: 400, says: /querystring\/cursor/ },
  { name: 'a 30-digit cursor', method: 'GET', path: `/api/Reminder?cursor=${'9'.repeat(30)}`, status: 400, says: /querystring\/cursor/ },
];

describe('bad input', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ dbPath: join(tempDir(), 'reminder.db') });
  });
  afterAll(cleanUp);

  test.each(cases)('GIVEN $name WHEN it is sent THEN $status with a precise message and no internals', async (c) => {
    const answer = await call(server.url, c.method, c.path, { body: c.body, headers: c.headers });

    expect({ status: answer.status, body: answer.body }).toEqual({
      status: c.status,
      body: { statusCode: c.status, error: expect.any(String), message: expect.stringMatching(c.says) },
    });
    expect(answer.text).not.toMatch(INTERNALS);
  });

  test('GIVEN a huge id WHEN it is asked THEN the 414 answer does not echo it back', async () => {
    const answer = await call(server.url, 'GET', `/api/Reminder/${'9'.repeat(5000)}`);

    expect(answer.status).toBe(414);
    expect(answer.text).not.toContain('9999');
    expect(answer.text.length).toBeLessThan(200);
  });

  test('GIVEN a 405 WHEN it is answered THEN the Allow header lists the methods the path serves', async () => {
    const answer = await call(server.url, 'PUT', '/api/Reminder/all');

    expect(answer.headers.allow).toBe('GET, HEAD');
  });

  test('GIVEN a chunked body that grows past the limit WHEN it is streamed THEN 413', async () => {
    const answer = await new Promise<Pick<Answer, 'status' | 'text'>>((settle, fail) => {
      const req = httpRequest(new URL('/api/Reminder', server.url), { method: 'POST', headers: json }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
        res.on('end', () => settle({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', fail);
      req.write('{"title":"');
      req.end(`${'x'.repeat(10_000)}","dueDate":"${DUE}"}`);
    });

    expect(answer.status).toBe(413);
    expect(answer.text).not.toMatch(INTERNALS);
  });

  test('GIVEN every core busy WHEN a 2 MiB body is posted 50 times, half of them chunked THEN each one is answered 413, none lost to a reset', async () => {
    expect(await postOversizedWhileBusy(new URL('/api/Reminder', server.url), 50)).toEqual({ 413: 50 });
  });

  test('GIVEN a cursor past the last reminder WHEN the page is asked THEN 200 with no items and no next cursor', async () => {
    const answer = await call(server.url, 'GET', '/api/Reminder?cursor=999999999999999');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ items: [], nextCursor: null });
  });

  test('GIVEN every bad request above WHEN the server is asked again THEN it is alive, logged no error and stored nothing', async () => {
    const health = await call(server.url, 'GET', '/healthz');
    const all = await call(server.url, 'GET', '/api/Reminder/all');

    expect(health.status).toBe(200);
    expect(all.body).toEqual([]);
    expect(server.logs.filter((line) => line.level >= 50)).toEqual([]);
    expect(server.child.exitCode).toBeNull();
  });
});
