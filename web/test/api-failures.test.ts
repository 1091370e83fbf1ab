import { call } from '../../api/test/support/http';
import { webImageContract } from '../src/image-contract';
import { closedPort, closeFakeApis, fakeApi } from './support/fake-api';
import { cleanUp, servedRequests, startApi, startWeb, stop } from './support/processes';

const TIMEOUT_MS = 300;
const valid = { title: 'Buy milk', dueDate: '2026-12-01T09:00:00+01:00' };
const GUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

/** The three proxy routes, each called once. */
const everyRoute = (url: string) =>
  Promise.all([
    call(url, 'GET', '/Proxy/GetAllReminders'),
    call(url, 'POST', '/Proxy/SaveReminder', { body: valid }),
    call(url, 'DELETE', `/Proxy/DeleteReminder/${GUID}`),
  ]);

describe('the API down, hanging or failing: the web answers 502/503/504 with a JSON error, and keeps going', () => {
  afterAll(async () => {
    await closeFakeApis();
    await cleanUp();
  });

  test('GIVEN nothing listening at apiUrl WHEN each route is called THEN 503 with Retry-After says the API cannot be reached, and the probes stay 200', async () => {
    const web = await startWeb(`http://127.0.0.1:${await closedPort()}`);

    const answers = await everyRoute(web.url);

    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'The reminder API cannot be reached.' });
    }
    expect((await call(web.url, 'GET', webImageContract.livenessPath)).status).toBe(200);
    expect((await call(web.url, 'GET', webImageContract.readinessPath)).status).toBe(200);
  });

  test('GIVEN an API that accepts connections and never answers WHEN each route is called, twice over THEN every call gets 504 after the timeout', async () => {
    const hanging = await fakeApi(() => undefined);
    const web = await startWeb(hanging.url, { apiTimeoutMs: String(TIMEOUT_MS) });

    const answers = [...(await everyRoute(web.url)), ...(await everyRoute(web.url))];

    for (const answer of answers) {
      expect(answer.status).toBe(504);
      expect(answer.body).toEqual({
        statusCode: 504,
        error: 'Gateway Timeout',
        message: `The reminder API did not answer within ${TIMEOUT_MS} ms.`,
      });
    }
  });

  test('GIVEN an API that sends its headers and then stalls its body WHEN the list is asked for THEN 504 too', async () => {
    const stalling = await fakeApi((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('[{"id":');
    });
    const web = await startWeb(stalling.url, { apiTimeoutMs: String(TIMEOUT_MS) });

    expect((await call(web.url, 'GET', '/Proxy/GetAllReminders')).status).toBe(504);
  });

  test('GIVEN an API answering 500, 503 or breaking the connection WHEN called THEN 502, 503 with Retry-After, and 502', async () => {
    const failing = await fakeApi((_request, response) => response.writeHead(500).end('{"statusCode":500}'));
    const busy = await fakeApi((_request, response) => response.writeHead(503).end());
    const breaking = await fakeApi((request) => request.socket.destroy());
    const webs = await Promise.all([failing, busy, breaking].map((api) => startWeb(api.url)));

    const [failed, refused, broken] = await Promise.all(webs.map((web) => call(web.url, 'GET', '/Proxy/GetAllReminders')));

    expect(failed.body).toEqual({ statusCode: 502, error: 'Bad Gateway', message: 'The reminder API failed (it answered 500).' });
    expect(refused.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'The reminder API is busy; try again in a moment.' });
    expect(refused.headers['retry-after']).toBe('1');
    expect(broken.body).toEqual({ statusCode: 502, error: 'Bad Gateway', message: 'The reminder API broke off the call.' });
    // Each failure is logged with its cause (read once the log has caught up with the answer, which
    // can come first), and the process lives on.
    await servedRequests(webs[2], '/');
    expect(webs[2].logs.find((line) => line.msg === 'reminder API call failed')?.err).toMatchObject({
      message: 'The reminder API broke off the call.: other side closed',
    });
    for (const web of webs) expect((await call(web.url, 'GET', webImageContract.livenessPath)).status).toBe(200);
  });

  test('GIVEN a real API that stops and starts again on its port WHEN the web is called throughout THEN 200, then 503, then 200 with no restart of the web', async () => {
    const api = await startApi();
    const port = Number(new URL(api.url).port);
    const web = await startWeb(api.url);
    const saved = await call(web.url, 'POST', '/Proxy/SaveReminder', { body: valid });
    expect(saved.status).toBe(201);

    await stop(api);
    const whileDown = await call(web.url, 'GET', '/Proxy/GetAllReminders');
    const back = await startApi(port);
    const afterwards = await call(web.url, 'POST', '/Proxy/SaveReminder', { body: valid });

    expect(whileDown.status).toBe(503);
    expect(afterwards.status).toBe(201);
    expect((await call(back.url, 'GET', '/api/Reminder/all')).body).toEqual([afterwards.body]);
    expect(web.child.exitCode).toBeNull();
  });
});
