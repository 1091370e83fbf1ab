import { call } from '../../api/test/support/http';
import { postOversizedWhileBusy } from '../../server-lifecycle/test/support/oversized-bodies';
import { apiBehindWeb, apiRequests } from './support/processes';

const GUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const valid = { title: 'Buy milk', dueDate: '2026-12-01T09:00:00+01:00' };
const json = { 'content-type': 'application/json' };

describe('bad client input: a precise 4xx from the web, and nothing forwarded to the API', () => {
  const servers = apiBehindWeb();

  // [case, method, path, options, status, message]
  const cases: [string, string, string, { body?: unknown; headers?: Record<string, string> }, number, string][] = [
    ['a body that is not JSON', 'POST', '/Proxy/SaveReminder', { body: '{"title": "x",', headers: json }, 400, 'Body is not valid JSON'],
    ['a body that is not an object', 'POST', '/Proxy/SaveReminder', { body: [valid] }, 400, 'body must be object'],
    ['no title', 'POST', '/Proxy/SaveReminder', { body: { dueDate: valid.dueDate } }, 400, "body must have required property 'title'"],
    ['no due date', 'POST', '/Proxy/SaveReminder', { body: { title: 'x' } }, 400, "body must have required property 'dueDate'"],
    ['a title that is a number', 'POST', '/Proxy/SaveReminder', { body: { ...valid, title: 42 } }, 400, 'body/title must be string'],
    ['a blank title', 'POST', '/Proxy/SaveReminder', { body: { ...valid, title: ' \t ' } }, 400, 'body/title must not be blank'],
    ['an empty title', 'POST', '/Proxy/SaveReminder', { body: { ...valid, title: '' } }, 400, 'body/title must NOT have fewer than 1 characters'],
    ['a title of 201 characters', 'POST', '/Proxy/SaveReminder', { body: { ...valid, title: 'x'.repeat(201) } }, 400, 'body/title must NOT have more than 200 characters'],
    ['a due date that is no date', 'POST', '/Proxy/SaveReminder', { body: { ...valid, dueDate: 'tomorrow' } }, 400, 'body/dueDate must match format "iso-date-time"'],
    ['a due date off the calendar', 'POST', '/Proxy/SaveReminder', { body: { ...valid, dueDate: '2026-02-30T09:00:00Z' } }, 400, 'body/dueDate must match format "iso-date-time"'],
    ['a __proto__ key', 'POST', '/Proxy/SaveReminder', { body: `{"title":"x","dueDate":"${valid.dueDate}","__proto__":{"a":1}}`, headers: json }, 400, 'Body is not valid JSON'],
    ['a text/plain body', 'POST', '/Proxy/SaveReminder', { body: JSON.stringify(valid), headers: { 'content-type': 'text/plain' } }, 415, 'Unsupported Media Type'],
    ['a body over 4 KiB', 'POST', '/Proxy/SaveReminder', { body: { ...valid, note: 'x'.repeat(5000) } }, 413, 'Request body is too large'],
    ['an id that is not a GUID', 'DELETE', '/Proxy/DeleteReminder/42', {}, 400, 'params/id must be a GUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6'],
    ['an id that climbs out of its route', 'DELETE', '/Proxy/DeleteReminder/..%2Fall', {}, 400, 'params/id must be a GUID'],
    ['a GUID with a path after it', 'DELETE', `/Proxy/DeleteReminder/${GUID}%2F..%2F..%2Fall`, {}, 400, 'params/id must be a GUID'],
    ['a GUID with a query in it', 'DELETE', `/Proxy/DeleteReminder/${GUID}%3Fx=1`, {}, 400, 'params/id must be a GUID'],
    ['a long id', 'DELETE', `/Proxy/DeleteReminder/${'a'.repeat(900)}`, {}, 400, 'params/id must be a GUID'],
    ['a path that is no URL', 'DELETE', '/Proxy/DeleteReminder/%E0%A4%A', {}, 400, "'/Proxy/DeleteReminder/%E0%A4%A' is not a valid url component"],
    ['no id', 'DELETE', '/Proxy/DeleteReminder/', {}, 404, 'Route DELETE:/Proxy/DeleteReminder/ not found'],
    ['a route the web does not have', 'GET', '/Proxy/GetReminder', {}, 404, 'Route GET:/Proxy/GetReminder not found'],
    ['another method on a proxy route', 'PUT', '/Proxy/SaveReminder', { body: valid }, 404, 'Route PUT:/Proxy/SaveReminder not found'],
    ['a path outside the page', 'GET', '/../api/Reminder/all', {}, 404, 'not found'],
  ];

  test.each(cases)('GIVEN %s WHEN it is sent THEN the web answers it, and the API hears nothing', async (_case, method, path, options, status, message) => {
    const before = await apiRequests(servers.api);

    const answer = await call(servers.web.url, method, path, options);

    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.body).toMatchObject({ statusCode: status, message: expect.stringContaining(message) });
    expect(await apiRequests(servers.api)).toEqual(before);
  });

  test('GIVEN every core busy WHEN a 2 MiB body is posted 50 times, half of them chunked THEN each one is answered 413, and the API hears nothing', async () => {
    const before = await apiRequests(servers.api);

    expect(await postOversizedWhileBusy(new URL('/Proxy/SaveReminder', servers.web.url), 50)).toEqual({ 413: 50 });
    expect(await apiRequests(servers.api)).toEqual(before);
  });

  test('GIVEN the longest title the web accepts and the shortest it refuses WHEN the API is asked directly THEN it draws the line at the same place', async () => {
    const direct = (title: string) => call(servers.api.url, 'POST', '/api/Reminder', { body: { ...valid, title } });

    expect((await direct('x'.repeat(200))).status).toBe(201);
    expect((await direct('x'.repeat(201))).status).toBe(400);
    expect((await call(servers.web.url, 'POST', '/Proxy/SaveReminder', { body: { ...valid, title: 'x'.repeat(200) } })).status).toBe(201);
  });

  test('GIVEN a due date without an offset WHEN saved THEN it is no error: the API takes it as UTC, as it documents', async () => {
    const saved = await call(servers.web.url, 'POST', '/Proxy/SaveReminder', { body: { title: 'x', dueDate: '2026-12-01T09:00:00' } });

    expect([saved.status, saved.body.dueDate]).toEqual([201, '2026-12-01T09:00:00.000Z']);
  });
});
