import { join } from 'node:path';
import { call } from './support/http';
import { cleanUp, startServer, tempDir, type RunningServer } from './support/server-process';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Exactly what the book's web image (Newtonsoft defaults) sends. */
const WEB_IMAGE_BODY = '{"Id":null,"Title":"Buy milk","DueDate":"2026-12-01T09:00:00"}';

describe('the reminder contract', () => {
  let server: RunningServer;
  const post = (body: unknown, path = '/api/Reminder') => call(server.url, 'POST', path, { body });

  beforeAll(async () => {
    // A zone far from UTC: offset-less dates must not depend on the host's zone.
    server = await startServer({ dbPath: join(tempDir(), 'reminder.db'), TZ: 'America/New_York' });
  });
  afterAll(cleanUp);

  test('GIVEN the web image body WHEN it is posted THEN 201 answers a camelCase reminder with a new GUID, the time taken as UTC', async () => {
    const answer = await call(server.url, 'POST', '/api/Reminder', {
      body: WEB_IMAGE_BODY,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });

    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ id: expect.stringMatching(GUID), title: 'Buy milk', dueDate: '2026-12-01T09:00:00.000Z' });
  });

  test('GIVEN a camelCase body carrying its own id WHEN it is posted THEN the server assigns another id', async () => {
    const answer = await post({ id: 'mine', title: 'Call mom', dueDate: '2026-12-24T18:00:00Z' });

    expect(answer.status).toBe(201);
    expect(answer.body.id).toMatch(GUID);
    expect((await call(server.url, 'GET', '/api/Reminder/mine')).status).toBe(404);
  });

  test('GIVEN a body with a property the API does not know WHEN it is posted THEN 201, the property ignored', async () => {
    const answer = await post({ title: 'Water plants', dueDate: '2026-12-02T08:00:00Z', extra: 1 });

    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ id: expect.stringMatching(GUID), title: 'Water plants', dueDate: '2026-12-02T08:00:00.000Z' });
  });

  test('GIVEN a date with an offset WHEN it is stored THEN the answer names the same instant in UTC', async () => {
    const created = (await post({ title: 'Flight', dueDate: '2026-12-01T09:30:00.250+02:00' })).body;

    expect(created.dueDate).toBe('2026-12-01T07:30:00.250Z');
    expect((await call(server.url, 'GET', `/api/Reminder/${created.id}`)).body.dueDate).toBe('2026-12-01T07:30:00.250Z');
  });

  test('GIVEN property names in any case WHEN posted THEN they bind like ASP.NET does', async () => {
    const answer = await post({ TITLE: 'Shout', duedate: '2026-12-01T09:00:00Z' });

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ title: 'Shout', dueDate: '2026-12-01T09:00:00.000Z' });
  });

  test('GIVEN stored reminders WHEN GET /api/Reminder/all THEN 200 lists each in camelCase, in the order stored', async () => {
    const first = (await post({ title: 'First', dueDate: '2027-01-01T00:00:00Z' })).body;
    const second = (await post({ Title: 'Second', DueDate: '2026-01-01T00:00:00Z' })).body;

    const answer = await call(server.url, 'GET', '/api/Reminder/all');

    expect(answer.status).toBe(200);
    const ids = answer.body.map((r: { id: string }) => r.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(answer.body).toContainEqual(first);
    for (const reminder of answer.body) expect(Object.keys(reminder).sort()).toEqual(['dueDate', 'id', 'title']);
  });

  test.each(['/api/reminder/all', '/API/REMINDER/ALL', '/api/Reminder/all/'])(
    'GIVEN the path %s WHEN it is requested THEN it matches like ASP.NET routes do',
    async (path) => {
      const answer = await call(server.url, 'GET', path);

      expect(answer.status).toBe(200);
      expect(Array.isArray(answer.body)).toBe(true);
    },
  );

  test('GIVEN a lower-case POST path WHEN the web body is posted THEN it is stored', async () => {
    const answer = await call(server.url, 'POST', '/api/reminder', {
      body: WEB_IMAGE_BODY,
      headers: { 'content-type': 'application/json' },
    });

    expect(answer.status).toBe(201);
  });

  test('GIVEN a stored reminder WHEN it is fetched, deleted, fetched and deleted again THEN 200, 204, 404, 404', async () => {
    const created = (await post({ title: 'Short-lived', dueDate: '2026-12-01T09:00:00Z' })).body;

    const fetched = await call(server.url, 'GET', `/api/Reminder/${created.id}`);
    const deleted = await call(server.url, 'DELETE', `/api/reminder/${created.id}`);
    const refetched = await call(server.url, 'GET', `/api/Reminder/${created.id}`);
    const redeleted = await call(server.url, 'DELETE', `/api/Reminder/${created.id}`);

    expect([fetched.status, deleted.status, refetched.status, redeleted.status]).toEqual([200, 204, 404, 404]);
    expect(fetched.body).toEqual(created);
    expect(deleted.text).toBe('');
    expect(redeleted.body).toEqual({ statusCode: 404, error: 'Not Found', message: `No reminder has id ${created.id}` });
    expect((await call(server.url, 'GET', '/api/Reminder/all')).body).not.toContainEqual(created);
  });

  test('GIVEN more reminders than a page WHEN the pages are walked by nextCursor THEN they hold what /all holds, once each, in order', async () => {
    for (let i = 0; i < 23; i++) await post({ title: `Paged ${i}`, dueDate: '2026-12-01T09:00:00Z' });
    const all = (await call(server.url, 'GET', '/api/Reminder/all')).body;

    const walked: unknown[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const answer = await call(server.url, 'GET', `/api/Reminder?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      expect(answer.body.items.length).toBeLessThanOrEqual(7);
      walked.push(...answer.body.items);
      cursor = answer.body.nextCursor;
      pages++;
    }

    expect(walked).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 7));
  });

  test('GIVEN a cursor whose reminder was deleted WHEN the next page is asked THEN it continues after it', async () => {
    const created = [];
    for (const title of ['A', 'B', 'C']) created.push((await post({ title, dueDate: '2026-12-01T09:00:00Z' })).body);
    const all = (await call(server.url, 'GET', '/api/Reminder/all')).body;
    const before = all.length - 3;
    // The page ending at A gives the cursor; then A is deleted.
    const upToA = (await call(server.url, 'GET', `/api/Reminder?limit=${before + 1}`)).body;
    expect(upToA.items.at(-1)).toEqual(created[0]);
    await call(server.url, 'DELETE', `/api/Reminder/${created[0].id}`);

    const next = (await call(server.url, 'GET', `/api/Reminder?cursor=${upToA.nextCursor}`)).body;

    expect(next).toEqual({ items: [created[1], created[2]], nextCursor: null });
  });
});
