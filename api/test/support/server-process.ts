import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { apiImageContract } from '../../src/image-contract';

export const API_DIR = resolve(__dirname, '..', '..');
/** The bundle the image runs (`npm run build`: tsc, then esbuild). */
export const SERVER_JS = join(API_DIR, apiImageContract.entryPoint);

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** The JSON log lines written so far. */
  logs: LogLine[];
  /** Settles when the process has exited and its output is read. */
  exited: Promise<Exit>;
}

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];

interface SpawnOptions {
  /** Subject the server to file permission bits, even when the tests run as root. */
  permissionsApply?: boolean;
  /** Node's arguments; by default the built server, run as the image runs it. */
  args?: string[];
  /** Keep parsing log lines after the start; false just drains them (benchmarks). */
  keepLogs?: boolean;
}

/**
 * Runs the built server with only `env`: the test's own environment never leaks in, and unless
 * `env` names one, the content root is a new empty directory, not whatever the working one holds.
 */
export function spawnServer(env: Record<string, string>, options: SpawnOptions = {}) {
  const { args = [...apiImageContract.nodeFlags, SERVER_JS] } = options;
  // Root ignores permission bits; root without the capabilities that override them does not
  // (the image runs as a non-root user, for whom they always count).
  const command =
    options.permissionsApply && process.getuid?.() === 0
      ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', process.execPath]
      : [process.execPath];
  const child = spawn(command[0], [...command.slice(1), ...args], {
    cwd: API_DIR,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', APP_ROOT: env.APP_ROOT ?? tempDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((settle) =>
    child.on('close', (code, signal) => {
      children.delete(child);
      settle({ code, signal, stderr });
    }),
  );
  return { child, exited };
}

/** Starts a server on a free loopback port; resolves once it listens (its own log says so). */
export function startServer(env: Record<string, string>, options: SpawnOptions = {}): Promise<RunningServer> {
  const { child, exited } = spawnServer(env, options);
  const logs: LogLine[] = [];
  return new Promise((resolveStart, rejectStart) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as LogLine;
      logs.push(entry);
      const listening = /^Server listening at (http:\/\/\S+)$/.exec(entry.msg);
      if (!listening) return;
      if (options.keepLogs === false) {
        lines.close();
        child.stdout!.resume();
      }
      resolveStart({ url: listening[1], child, logs, exited });
    });
    void exited.then((exit) => rejectStart(new Error(`server exited before listening: ${JSON.stringify(exit)}`)));
  });
}

/** Sends a signal and waits for the process to end. */
export async function stop(server: RunningServer, signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
  server.child.kill(signal);
  return server.exited;
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'remind-me-api-'));
  tempDirs.push(dir);
  return dir;
}

/** afterAll of every suite: no server outlives its tests, no temporary file stays behind. */
export async function cleanUp(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all([...children].map((child) => new Promise((done) => child.once('close', done))));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
