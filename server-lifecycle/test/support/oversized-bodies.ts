import { request } from 'node:http';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const OVERSIZED_BYTES = 2 * 1024 * 1024;
const PIECE_BYTES = 64 * 1024;

/**
 * Posts a 2 MiB body `times` times to `url`, every other one chunked (no Content-Length), each
 * on a new connection, while every core is kept busy: how often each outcome came, a status
 * or the client's error code (`EPIPE`, `ECONNRESET`: the answer was lost).
 */
export async function postOversizedWhileBusy(url: URL, times: number): Promise<Record<string, number>> {
  const spinners = busyCores(60_000);
  try {
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < times; i++) {
      const outcome = await postOversized(url, i % 2 === 1);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    return outcomes;
  } finally {
    await spinners.stop();
  }
}

/**
 * One busy loop more than there are cores, each in a worker thread spinning for at most `ms`,
 * so the servers and this client compete for every core, as on a loaded node.
 */
function busyCores(ms: number): { stop(): Promise<void> } {
  const until = Date.now() + ms;
  const spin = 'const { workerData } = require("node:worker_threads"); while (Date.now() < workerData) {}';
  const workers = Array.from({ length: availableParallelism() + 1 }, () => new Worker(spin, { eval: true, workerData: until }));
  return { stop: async () => void (await Promise.all(workers.map((worker) => worker.terminate()))) };
}

/**
 * One POST of a 2 MiB body, written as a streaming client (curl) writes it: 64 KiB at a time,
 * each piece once the previous one is handed to the kernel, so that writing goes on while the
 * answer comes.
 */
function postOversized(url: URL, chunked: boolean): Promise<string> {
  const body = Buffer.alloc(OVERSIZED_BYTES, 'x');
  return new Promise((settle) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': body.length }) },
    }, (res) => {
      res.resume().on('end', () => settle(String(res.statusCode)));
      res.on('error', (err: NodeJS.ErrnoException) => settle(err.code ?? err.message));
    });
    req.on('error', (err: NodeJS.ErrnoException) => settle(err.code ?? err.message));
    let sent = 0;
    const writeNext = (err?: Error | null) => {
      if (err || req.destroyed) return;
      if (sent === body.length) req.end();
      else req.write(body.subarray(sent, (sent += PIECE_BYTES)), writeNext);
    };
    writeNext();
  });
}
