import { join } from 'node:path';
import Database from 'better-sqlite3';
import { apiImageContract } from '../src/image-contract';
import { call } from './support/http';
import { cleanUp, startServer, stop, tempDir, type RunningServer } from './support/server-process';

const due = '2026-12-01T09:00:00Z';

describe('durability and concurrency', () => {
  afterAll(cleanUp);

  test('GIVEN reminders stored in both casings WHEN the server is stopped and started again on the same file THEN they are all there', async () => {
    const dbPath = join(tempDir(), 'reminder.db');
    const first = await startServer({ dbPath });
    await call(first.url, 'POST', '/api/Reminder', { body: { Title: 'Pascal', DueDate: due } });
    await call(first.url, 'POST', '/api/Reminder', { body: { title: 'camel', dueDate: due } });
    const before = (await call(first.url, 'GET', '/api/Reminder/all')).body;
    expect((await stop(first)).code).toBe(0);

    const second = await startServer({ dbPath });
    const after = (await call(second.url, 'GET', '/api/Reminder/all')).body;

    expect(before.map((r: { title: string }) => r.title)).toEqual(['Pascal', 'camel']);
    expect(after).toEqual(before);
  });

  test('GIVEN writers posting concurrently WHEN the process is SIGKILLed mid-stream THEN every acknowledged reminder is in the file after a restart', async () => {
    const dbPath = join(tempDir(), 'reminder.db');
    const server = await startServer({ dbPath });
    const acknowledged: string[] = [];
    let killed = false;
    const writer = async (n: number) => {
      for (let i = 0; !killed; i++) {
        try {
          const answer = await call(server.url, 'POST', '/api/Reminder', { body: { title: `w${n}-${i}`, dueDate: due } });
          if (answer.status === 201) acknowledged.push(answer.body.id);
        } catch {
          return; // the connection died with the process: this write was never acknowledged
        }
        // Kill once enough writes are acknowledged, while the other writers' requests are in flight.
        if (acknowledged.length >= 300 && !killed) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      }
    };

    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(writer));
    expect((await server.exited).signal).toBe('SIGKILL');

    const restarted = await startServer({ dbPath });
    const stored = new Set((await call(restarted.url, 'GET', '/api/Reminder/all')).body.map((r: { id: string }) => r.id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  });

  test('GIVEN a new database file WHEN three servers open it at the same moment THEN all start, share one schema and each sees the others\' writes at once', async () => {
    const dbPath = join(tempDir(), 'reminder.db');
    const titlesSeenBy = async (replica: RunningServer) =>
      (await call(replica.url, 'GET', '/api/Reminder/all')).body.map((r: { title: string }) => r.title);

    const replicas = await Promise.all([1, 2, 3].map(() => startServer({ dbPath })));
    const expected: string[] = [];
    for (const [i, replica] of replicas.entries()) {
      const created = await call(replica.url, 'POST', '/api/Reminder', { body: { title: `replica ${i}`, dueDate: due } });
      expect(created.status).toBe(201);
      expected.push(`replica ${i}`);
      // Every replica answers the list from memory between changes: it must notice the others'.
      for (const reader of replicas) expect(await titlesSeenBy(reader)).toEqual(expected);
    }
    const first = (await call(replicas[2].url, 'GET', '/api/Reminder/all')).body[0];
    expect((await call(replicas[2].url, 'DELETE', `/api/Reminder/${first.id}`)).status).toBe(204);

    for (const replica of replicas) {
      expect(await titlesSeenBy(replica)).toEqual(['replica 1', 'replica 2']);
      expect((await call(replica.url, 'GET', apiImageContract.readinessPath)).status).toBe(200);
    }
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});
