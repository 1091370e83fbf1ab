/**
 * `npm run bench:api`: autocannon against real processes on loopback, a few seconds per case.
 * The ceiling is a bare Fastify "hello world" measured in the same run on the same machine.
 * Prints a Markdown table for docs/benchmarks.md; exits 1 if a request failed or a target is missed.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cleanUp, startServer, tempDir, type RunningServer } from '../test/support/server-process';
import { machineLine, peakRssMiB } from './machine';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const BODY = JSON.stringify({ title: 'Buy milk', dueDate: '2026-12-01T09:00:00' });
const json = { 'content-type': 'application/json' };

const HELLO_WORLD = `
const app = require('fastify')();
app.get('/', async () => ({ hello: 'world' }));
app.listen({ port: 0, host: '127.0.0.1' }).then((url) => console.log(JSON.stringify({ level: 30, msg: 'Server listening at ' + url })));
`;

interface Row {
  name: string;
  rps: number;
  p99: number;
  /** Server CPU time per request: unlike req/s, it does not depend on what the client costs. */
  cpuMicros: number;
  failed: number;
  rssMiB: number;
}

/** CPU time (user + system) a process has used, in µs (Linux: /proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuMicros(server: RunningServer): number {
  const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function load(url: string, options: Partial<autocannon.Options> = {}): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...options });
}

async function measure(name: string, server: RunningServer, path: string, options: Partial<autocannon.Options> = {}): Promise<Row> {
  const cpuBefore = cpuMicros(server);
  const result = await load(new URL(path, server.url).href, options);
  return {
    name,
    rps: result.requests.average,
    p99: result.latency.p99,
    cpuMicros: (cpuMicros(server) - cpuBefore) / result.requests.total,
    failed: result.errors + result.timeouts + result.non2xx,
    rssMiB: peakRssMiB(server),
  };
}

/** A server whose database holds exactly `count` reminders, stored through the API. */
async function apiWith(count: number): Promise<RunningServer> {
  const server = await startServer({ dbPath: join(tempDir(), 'reminder.db') }, { keepLogs: false });
  if (count > 0) {
    const seeded = await load(new URL('/api/Reminder', server.url).href, { method: 'POST', headers: json, body: BODY, amount: count });
    if (seeded['2xx'] !== count) throw new Error(`seeding stored ${seeded['2xx']} of ${count} reminders`);
  }
  return server;
}

async function main(): Promise<void> {
  const load0 = loadavg()[0];
  const hello = await startServer({}, { args: ['-e', HELLO_WORLD], keepLogs: false });
  const ceilingBefore = await measure('Fastify hello world (ceiling), first', hello, '/');

  const empty = await apiWith(0);
  const post = await measure('POST /api/Reminder', empty, '/api/Reminder', { method: 'POST', headers: json, body: BODY });
  const hundred = await apiWith(100);
  const all100 = await measure('GET /api/Reminder/all, 100 stored', hundred, '/api/Reminder/all');
  const tenThousand = await apiWith(10_000);
  const all10k = await measure('GET /api/Reminder/all, 10,000 stored', tenThousand, '/api/Reminder/all');
  const paged = await measure('GET /api/Reminder?limit=100&cursor=5000, 10,000 stored', tenThousand, '/api/Reminder?limit=100&cursor=5000');
  // Measured again last: on a shared machine the load drifts, and the ratios use the mean.
  const ceilingAfter = await measure('Fastify hello world (ceiling), last', hello, '/');
  await cleanUp();

  const ceiling = { rps: (ceilingBefore.rps + ceilingAfter.rps) / 2 };
  const api = [post, all100, all10k, paged];
  const rows = [ceilingBefore, ...api, ceilingAfter];
  // The whole list of 10,000 is 1 MiB an answer: its latency is reported, and paging is the answer.
  const interactive = [post, all100, paged];
  const share = (row: Pick<Row, 'rps'>) => row.rps / ceiling.rps;
  const targets = [
    { target: 'POST >= 25% of the ceiling', met: share(post) >= 0.25 },
    { target: 'GET all (100) >= 50% of the ceiling', met: share(all100) >= 0.5 },
    { target: `p99 < 20 ms at ${CONNECTIONS} connections (all but the 1 MiB list)`, met: interactive.every((row) => row.p99 < 20) },
    { target: 'peak RSS < 100 MiB', met: api.every((row) => row.rssMiB < 100) },
    { target: 'no failed request', met: rows.every((row) => row.failed === 0) },
  ];

  console.log(`${machineLine(load0)}; ${CONNECTIONS} connections, ${SECONDS} s per case\n`);
  console.log('| case | req/s | of ceiling | p99 (ms) | server CPU per request (µs) | peak RSS (MiB) | failed |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${Math.round(row.rps)} | ${Math.round(share(row) * 100)}% | ${row.p99} | ` +
        `${Math.round(row.cpuMicros)} | ${row.rssMiB.toFixed(0)} | ${row.failed} |`,
    );
  }
  console.log('');
  for (const { target, met } of targets) console.log(`- ${met ? 'met' : 'MISSED'}: ${target}`);
  process.exitCode = targets.every((t) => t.met) ? 0 : 1;
}

main().catch(async (err) => {
  console.error(err);
  await cleanUp();
  process.exitCode = 1;
});
