// Small helpers of the integration suite: run kubectl against the local
// cluster, read synthesized YAML, poll with a deadline.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { Manifest } from '@remind-me/cdk8s-constructs';

/** A Kubernetes object as synthesized (the manifest checks' shape) or as read back from the cluster. */
export interface KObject extends Manifest {
  metadata: Manifest['metadata'] & {
    annotations?: Record<string, string>;
    uid?: string;
    creationTimestamp?: string;
    resourceVersion?: string;
    generation?: number;
    ownerReferences?: { kind: string; name: string }[];
  };
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a kubectl binary (default: `kubectl` on PATH) with the cluster's kubeconfig. */
export function run(args: string[], opts: { input?: string; kubectl?: string } = {}): Result {
  const r = spawnSync(opts.kubectl ?? 'kubectl', args, {
    input: opts.input,
    encoding: 'utf8',
    env: process.env, // KUBECONFIG is set by test.sh
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs kubectl and fails with its own output when it exits non-zero. */
export function kubectl(args: string[], opts: { input?: string; kubectl?: string } = {}): string {
  const r = run(args, opts);
  if (r.code !== 0) {
    throw new Error(`kubectl ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
  }
  return r.stdout;
}

/** kubectl's name for a kind in a group, e.g. `statefulset.apps`. */
export function resource(o: Pick<KObject, 'apiVersion' | 'kind'>): string {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return group ? `${o.kind.toLowerCase()}.${group}` : o.kind.toLowerCase();
}

/** Namespace flags for a namespaced object; none for a cluster-scoped one. */
function nsArgs(o: KObject): string[] {
  return o.metadata.namespace ? ['-n', o.metadata.namespace] : [];
}

/** Reads the cluster's copy of a synthesized object, or undefined if absent. */
export function get(o: KObject): KObject | undefined {
  const r = run(['get', `${resource(o)}/${o.metadata.name}`, ...nsArgs(o), '-o', 'json']);
  if (r.code === 0) return JSON.parse(r.stdout);
  if (/NotFound|not found/.test(r.stderr)) return undefined;
  throw new Error(`kubectl get ${o.kind}/${o.metadata.name}: ${r.stderr}`);
}

/** Whether a pod or node has the condition Ready. */
export const ready = (o?: KObject) => o?.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'True';

/** Lists objects of one kind in a namespace, optionally by label selector. */
export function list(kind: string, namespace: string, selector?: Record<string, string>): KObject[] {
  const args = ['get', kind, '-n', namespace, '-o', 'json'];
  if (selector && Object.keys(selector).length) args.push('-l', Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(','));
  return JSON.parse(kubectl(args)).items;
}

/** `Kind namespace/name` for messages. */
export function show(o: KObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

/**
 * Synthesizes the app with the values overlay `overlayFile` (a path in the repository) into a
 * temporary folder of its own, removed after the suite or test that calls it; returns the folder.
 */
export function synthWithOverlay(overlayFile: string): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'remind-me-synth-'));
  after(() => fs.rmSync(out, { recursive: true, force: true }));
  const synth = spawnSync('npm', ['run', '--silent', 'synth'], {
    cwd: path.resolve(__dirname, '../..'), encoding: 'utf8', timeout: 300_000,
    env: { ...process.env, REMIND_ME_CONFIG: overlayFile, CDK8S_OUTDIR: out },
  });
  assert.equal(synth.status, 0, synth.stderr);
  return out;
}

/** All objects of every `*.yaml` file in a synthesis output directory. */
export function loadDir(dir: string): { files: string[]; objects: KObject[] } {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(dir, f));
  const objects: KObject[] = [];
  for (const f of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(f, 'utf8'))) {
      if (doc.errors.length) throw new Error(`${f}: ${doc.errors[0].message}`);
      const o = doc.toJS();
      if (o) objects.push(o);
    }
  }
  return { files, objects };
}

/** YAML for applying a list of (changed) objects through stdin. */
export function toYaml(objects: KObject[]): string {
  return objects.map((o) => JSON.stringify(o)).join('\n---\n');
}

/**
 * Polls `probe` every half second until it returns a value other than
 * undefined/false, or fails after `seconds` with `what` and the last value seen.
 */
export async function waitFor<T>(what: string, seconds: number, probe: () => T | undefined | false | Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Waits (at most `seconds`) for a Job to finish; its state and its pods' logs. */
export async function jobFinished(namespace: string, name: string, seconds: number): Promise<{ state: 'Complete' | 'Failed'; logs: string }> {
  const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace } };
  const state = await waitFor(`job ${name} finished`, seconds, () => {
    const conditions: any[] = get(job)?.status?.conditions ?? [];
    return conditions.find((c) => ['Complete', 'Failed'].includes(c.type) && c.status === 'True')?.type;
  });
  return { state, logs: kubectl(['logs', '-n', namespace, `job/${name}`, '--all-containers']) };
}

/** True when every label of the selector is on the object. */
export function matches(selector: Record<string, string>, labels: Record<string, string> = {}): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * The kubectl clients of the supported skew: `kubectl.1.NN` binaries found on
 * PATH or next to the real `kubectl` (gcloud's SDK keeps them there), oldest first.
 */
export function kubectlClients(): { version: string; path: string }[] {
  const dirs = new Set((process.env.PATH ?? '').split(path.delimiter).filter(Boolean));
  for (const d of [...dirs]) {
    const k = path.join(d, 'kubectl');
    if (fs.existsSync(k)) dirs.add(path.dirname(fs.realpathSync(k)));
  }
  const found = new Map<string, string>();
  for (const d of dirs) {
    for (const f of fs.existsSync(d) ? fs.readdirSync(d) : []) {
      const m = /^kubectl\.(1\.\d+)$/.exec(f);
      if (m && !found.has(m[1])) found.set(m[1], path.join(d, f));
    }
  }
  return [...found.entries()]
    .map(([version, p]) => ({ version, path: p }))
    .sort((a, b) => Number(a.version.split('.')[1]) - Number(b.version.split('.')[1]));
}
