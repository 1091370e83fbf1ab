// Every NetworkPolicy the charts emit, tested by what it blocks on a cluster
// that enforces them (kube-router's firewall controller, started by
// cluster:up): from real pods, the client the policy admits connects, the
// clients it does not admit are refused, a port it does not name is refused,
// and DNS keeps working for all of them. Each connection's time is printed.
// A policy is one line of `cases` (harness/policies.ts says what a case is);
// a policy in dist/ without a case fails the suite.
//
// Run by `npm run test:e2e` (the chapter's dist/ applied in `default`, then
// removed again for the walkthrough). Traffic stays between this machine and
// the cluster's pods; every wait is bounded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { apiImageContract as api } from '../../../api/src/image-contract';
import { webImageContract as webContract } from '../../../web/src/image-contract';
import { get, kubectl, list, loadDir, matches, ready, waitFor } from '../../harness/kube';
import { clusterState, onNode } from '../../harness/cluster';
import {
  type PodRef, type PolicyCase, assertAdmitsOnly, assertEveryPolicyHasACase, connectFrom, connectFromNode, listenIn, lookupFrom, named, podIP, probePod, refused,
} from '../../harness/policies';

const REPO = path.resolve(__dirname, '../../..');
process.env.KUBECONFIG ??= path.join(REPO, '.cluster', 'kubeconfig');
const WAIT = 240;

const chapter = loadDir(path.join(REPO, 'dist'));
const sts = chapter.objects.find((o) => o.kind === 'StatefulSet')!;
const web = chapter.objects.find((o) => o.kind === 'Deployment')!;
const NS = sts.metadata.namespace ?? 'default';
const policies = chapter.objects.filter((o) => o.kind === 'NetworkPolicy');
const policySelecting = (labels: Record<string, string>) => {
  const found = policies.find((p) => matches(p.spec.podSelector.matchLabels, labels));
  assert.ok(found, `no NetworkPolicy selects ${JSON.stringify(labels)}`);
  return found;
};
/** A namespace of the suite's own, for a client from elsewhere. */
const ELSEWHERE = 'policy-check';
/** A port nothing names: the listener opened there for the check. */
const UNNAMED = 9099;
const DNS_NAME = 'kube-dns.kube-system.svc.cluster.local';

const apiPod: PodRef = { namespace: NS, name: `${sts.metadata.name}-0` };
let webPod: PodRef;
const unlabelled: PodRef = { namespace: NS, name: 'policy-check-unlabelled' };
const elsewhere: PodRef = { namespace: ELSEWHERE, name: 'policy-check-elsewhere' };
let cases: PolicyCase[];

before(async () => {
  assert.equal(clusterState().NODE, '1', 'this suite needs a whole cluster with a node: npm run test:e2e');
  assert.ok(clusterState().kube_router_PID, 'cluster:up started no NetworkPolicy engine (kube-router)');
  onNode(['install', '-d', '-o', String(api.uid), '-g', String(api.gid), '/data']);
  kubectl(['apply', '-f', path.join(REPO, 'dist')]);
  kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ELSEWHERE } }) });
  await waitFor('every API and web pod Ready', WAIT, () => {
    const s = get(sts);
    const d = get(web);
    return s?.status?.readyReplicas === sts.spec.replicas && d?.status?.readyReplicas === web.spec.replicas;
  });
  const webPods = list('pods', NS, web.spec.selector.matchLabels).filter((p) => ready(p));
  webPod = { namespace: NS, name: webPods[0].metadata.name };
  // Clients with none of the charts' labels, from the web's image (it has node).
  const image: string = web.spec.template.spec.containers[0].image;
  await Promise.all([probePod(unlabelled, image, { check: 'unlabelled' }), probePod(elsewhere, image, { check: 'elsewhere' })]);
  cases = [
    // Only the web's pods reach the API.
    { policy: policySelecting(sts.spec.selector.matchLabels), target: apiPod, port: api.port, allowed: webPod, denied: [unlabelled, elsewhere], unnamedPort: UNNAMED },
    // The web's port is open to every source (the NodePort's traffic comes from anywhere).
    { policy: policySelecting(web.spec.selector.matchLabels), target: webPod, port: webContract.port, allowed: elsewhere, denied: [], unnamedPort: UNNAMED },
  ];
});

after(() => {
  kubectl(['delete', 'namespace', ELSEWHERE, '--ignore-not-found', '--wait=false']);
  kubectl(['delete', 'pod', '-n', NS, unlabelled.name, '--ignore-not-found', '--wait=true', '--timeout=60s']);
  kubectl(['delete', '-f', path.join(REPO, 'dist'), '--ignore-not-found', '--wait=true', '--timeout=120s']);
});

test('every NetworkPolicy of the charts has a case, and selects its target', (t) => {
  assertEveryPolicyHasACase(cases, policies, (line) => t.diagnostic(line));
});

test('the admitted client connects; every other client is refused (no answer within a few seconds)', (t) => {
  for (const c of cases) assertAdmitsOnly(c, (line) => t.diagnostic(line));
});

test('a port the policy does not name is refused, though the pod listens there', async (t) => {
  for (const c of cases.filter((x) => x.unnamedPort)) {
    const port = c.unnamedPort!;
    const to = `${named(c.target)}:${port}`;
    const listener = await listenIn(c.target, port);
    try {
      // The node's own address is always admitted (kubelet probes): the listener answers it.
      const fromNode = connectFromNode(podIP(c.target), port);
      t.diagnostic(`${c.policy.metadata.name}: the node -> ${to}: ${fromNode.result} in ${fromNode.ms} ms`);
      assert.equal(fromNode.result, 'connected', `the listener in ${named(c.target)} must answer the node`);
      const no = connectFrom(c.allowed, podIP(c.target), port);
      t.diagnostic(`${c.policy.metadata.name}: ${named(c.allowed)} -> ${to}: ${no.result} in ${no.ms} ms`);
      assert.ok(refused(no), `${named(c.allowed)} must not reach ${to}: the policy names ${c.port} only`);
    } finally {
      listener.close();
    }
  }
});

test('DNS keeps working for the policies\' pods and for the refused clients', (t) => {
  const clients = new Map<string, PodRef>();
  for (const c of cases) for (const p of [c.target, c.allowed, ...c.denied]) clients.set(named(p), p);
  for (const [name, client] of clients) {
    const answer = lookupFrom(client, DNS_NAME);
    t.diagnostic(`${name}: ${DNS_NAME} -> ${answer.addresses.join(' ') || 'no answer'} in ${answer.ms} ms`);
    assert.deepEqual(answer.addresses, [get({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'kube-dns', namespace: 'kube-system' } })!.spec.clusterIP]);
  }
});
