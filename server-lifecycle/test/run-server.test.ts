import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { DISCARD_LIMIT_BYTES, DISCARD_TIMEOUT_MS } from '../src';

const FIXTURE = join(__dirname, 'fixtures', 'server.ts');
const TSX = require.resolve('tsx');

interface Run {
  /** Resolves with the port once the server listens. */
  listening: Promise<number>;
  /** Resolves once the server has logged `msg`. */
  logged(msg: string): Promise<void>;
  exited: Promise<{ code: number | null; stderr: string; messages: string[] }>;
  signal(name: NodeJS.Signals): void;
}

/** The fixture server in a process of its own, its JSON log lines read as they come. */
function run(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', TSX, FIXTURE], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  const messages: string[] = [];
  const waiting: { msg: string; resolve: () => void }[] = [];
  let onPort: (port: number) => void = () => {};
  const listening = new Promise<number>((resolve) => (onPort = resolve));
  const logged = (msg: string) => new Promise<void>((resolve) => {
    if (messages.includes(msg)) resolve();
    else waiting.push({ msg, resolve });
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const lines = stdout.split('\n');
    stdout = lines.pop()!;
    for (const line of lines) {
      const { msg } = JSON.parse(line);
      messages.push(msg);
      for (const waiter of waiting.filter((w) => w.msg === msg)) waiter.resolve();
      const port = /^Server listening at http:\/\/127\.0\.0\.1:(\d+)$/.exec(msg)?.[1];
      if (port !== undefined) onPort(Number(port));
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stderr: string; messages: string[] }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stderr, messages })));
  return { listening, logged, exited, signal: (name) => child.kill(name) };
}

interface Answer { status?: number; connection?: string; body?: string; error?: string }

/** GET `path` on a kept-alive connection (Node's default agent); the answer, or the connection's error. */
function get(port: number, path: string): Promise<Answer> {
  return new Promise((resolve) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, body }));
    }).on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code })).end();
  });
}

/** Whether new connections to `port` are refused within `ms`, the request in flight still running. */
async function refusedWithin(port: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if ((await get(port, '/missing')).error === 'ECONNREFUSED') return true;
    await new Promise((tick) => setTimeout(tick, 20));
  }
  return false;
}

describe('runServer', () => {
  test('GIVEN a request in flight on a kept-alive connection WHEN SIGTERM comes THEN new connections are refused, it is answered and its connection ended, the onClose hooks run, and the process exits 0 at once', async () => {
    const server = run({ SLOW_MS: '1500' });
    const port = await server.listening;
    const inFlight = get(port, '/slow');
    await server.logged('incoming request');

    server.signal('SIGTERM');
    await server.logged('shutting down');
    const refused = await refusedWithin(port, 2000);
    const { code, messages } = await server.exited;

    expect(await inFlight).toEqual({ status: 200, connection: 'close', body: '{"done":true}' });
    expect(refused).toBe(true);
    expect(code).toBe(0);
    // Request log lines may come late (a response's 'finish' can follow its socket's close).
    expect(messages.filter((msg) => !['incoming request', 'request completed'].includes(msg)).slice(-3))
      .toEqual(['shutting down', 'onClose hook ran, 0 requests in flight', 'stopped']);
  });

  test('GIVEN a request slower than the deadline WHEN SIGTERM comes THEN the process says so and exits 1 at the deadline', async () => {
    const server = run({ SLOW_MS: '60000', SHUTDOWN_TIMEOUT_MS: '500' });
    const port = await server.listening;
    void get(port, '/slow');
    await server.logged('incoming request');
    const signalled = Date.now();

    server.signal('SIGTERM');
    const { code, messages } = await server.exited;

    expect(code).toBe(1);
    expect(messages).toContain('requests still in flight at the shutdown deadline; exiting anyway');
    expect(Date.now() - signalled).toBeLessThan(10_000);
  });

  test('GIVEN a build that fails WHEN the server starts THEN one line names it on stderr, no stack trace, and the process exits 1', async () => {
    const { code, stderr, messages } = await run({ FAIL_START: 'settings: apiUrl is not set' }).exited;

    expect(code).toBe(1);
    expect(stderr).toBe('fixture: cannot start: settings: apiUrl is not set (second line)\n');
    expect(messages).toEqual([]);
  });
});

interface Sending {
  /** What the server wrote back before the connection ended. */
  answer: string;
  /** Bytes of body written until then. */
  bytes: number;
  ms: number;
}

/**
 * Posts a chunked body to /echo that never ends, `size` bytes at a time, every `everyMs` (0: as
 * fast as the socket takes them), until the server ends the connection (or 60 s pass).
 */
function sendEndlessly(port: number, size: number, everyMs: number): Promise<Sending> {
  const chunk = Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), Buffer.alloc(size, 'x'), Buffer.from('\r\n')]);
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  let bytes = 0;
  socket.setEncoding('utf8').on('data', (text: string) => (answer += text));
  socket.write('POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
  const send = () => {
    if (socket.destroyed || !socket.writable) return;
    if (Date.now() - started > 60_000) return void socket.destroy();
    bytes += size;
    const more = socket.write(chunk);
    if (everyMs > 0) setTimeout(send, everyMs);
    else if (more) setImmediate(send);
    else socket.once('drain', send);
  };
  send();
  return new Promise((resolve) => socket.on('error', () => {}).on('close', () => resolve({ answer, bytes, ms: Date.now() - started })));
}

describe('manageConnections: a body answered before it is read', () => {
  let server: Run;
  let port: number;
  beforeAll(async () => {
    server = run({});
    port = await server.listening;
  });
  afterAll(async () => {
    server.signal('SIGTERM');
    await server.exited;
  });

  test(`GIVEN a chunked body that never ends, sent as fast as it goes WHEN it passes the limit THEN the server reads ${DISCARD_LIMIT_BYTES / 1024 / 1024} MiB more at most, and ends the connection`, async () => {
    const sent = await sendEndlessly(port, 64 * 1024, 0);
    console.log(`endless body: ${sent.bytes} bytes written in ${sent.ms} ms until the server ended the connection`);

    expect(sent.bytes).toBeGreaterThan(DISCARD_LIMIT_BYTES);
    // Besides what the server read: what the kernel's socket buffers on both sides hold.
    expect(sent.bytes).toBeLessThan(DISCARD_LIMIT_BYTES + 16 * 1024 * 1024);
    expect(sent.ms).toBeLessThan(DISCARD_TIMEOUT_MS);
  });

  test(`GIVEN a chunked body that never ends, sent slowly WHEN it passes the limit THEN 413 and the connection ended after ${DISCARD_TIMEOUT_MS / 1000} s`, async () => {
    const sent = await sendEndlessly(port, 2000, 100);

    expect(sent.answer).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(sent.answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(sent.ms).toBeGreaterThanOrEqual(DISCARD_TIMEOUT_MS);
    expect(sent.ms).toBeLessThan(DISCARD_TIMEOUT_MS + 5000);
  });
});
