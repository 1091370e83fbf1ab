// NetworkPolicies tested by what they block, from real pods: one case per
// policy names a pod it selects, a port it admits, a client it admits and the
// clients it must refuse. Connections are made from inside the client pods
// (`kubectl exec ... node -e`), so every client needs `node` in its image (the
// project's images have it; probePod makes more such clients).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { type KObject, get, kubectl, matches, ready, waitFor } from './kube';

/** A pod by name. */
export interface PodRef {
  namespace: string;
  name: string;
}

/** One NetworkPolicy and the traffic it must let through and refuse. */
export interface PolicyCase {
  /** The NetworkPolicy under test, as synthesized. */
  policy: KObject;
  /** A pod the policy selects. */
  target: PodRef;
  /** A port of the target that the policy admits. */
  port: number;
  /** A client the policy admits on that port. */
  allowed: PodRef;
  /** Clients the policy must refuse on that port (none when it admits every source). */
  denied: PodRef[];
  /**
   * A port the policy does not name: a listener is opened there in the target for the
   * check (so the target's image needs `node`), then connections from the admitted
   * client must be refused. Leave out for targets without `node`.
   */
  unnamedPort?: number;
}

/** What a connection attempt met, timed inside the client pod. */
export interface Outcome {
  /** `connected`, `no answer` (nothing within the timeout) or the socket error's code. */
  result: string;
  ms: number;
}

/** How long a client waits for an answer before calling the connection refused. */
export const ANSWER_SECONDS = 3;

const connectScript = (host: string, port: number) => `
  const started = Date.now();
  const done = (result) => { console.log(JSON.stringify({ result, ms: Date.now() - started })); process.exit(0); };
  const socket = require('net').connect({ host: ${JSON.stringify(host)}, port: ${port}, timeout: ${ANSWER_SECONDS * 1000} });
  socket.on('connect', () => done('connected'));
  socket.on('timeout', () => done('no answer'));
  socket.on('error', (e) => done(e.code ?? e.message));`;

const podOf = (ref: PodRef): KObject => {
  const p = get({ apiVersion: 'v1', kind: 'Pod', metadata: ref });
  if (!p) throw new Error(`pod ${ref.namespace}/${ref.name} not found`);
  return p;
};

/** The pod's IP address. */
export const podIP = (ref: PodRef): string => podOf(ref).status.podIP;

/** A TCP connection from inside `client` to host:port. */
export function connectFrom(client: PodRef, host: string, port: number): Outcome {
  const out = kubectl(['exec', '-n', client.namespace, client.name, '--', 'node', '-e', connectScript(host, port)]);
  return JSON.parse(out.trim());
}

/** The same connection from this machine: from the node's own address, which policies always admit. */
export function connectFromNode(host: string, port: number): Outcome {
  return JSON.parse(execFileSync(process.execPath, ['-e', connectScript(host, port)], { encoding: 'utf8', timeout: 30_000 }).trim());
}

/** Addresses `name` resolves to from inside `client` (its resolv.conf, as the app resolves). */
export function lookupFrom(client: PodRef, name: string): { addresses: string[]; ms: number } {
  const script = `const started = Date.now();
    require('dns').promises.lookup(${JSON.stringify(name)}, { all: true, family: 4 })
      .then((a) => console.log(JSON.stringify({ addresses: a.map((x) => x.address), ms: Date.now() - started })))
      .catch((e) => console.log(JSON.stringify({ addresses: [], ms: Date.now() - started, error: e.code })));`;
  return JSON.parse(kubectl(['exec', '-n', client.namespace, client.name, '--', 'node', '-e', script]).trim());
}

/**
 * Runs a TCP listener on `port` inside `target` for at most `seconds` (the exec
 * is stopped by `close`), answering every connection; resolves once it listens.
 */
export function listenIn(target: PodRef, port: number, seconds = 60): Promise<{ close(): void }> {
  const script = `require('net').createServer((s) => s.end()).listen(${port}, () => console.log('listening'));
    setTimeout(() => process.exit(0), ${seconds * 1000});`;
  const child = spawn('kubectl', ['exec', '-n', target.namespace, target.name, '--', 'node', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const read = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('listening')) resolve({ close: () => child.kill() });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`listener in ${target.name} exited ${code}: ${seen}`)));
  });
}

/**
 * A restricted pod that only waits (node, from `image`), to connect from: a
 * client with exactly `labels`, none of any policy's.
 */
export async function probePod(ref: PodRef, image: string, labels: Record<string, string>): Promise<PodRef> {
  const pod = {
    apiVersion: 'v1', kind: 'Pod', metadata: { ...ref, labels },
    spec: {
      terminationGracePeriodSeconds: 1,
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'probe', image, imagePullPolicy: 'IfNotPresent',
        command: ['node', '-e', "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1 << 30);"],
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
      }],
    },
  };
  kubectl(['apply', '-f', '-'], { input: JSON.stringify(pod) });
  await waitFor(`probe pod ${ref.namespace}/${ref.name} Ready`, 120, () => ready(get(pod)));
  return ref;
}

/** Refused: no connection (an answer refused, reset, or none within ANSWER_SECONDS). */
export const refused = (o: Outcome) => o.result !== 'connected';

/** `ns/name` for messages. */
export const named = (ref: PodRef) => `${ref.namespace}/${ref.name}`;

/**
 * Every policy of `policies` has exactly one case, is in the cluster and selects
 * its case's target: a policy added without a case fails here.
 */
export function assertEveryPolicyHasACase(cases: PolicyCase[], policies: KObject[], say: (line: string) => void): void {
  assert.deepEqual(cases.map((c) => c.policy.metadata.name).sort(), policies.map((p) => p.metadata.name).sort());
  for (const c of cases) {
    const live = get(c.policy);
    assert.ok(live, `${c.policy.metadata.name} is not in the cluster`);
    const target = podOf(c.target);
    assert.ok(matches(live.spec.podSelector.matchLabels, target.metadata.labels), `${c.policy.metadata.name} does not select ${named(c.target)}`);
    say(`${c.policy.metadata.name}: selects ${named(c.target)}; admits ${named(c.allowed)} on ${c.port}; refuses ${c.denied.map(named).join(', ') || 'no client'}`);
  }
}

/** The case's admitted client connects to its port; every denied client is refused within the answer time. Says each time. */
export function assertAdmitsOnly(c: PolicyCase, say: (line: string) => void): void {
  const ip = podIP(c.target);
  const to = `${named(c.target)} (${ip}):${c.port}`;
  const ok = connectFrom(c.allowed, ip, c.port);
  say(`${c.policy.metadata.name}: ${named(c.allowed)} -> ${to}: ${ok.result} in ${ok.ms} ms`);
  assert.equal(ok.result, 'connected', `${named(c.allowed)} must reach ${to}`);
  for (const client of c.denied) {
    const no = connectFrom(client, ip, c.port);
    say(`${c.policy.metadata.name}: ${named(client)} -> ${to}: ${no.result} in ${no.ms} ms`);
    assert.ok(refused(no), `${named(client)} must not reach ${to}`);
    assert.ok(no.ms <= (ANSWER_SECONDS + 1) * 1000);
  }
}
