import { call } from '../../api/test/support/http';
import { apiBehindWeb, apiRequests, servedRequests } from './support/processes';

describe('the proxy routes, against a real API process', () => {
  const servers = apiBehindWeb();

  test('GIVEN an empty API WHEN a reminder is saved, listed and deleted through the web THEN each step reaches the API\'s fixed route and its answer comes back', async () => {
    const before = (await apiRequests(servers.api)).length;

    const empty = await call(servers.web.url, 'GET', '/Proxy/GetAllReminders');
    const saved = await call(servers.web.url, 'POST', '/Proxy/SaveReminder', {
      body: { title: 'Buy milk', dueDate: '2026-12-01T09:00:00+01:00' },
    });
    const listed = await call(servers.web.url, 'GET', '/Proxy/GetAllReminders');
    const deleted = await call(servers.web.url, 'DELETE', `/Proxy/DeleteReminder/${saved.body.id}`);
    const after = await call(servers.web.url, 'GET', '/Proxy/GetAllReminders');

    expect([empty.status, empty.body]).toEqual([200, []]);
    expect(saved.status).toBe(201);
    // The instant typed with its offset, stored and answered in UTC.
    expect(saved.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), title: 'Buy milk', dueDate: '2026-12-01T08:00:00.000Z' });
    expect(listed.body).toEqual([saved.body]);
    expect(listed.headers['content-type']).toBe('application/json; charset=utf-8');
    expect([deleted.status, deleted.text]).toEqual([204, '']);
    expect(after.body).toEqual([]);
    expect((await apiRequests(servers.api)).slice(before)).toEqual([
      'GET /api/Reminder/all',
      'POST /api/Reminder',
      'GET /api/Reminder/all',
      `DELETE /api/Reminder/${saved.body.id}`,
      'GET /api/Reminder/all',
    ]);
  });

  test('GIVEN a body with more than the two fields WHEN it is saved THEN only title and dueDate are forwarded', async () => {
    const saved = await call(servers.web.url, 'POST', '/Proxy/SaveReminder', {
      body: { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', title: 'Call mom', dueDate: '2026-12-24T18:00:00Z', extra: 'x' },
    });

    expect(saved.status).toBe(201);
    expect(saved.body.id).not.toBe('3fa85f64-5717-4562-b3fc-2c963f66afa6');
    expect(Object.keys(saved.body).sort()).toEqual(['dueDate', 'id', 'title']);
  });

  test('GIVEN a GUID the API does not know WHEN it is deleted THEN the API\'s 404 comes back as it was', async () => {
    const id = '3FA85F64-5717-4562-B3FC-2C963F66AFA6';

    const answer = await call(servers.web.url, 'DELETE', `/Proxy/DeleteReminder/${id}`);

    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ statusCode: 404, error: 'Not Found', message: `No reminder has id ${id}` });
  });

  test('GIVEN requests to the web WHEN they complete THEN each writes one JSON access-log line, and the probes none', async () => {
    await servedRequests(servers.web, '/');
    const before = servers.web.logs.length;

    await call(servers.web.url, 'GET', '/Proxy/GetAllReminders');
    await call(servers.web.url, 'GET', '/healthz');
    await call(servers.web.url, 'GET', '/readyz');
    await servedRequests(servers.web, '/');

    const lines = servers.web.logs.slice(before).filter((line) => !JSON.stringify(line.req).includes('marker'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { method: 'GET', url: '/Proxy/GetAllReminders' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
  });
});
