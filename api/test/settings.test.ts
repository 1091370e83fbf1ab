import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiImageContract } from '../src/image-contract';
import { call } from './support/http';
import { cleanUp, spawnServer, startServer, stop, tempDir, type RunningServer } from './support/server-process';

const SECRETS = join(apiImageContract.secretsDir, apiImageContract.secretsFile);
const reminder = { title: 'Layered', dueDate: '2026-12-01T09:00:00Z' };

/** A content root holding `files` (objects are written as JSON). */
function contentRoot(files: Record<string, unknown> = {}): string {
  const root = tempDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

/** Stores a reminder and stops the server: the database file is then wherever it used. */
async function storeOne(server: RunningServer): Promise<void> {
  expect((await call(server.url, 'POST', '/api/Reminder', { body: reminder })).status).toBe(201);
  await stop(server);
}

describe('settings layering', () => {
  afterAll(cleanUp);

  test('GIVEN no settings file and no dbPath variable WHEN the server starts THEN it keeps reminder.db in the content root', async () => {
    const root = contentRoot();

    await storeOne(await startServer({ APP_ROOT: root }));

    expect(existsSync(join(root, 'reminder.db'))).toBe(true);
  });

  test('GIVEN appsettings.json with a relative dbPath WHEN the server starts THEN the path is taken from the content root', async () => {
    const root = contentRoot({ 'appsettings.json': { dbPath: 'from-appsettings.db', Logging: { LogLevel: 'Warning' } } });

    await storeOne(await startServer({ APP_ROOT: root }));

    expect(existsSync(join(root, 'from-appsettings.db'))).toBe(true);
    expect(existsSync(join(root, 'reminder.db'))).toBe(false);
  });

  test('GIVEN appsettings.json and the mounted secret file WHEN the server starts THEN the secret wins, and its value is never logged', async () => {
    const root = contentRoot({
      'appsettings.json': { dbPath: 'from-appsettings.db' },
      [SECRETS]: { dbPath: 'secret-location.db' },
    });

    const server = await startServer({ APP_ROOT: root });
    await storeOne(server);

    expect(existsSync(join(root, 'secret-location.db'))).toBe(true);
    expect(existsSync(join(root, 'from-appsettings.db'))).toBe(false);
    expect(JSON.stringify(server.logs)).not.toContain('secret-location');
    expect(server.logs.find((line) => line.msg === 'settings loaded')?.settingsFiles).toEqual([
      join(root, 'appsettings.json'),
      join(root, SECRETS),
    ]);
  });

  test('GIVEN both files and a dbPath environment variable WHEN the server starts THEN the variable wins', async () => {
    const root = contentRoot({
      'appsettings.json': { dbPath: 'from-appsettings.db' },
      [SECRETS]: { dbPath: 'from-secret.db' },
    });
    const fromEnv = join(tempDir(), 'from-env.db');

    await storeOne(await startServer({ APP_ROOT: root, dbPath: fromEnv }));

    expect(existsSync(fromEnv)).toBe(true);
    expect(existsSync(join(root, 'from-secret.db'))).toBe(false);
  });

  test('GIVEN a secret file written by .NET tooling (byte order mark, PascalCase key) WHEN the server starts THEN it is read like the original read it', async () => {
    const root = contentRoot({ [SECRETS]: `\uFEFF{ "DbPath": "pascal.db" }` });

    await storeOne(await startServer({ APP_ROOT: root }));

    expect(existsSync(join(root, 'pascal.db'))).toBe(true);
  });

  test('GIVEN a read-only content root and a writable dbPath directory WHEN reminders are stored THEN nothing needs to be written elsewhere', async () => {
    const data = tempDir();
    const root = contentRoot({ [SECRETS]: { dbPath: join(data, 'reminder.db') } });
    chmodSync(join(root, apiImageContract.secretsDir), 0o555);
    chmodSync(root, 0o555);

    await storeOne(await startServer({ APP_ROOT: root }, { permissionsApply: true }));

    expect(existsSync(join(data, 'reminder.db'))).toBe(true);
    chmodSync(root, 0o755);
  });
});

describe('settings that stop the server at start', () => {
  afterAll(cleanUp);

  /** Starts the server, expecting it to refuse: exit 1, and one line on stderr. */
  async function refusal(env: Record<string, string>, options = {}): Promise<string> {
    const exit = await spawnServer(env, options).exited;
    expect(exit.code).toBe(1);
    const lines = exit.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/\s+at\s/);
    return lines[0];
  }

  test('GIVEN an appsettings.json that is not JSON WHEN the server starts THEN one line names the file and quotes none of it', async () => {
    const root = contentRoot({ 'appsettings.json': '{"dbPath": "hunter2.db",' });

    const line = await refusal({ APP_ROOT: root });

    expect(line).toBe(`remind-me-api: cannot start: settings file ${join(root, 'appsettings.json')} is not valid JSON`);
  });

  test('GIVEN a secret path that is a directory WHEN the server starts THEN one line says it cannot be read', async () => {
    const root = contentRoot();
    mkdirSync(join(root, SECRETS), { recursive: true });

    expect(await refusal({ APP_ROOT: root })).toContain(`cannot read settings file ${join(root, SECRETS)} (EISDIR)`);
  });

  test('GIVEN a dbPath that is not a string WHEN the server starts THEN one line names the file and the key', async () => {
    const root = contentRoot({ 'appsettings.json': { dbPath: 42 } });

    expect(await refusal({ APP_ROOT: root })).toContain(`settings file ${join(root, 'appsettings.json')}: dbPath must be string`);
  });

  test('GIVEN a dbPath in a directory that does not exist WHEN the server starts THEN one line names the directory', async () => {
    const missing = join(tempDir(), 'no', 'such');

    expect(await refusal({ APP_ROOT: contentRoot(), dbPath: join(missing, 'reminder.db') })).toContain(
      `dbPath directory ${missing} does not exist`,
    );
  });

  test('GIVEN a dbPath directory the server cannot write WHEN it starts THEN one line names the directory', async () => {
    const readOnly = tempDir();
    chmodSync(readOnly, 0o555);

    const line = await refusal({ APP_ROOT: contentRoot(), dbPath: join(readOnly, 'reminder.db') }, { permissionsApply: true });

    expect(line).toContain(`dbPath directory ${readOnly} is not writable`);
    chmodSync(readOnly, 0o755);
  });

  test('GIVEN a dbPath file that is not a database WHEN the server starts THEN one line names the file', async () => {
    const root = contentRoot({ 'notes.db': 'this is not SQLite, just some text that is long enough'.repeat(20) });

    expect(await refusal({ APP_ROOT: root, dbPath: 'notes.db' })).toContain(
      `cannot open database ${join(root, 'notes.db')}: file is not a database`,
    );
  });

  test('GIVEN a PORT that is not a port number WHEN the server starts THEN one line says so', async () => {
    expect(await refusal({ APP_ROOT: contentRoot(), PORT: 'http' })).toContain('PORT must be a TCP port number (0-65535), not "http"');
  });
});
