/**
 * `npm run bench:web`: what the web adds to a call of the API, `GET /Proxy/GetAllReminders` through
 * the web against `GET /api/Reminder/all` on the API directly, in the same run, against real
 * processes on loopback (the API holding 100 reminders): first one call at a time, the two
 * alternating, timed to the microsecond; then autocannon at 10 connections, a few seconds per case;
 * then the first load of the page in Chromium. Prints Markdown for docs/benchmarks.md; exits 1 if
 * a request failed or the first load is 50 KB or more.
 */
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { machineLine, peakRssMiB } from '../../api/bench/machine';
import { call } from '../../api/test/support/http';
import { firstLoadBytes, openBrowser } from '../test/support/browser';
import { cleanUp, startApi, startWeb } from '../test/support/processes';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const STORED = 100;
const FIRST_LOAD_LIMIT = 50 * 1024;
/** Calls of each route, one at a time. */
const SEQUENTIAL = Number(process.env.BENCH_CALLS ?? 2000);

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  failed: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

/** p50 and p99 in ms of `urls`' calls one at a time, each over its own kept-alive connection, the URLs alternating. */
async function oneAtATime(urls: string[]): Promise<{ p50: number; p99: number }[]> {
  const pools = urls.map((url) => new Pool(new URL(url).origin, { connections: 1 }));
  const paths = urls.map((url) => new URL(url).pathname);
  const times: number[][] = urls.map(() => []);
  for (let i = 0; i < SEQUENTIAL; i++) {
    for (const [u, url] of urls.entries()) {
      const start = process.hrtime.bigint();
      const response = await pools[u].request({ method: 'GET', path: paths[u] });
      await response.body.arrayBuffer();
      if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
      times[u].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  await Promise.all(pools.map((pool) => pool.close()));
  return times.map((t) => t.sort((a, b) => a - b)).map((sorted) => ({ p50: percentile(sorted, 50), p99: percentile(sorted, 99) }));
}

async function measure(name: string, url: string): Promise<Row> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  const { p50, p99 } = result.latency;
  return { name, rps: result.requests.average, p50, p99, failed: result.errors + result.timeouts + result.non2xx };
}

async function main(): Promise<void> {
  const load0 = loadavg()[0];
  const api = await startApi();
  const web = await startWeb(api.url);
  for (let i = 0; i < STORED; i++) {
    await call(api.url, 'POST', '/api/Reminder', { body: { title: `Reminder ${i}`, dueDate: '2026-12-01T09:00:00Z' } });
  }
  const direct = new URL('/api/Reminder/all', api.url).href;
  const proxied = new URL('/Proxy/GetAllReminders', web.url).href;

  const [alone, throughWeb] = await oneAtATime([direct, proxied]);
  const rows = [
    await measure('GET /api/Reminder/all, direct', direct),
    await measure('GET /Proxy/GetAllReminders, through the web', proxied),
  ];

  const browser = await openBrowser();
  const firstLoad = await firstLoadBytes(browser.page, web.url);
  await browser.close();
  const rss = { web: peakRssMiB(web), api: peakRssMiB(api) };
  await cleanUp();

  console.log(`${machineLine(load0)}; ${STORED} reminders stored, ${SECONDS} s per case\n`);
  const ms = (value: number) => value.toFixed(2);
  console.log(`One call at a time, ${SEQUENTIAL} calls of each, alternating:\n`);
  console.log('| case | p50 (ms) | p99 (ms) |');
  console.log('|---|---:|---:|');
  console.log(`| GET /api/Reminder/all, direct | ${ms(alone.p50)} | ${ms(alone.p99)} |`);
  console.log(`| GET /Proxy/GetAllReminders, through the web | ${ms(throughWeb.p50)} | ${ms(throughWeb.p99)} |`);
  console.log(`| the web adds | ${ms(throughWeb.p50 - alone.p50)} | ${ms(throughWeb.p99 - alone.p99)} |`);
  console.log(`\nautocannon, ${CONNECTIONS} connections, ${SECONDS} s each (latencies in whole ms):\n`);
  console.log('| case | req/s | p50 (ms) | p99 (ms) | failed |');
  console.log('|---|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(`| ${row.name} | ${Math.round(row.rps)} | ${row.p50} | ${row.p99} | ${row.failed} |`);
  }
  console.log('');
  console.log(`- peak RSS: web ${rss.web.toFixed(0)} MiB, API ${rss.api.toFixed(0)} MiB`);
  console.log(`- first load of the page: ${firstLoad.bytes} bytes transferred in ${firstLoad.requests.length} requests ` +
    `(${firstLoad.requests.join(', ')})`);
  const met = rows.every((row) => row.failed === 0) && firstLoad.bytes < FIRST_LOAD_LIMIT;
  process.exitCode = met ? 0 : 1;
}

main().catch(async (err) => {
  console.error(err);
  await cleanUp();
  process.exitCode = 1;
});
