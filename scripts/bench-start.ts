/**
 * `npm run bench:start`: the time from a server's process start to its first answered request
 * (`GET /healthz`), for both servers, in a cgroup limited to 100m CPU (CFS quota 10 ms per 100 ms,
 * as a pod's `limits.cpu: 100m`), each way of running them, median of RUNS. Needs root (it makes
 * the cgroup) and built packages (`npm run build -w api -w web`). BENCH_BASELINE=<dir>: a
 * checkout of an earlier commit, its packages built, whose bundles are measured first (the "before").
 * Prints a Markdown table for docs/benchmarks.md; measures, asserts nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { apiImageContract } from '../api/src/image-contract';
import { webImageContract } from '../web/src/image-contract';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MILLICPU = Number(process.env.BENCH_MILLICPU ?? 100);
const PERIOD_US = 100_000;
/** A server that has not answered by then is reported as not started (bounded wait). */
const GIVE_UP_MS = 60_000;
const ROOT = resolve(__dirname, '..');

interface Way {
  name: string;
  /** Node.js binary. */
  node: string;
  /** The repository whose packages run (their directories are the working directories). */
  root?: string;
  /** Node's arguments, relative to the package directory. */
  args: (pkg: 'api' | 'web') => string[];
  env?: Record<string, string>;
  /** Start once before the measured runs (to fill a cache). */
  warmUp?: boolean;
}

const contracts = { api: apiImageContract, web: webImageContract };
const tscOutput = (pkg: 'api' | 'web') => [...contracts[pkg].nodeFlags, 'dist/src/server.js'];
/** As the image runs it: its CMD's flags and entry point. */
const asImage = (pkg: 'api' | 'web') => [...contracts[pkg].nodeFlags, contracts[pkg].entryPoint];

/** One cgroup for the servers; cgroup v1 (the cpu hierarchy) or v2. */
function makeCgroup(): { procs: string; remove: () => void } {
  const name = `remind-me-bench-start-${process.pid}`;
  const quota = (PERIOD_US * MILLICPU) / 1000;
  if (existsSync('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')) {
    const dir = join('/sys/fs/cgroup/cpu', name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quota));
    return { procs: join(dir, 'cgroup.procs'), remove: () => rmdirSync(dir) };
  }
  const dir = join('/sys/fs/cgroup', name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'cpu.max'), `${quota} ${PERIOD_US}`);
  return { procs: join(dir, 'cgroup.procs'), remove: () => rmdirSync(dir) };
}

function freePort(): Promise<number> {
  return new Promise((settle, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => settle(port));
    });
    server.on('error', fail);
  });
}

/**
 * CPU seconds a process has run so far, all its threads: the scheduler's own count in
 * nanoseconds (schedstat), where /proc/PID/stat counts whole 10 ms ticks, a twentieth of a start.
 */
function cpuSeconds(pid: number): number {
  const threads = readdirSync(`/proc/${pid}/task`);
  const ns = threads.reduce((sum, tid) => sum + Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]), 0);
  return ns / 1e9;
}

/** Starts the server in the cgroup; ms to its first answer, and the CPU seconds it took. */
async function startOnce(way: Way, pkg: 'api' | 'web', procs: string): Promise<{ ms: number; cpu: number }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  const env = {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    PORT: String(port),
    APP_ROOT: dir,
    ...(pkg === 'api' ? { dbPath: join(dir, 'reminder.db') } : { apiUrl: 'http://127.0.0.1:9' }),
    NODE_ENV: 'production',
    ...way.env,
  };
  const start = performance.now();
  // The shell joins the cgroup, then becomes node: the whole start is limited.
  const child = spawn('/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', procs, way.node, ...way.args(pkg)], {
    cwd: join(way.root ?? ROOT, pkg),
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((settle) => child.on('close', () => settle()));
  try {
    while (performance.now() - start < GIVE_UP_MS) {
      if (child.exitCode !== null) throw new Error(`${pkg} (${way.name}) exited: ${stderr}`);
      const answered = await fetch(`http://127.0.0.1:${port}${contracts[pkg].livenessPath}`, { signal: AbortSignal.timeout(1000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (answered) return { ms: performance.now() - start, cpu: cpuSeconds(child.pid!) };
      await new Promise((tick) => setTimeout(tick, 20));
    }
    throw new Error(`${pkg} (${way.name}) did not answer within ${GIVE_UP_MS} ms`);
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  // npm runs scripts with node_modules/.bin first in PATH: the pinned Node.js 24.
  const node = process.execPath;
  const compileCache = mkdtempSync(join(tmpdir(), 'bench-start-cache-'));
  const baseline = process.env.BENCH_BASELINE;
  const ways: Way[] = [
    ...(baseline ? [{ name: `Node ${process.versions.node}, bundle of ${baseline}`, root: resolve(baseline), node, args: asImage }] : []),
    { name: `Node ${process.versions.node}, tsc output`, node, args: tscOutput },
    { name: `Node ${process.versions.node}, as the image runs it (bundle)`, node, args: asImage },
    // Not in the image: V8's code cache differs on every build (hash seed), digests would too.
    {
      name: `Node ${process.versions.node}, bundle and Node's compile cache (filled by one start before)`,
      node,
      args: asImage,
      env: { NODE_COMPILE_CACHE: compileCache },
      warmUp: true,
    },
  ];
  const load0 = loadavg()[0];
  const cgroup = makeCgroup();
  const rows: string[] = [];
  try {
    for (const way of ways) {
      const cells: string[] = [];
      for (const pkg of ['web', 'api'] as const) {
        if (way.warmUp) await startOnce(way, pkg, cgroup.procs);
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await startOnce(way, pkg, cgroup.procs));
        const ms = runs.map((run) => run.ms);
        cells.push(`${(median(ms) / 1000).toFixed(2)} s (${ms.map((m) => (m / 1000).toFixed(2)).join(', ')}); CPU ${median(runs.map((run) => run.cpu)).toFixed(3)} s`);
        console.error(`${way.name}, ${pkg}: ${cells.at(-1)}`);
      }
      rows.push(`| ${way.name} | ${cells.join(' | ')} |`);
    }
  } finally {
    cgroup.remove();
    rmSync(compileCache, { recursive: true, force: true });
  }
  console.log(`${MILLICPU}m CPU, median of ${RUNS} (each run), ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load average ${load0.toFixed(2)} before / ${loadavg()[0].toFixed(2)} after`);
  console.log('\n| way | web: first answer (runs); CPU used | API: first answer (runs); CPU used |\n|---|---|---|');
  console.log(rows.join('\n'));
}


main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
