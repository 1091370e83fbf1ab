import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { apiImageContract } from '../src/image-contract';
import { call } from './support/http';
import { cleanUp, startServer, stop, tempDir } from './support/server-process';

/** Resolves once the port refuses connections, i.e. the server stopped accepting. */
async function refused(port: number): Promise<void> {
  for (;;) {
    const accepted = await new Promise<boolean>((settle) => {
      const probe = connect(port, '127.0.0.1');
      probe.once('connect', () => (probe.destroy(), settle(true)));
      probe.once('error', () => settle(false));
    });
    if (!accepted) return;
    await new Promise((tick) => setImmediate(tick));
  }
}

/** Everything the server sends on `socket` until it closes the connection. */
function readAll(socket: Socket): Promise<string> {
  let text = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return new Promise((settle) => socket.once('close', () => settle(text)));
}

describe('running on Kubernetes', () => {
  afterAll(cleanUp);

  test('GIVEN a running server WHEN its probes are called THEN liveness answers 200 and readiness commits a write, then answers 200', async () => {
    const dbPath = join(tempDir(), 'reminder.db');
    const server = await startServer({ dbPath });

    const live = await call(server.url, 'GET', apiImageContract.livenessPath);
    const ready = await call(server.url, 'GET', apiImageContract.readinessPath);

    expect([live.status, ready.status]).toEqual([200, 200]);
    expect(ready.body).toEqual({ status: 'ready' });
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM readiness_probe').get()).toEqual({ n: 1 });
    db.close();
    // Probes come every few seconds: they are not logged as requests.
    expect(server.logs.filter((line) => line.msg === 'request completed')).toEqual([]);
  });

  test('GIVEN another process holding the database write lock past the busy timeout WHEN a reminder is posted and readiness is probed THEN both 503, and all is well once the lock goes', async () => {
    const dbPath = join(tempDir(), 'reminder.db');
    const server = await startServer({ dbPath });
    const other = new Database(dbPath);
    other.exec('BEGIN IMMEDIATE');

    // Each waits out the 5 s busy timeout.
    const answers = [
      await call(server.url, 'POST', '/api/Reminder', { body: { title: 'blocked', dueDate: '2026-12-01T09:00:00Z' } }),
      await call(server.url, 'GET', apiImageContract.readinessPath),
    ];
    other.exec('ROLLBACK');
    other.close();

    expect(answers.map((answer) => answer.status)).toEqual([503, 503]);
    expect(answers[0].body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'The database is busy; try again.' });
    expect(answers[0].headers['retry-after']).toBe('1');
    expect((await call(server.url, 'GET', apiImageContract.readinessPath)).status).toBe(200);
    expect((await call(server.url, 'POST', '/api/Reminder', { body: { title: 'after', dueDate: '2026-12-01T09:00:00Z' } })).status).toBe(201);
    expect((await call(server.url, 'GET', '/api/Reminder/all')).body.map((r: { title: string }) => r.title)).toEqual(['after']);
  });

  test('GIVEN a POST whose body is still arriving WHEN SIGTERM comes THEN the server stops accepting, answers it, closes the database and exits 0', async () => {
    const dbPath = join(tempDir(), 'reminder.db');
    const server = await startServer({ dbPath });
    const port = Number(new URL(server.url).port);
    const body = JSON.stringify({ title: 'In flight', dueDate: '2026-12-01T09:00:00Z' });
    // A kept-alive connection, as the web image's HttpClient makes: it must not hold the exit.
    // `Expect: 100-continue` makes the server say when it has the request, before its body.
    const socket = connect(port, '127.0.0.1');
    const answer = readAll(socket);
    socket.write(
      `POST /api/Reminder HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await new Promise((received) => socket.once('data', received));
    socket.write(body.slice(0, 10));

    server.child.kill('SIGTERM');
    await refused(port);
    socket.write(body.slice(10));

    expect(await answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 Created\r\n[\s\S]*"title":"In flight"/);
    expect((await server.exited).code).toBe(0);
    expect(server.logs.map((line) => line.msg)).toContain('stopped');
    // Closed cleanly: the last connection checkpointed the WAL into the file and removed it.
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT title FROM reminders').all()).toEqual([{ title: 'In flight' }]);
    db.close();
  });

  test('GIVEN an idle server WHEN SIGINT comes (Ctrl-C in a terminal) THEN it exits 0 too', async () => {
    const server = await startServer({ dbPath: join(tempDir(), 'reminder.db') });

    expect((await stop(server, 'SIGINT')).code).toBe(0);
  });
});
