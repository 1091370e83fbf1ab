// Helpers of the suites that need a node: the node's own view (cluster:node),
// containers' processes, and the local ends kubectl opens (proxy, port-forward).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { waitFor } from './kube';

const SCRIPTS = path.resolve(__dirname, '..');
const STATE = path.resolve(SCRIPTS, '../.cluster/state');

/** The settings cluster:up recorded (.cluster/state), e.g. NODE=1. */
export function clusterState(): Record<string, string> {
  if (!fs.existsSync(STATE)) return {};
  const lines = fs.readFileSync(STATE, 'utf8').split('\n');
  return Object.fromEntries(lines.map((l) => /^([A-Za-z_]+)=(.*)$/.exec(l)).filter((m) => m).map((m) => [m![1], m![2]]));
}

/**
 * Runs a command on node `node` (1: the first), as `npm run cluster:node -- --node N ...`
 * does; fails with its output.
 */
export function onNode(args: string[], node = 1): string {
  const r = spawnSync('bash', [path.join(SCRIPTS, 'node.sh'), '--node', String(node), ...args], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`cluster:node -- --node ${node} ${args.join(' ')} exited ${r.status}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** containerd's client on a node, in the namespace the kubelet uses. */
export function ctr(args: string[], node = 1): string {
  return onNode(['ctr', '--address', '/run/containerd/containerd.sock', '-n', 'k8s.io', ...args], node);
}

/** The machine's pid of a container's main process, from its status' containerID. */
export function containerPid(containerID: string): number {
  const id = containerID.replace(/^containerd:\/\//, '');
  const row = ctr(['tasks', 'ls']).split('\n').find((l) => l.startsWith(`${id} `));
  if (!row) throw new Error(`container ${id} has no running task`);
  return Number(row.trim().split(/\s+/)[1]);
}

/** A kubectl that serves a local port (proxy, port-forward) until closed. */
export interface LocalEnd {
  port: number;
  close(): void;
}

/**
 * Starts `kubectl ARGS` and resolves with the 127.0.0.1 port it reports serving
 * on (`Starting to serve on 127.0.0.1:N`, `Forwarding from 127.0.0.1:N`).
 */
export function serveLocally(args: string[]): Promise<LocalEnd> {
  const child = spawn('kubectl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`kubectl ${args.join(' ')}: no port after 20s:\n${seen}`)); }, 20_000);
    const read = (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /127\.0\.0\.1:(\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), close: () => child.kill() });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`kubectl ${args.join(' ')} exited ${code}:\n${seen}`)); });
  });
}

/** An HTTP request with a bounded wait; the body as text. */
export async function http(url: string, init: RequestInit = {}, seconds = 10): Promise<{ status: number; type: string; body: string }> {
  const r = await fetch(url, { ...init, signal: AbortSignal.timeout(seconds * 1000) });
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
}

/**
 * The first answer from `url` once something answers there: a Service's rules
 * reach kube-proxy a moment after its endpoints are Ready.
 */
export function answer(url: string, seconds = 30): Promise<{ status: number; type: string; body: string }> {
  return waitFor(`an answer from ${url}`, seconds, () => http(url).catch(() => undefined));
}
