import { call } from '../../../api/test/support/http';
import { join, resolve } from 'node:path';
import { cleanUp, startServer, tempDir, type RunningServer } from '../../../api/test/support/server-process';
import { webImageContract } from '../../src/image-contract';

export { cleanUp, spawnServer, stop, tempDir, type RunningServer } from '../../../api/test/support/server-process';

export const WEB_DIR = resolve(__dirname, '..', '..');
export const WEB_SERVER_JS = join(WEB_DIR, webImageContract.entryPoint);
/** Node's arguments of the web server, as the image runs it. */
export const WEB_ARGS = [...webImageContract.nodeFlags, WEB_SERVER_JS];

/** A real API server of this repository on a free loopback port (or `port`), with a new empty database (or `dbPath`). */
export function startApi(port = 0, dbPath = join(tempDir(), 'reminder.db')): Promise<RunningServer> {
  return startServer({ dbPath, PORT: String(port) });
}

/** The web server on a free loopback port, calling the API at `apiUrl`. */
export function startWeb(apiUrl: string, env: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({ apiUrl, ...env }, { args: WEB_ARGS });
}

/**
 * For a describe block: a real API with the web in front of it, started before its tests, and
 * every process stopped after them. Read the servers from the returned object inside the tests.
 */
export function apiBehindWeb(): { api: RunningServer; web: RunningServer } {
  const servers = {} as { api: RunningServer; web: RunningServer };
  beforeAll(async () => {
    servers.api = await startApi();
    servers.web = await startWeb(servers.api.url);
  });
  afterAll(cleanUp);
  return servers;
}

let markers = 0;

/**
 * The requests a server has served so far (`GET /api/Reminder/all`…), read from its access log
 * once a marker request to `markerPath` shows up there: every earlier line is in by then.
 */
export async function servedRequests(server: RunningServer, markerPath: string): Promise<string[]> {
  const marker = `${markerPath}?marker=${++markers}`;
  await call(server.url, 'GET', marker);
  const requests = () =>
    server.logs
      .filter((line) => line.msg === 'request completed')
      .map((line) => line.req as { method: string; url: string })
      .map((req) => `${req.method} ${req.url}`);
  for (let tries = 0; tries < 250 && !requests().includes(`GET ${marker}`); tries++) {
    await new Promise((tick) => setTimeout(tick, 20));
  }
  const all = requests();
  return all.slice(0, all.indexOf(`GET ${marker}`)).filter((request) => !request.includes('?marker='));
}

/** The calls the API has had, through the web or not. */
export const apiRequests = (api: RunningServer) => servedRequests(api, '/api/Reminder/all');
