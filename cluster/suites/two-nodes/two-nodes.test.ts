// The constructs' placement promises on a cluster of two nodes (`cluster:up --nodes 2`):
// the book's shared ReadWriteOnce claim keeps the three API pods on one node while the
// web pods spread; a drain honours the PodDisruptionBudget and cannot move the shared
// claim's pods (the operator's move is shown); per-replica static volumes with node affinity
// spread the replicas, and a replica only ever runs on the node that holds its directory.
// Every acknowledged reminder is kept throughout.
//
// Run by `test.sh two-nodes` (a fresh cluster of two nodes, torn down afterwards). Traffic
// goes only to 127.0.0.1 (the NodePort, port-forward) and to this cluster; loops are bounded.
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { apiImageContract as api } from '../../../api/src/image-contract';
import { get, kubectl, list, loadDir, ready, waitFor, type KObject } from '../../harness/kube';
import { clusterState, ctr, onNode, serveLocally } from '../../harness/cluster';
import { Reminders } from '../../harness/reminders';

const REPO = path.resolve(__dirname, '../../..');
process.env.KUBECONFIG ??= path.join(REPO, '.cluster', 'kubeconfig');
const WAIT = 240;
const NODES = ['remind-me-node', 'remind-me-node-2'];
/** The node index `cluster:node --node N` takes, from a node's name. */
const index = (node: string) => NODES.indexOf(node) + 1;

const book = loadDir(path.join(REPO, 'dist'));
const find = (objects: KObject[], kind: string) => objects.find((o) => o.kind === kind)!;
const sts = find(book.objects, 'StatefulSet');
const web = find(book.objects, 'Deployment');
const pdb = find(book.objects, 'PodDisruptionBudget');
const NS = sts.metadata.namespace ?? 'default';
const NODE_PORT: number = book.objects.find((o) => o.kind === 'Service' && o.spec.type === 'NodePort')!.spec.ports[0].nodePort;
const WEB_PORT: number = web.spec.template.spec.containers[0].ports[0].containerPort;
const webUrl = `http://127.0.0.1:${NODE_PORT}/Proxy`;

const reminders = new Reminders();
const figures: [string, string][] = [];
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
const show = (t: TestContext, text: string) => text.trimEnd().split('\n').forEach((l) => t.diagnostic(l));
const pods = (ns: string, o: KObject) => list('pods', ns, o.spec.selector.matchLabels);
const nodesOf = (ps: KObject[]) => new Set(ps.map((p) => p.spec.nodeName));
const replicasReady = (o: KObject, ns = NS) => {
  const live = get({ ...o, metadata: { ...o.metadata, namespace: ns } });
  return live?.status?.readyReplicas === o.spec.replicas && live?.status?.updatedReplicas === o.spec.replicas;
};
const prepare = (dir: string, node: number) => onNode(['install', '-d', '-o', String(api.uid), '-g', String(api.gid), dir], node);

/** `fn` with a local port forwarded to `port` of pod `name`. */
async function through<T>(ns: string, name: string, port: number, fn: (base: string) => Promise<T>): Promise<T> {
  const forward = await serveLocally(['port-forward', '-n', ns, `pod/${name}`, `:${port}`]);
  try {
    return await fn(`http://127.0.0.1:${forward.port}`);
  } finally {
    forward.close();
  }
}

/**
 * Asserts that a Ready API pod lists every acknowledged reminder, read from the pod itself.
 * Not through the web: it calls API pod 0 only (the book's `apiUrl`), so while pod 0 is
 * away it cannot serve reads, although the other pods hold every reminder (the shared claim).
 */
async function noneLostInApi(t: TestContext, why: string): Promise<void> {
  const pod = pods(NS, sts).find(ready);
  assert.ok(pod, 'an API pod Ready');
  await through(NS, pod.metadata.name, api.port, (base) => reminders.noneLost(t, `${base}/api/Reminder/all`, `API pod ${pod.metadata.name} itself, ${why}`));
}

/** The FailedScheduling messages of a pod: why the scheduler leaves it Pending. */
const whyPending = (ns: string, name: string): string[] =>
  JSON.parse(kubectl(['get', 'events', '-n', ns, '-o', 'json', '--field-selector', `involvedObject.name=${name},reason=FailedScheduling`]))
    .items.map((e: KObject) => e.message as string);

before(() => {
  assert.equal(clusterState().NODES, '2', 'this suite needs a cluster of two nodes: bash cluster/test.sh two-nodes');
  for (const node of [1, 2]) {
    const images = ctr(['images', 'ls', '-q'], node);
    for (const o of [sts, web]) {
      const image: string = o.spec.template.spec.containers[0].image;
      assert.ok(images.includes(`/${image}`), `image ${image} is not on node ${node}`);
    }
  }
});

test('two nodes Ready, each with its own pod range, wired through the machine', (t) => {
  const nodes = JSON.parse(kubectl(['get', 'nodes', '-o', 'json'])).items as KObject[];
  assert.deepEqual(nodes.map((n) => n.metadata.name).sort(), NODES);
  assert.ok(nodes.every(ready), 'both nodes Ready');
  show(t, kubectl(['get', 'nodes', '-o', 'wide']));
  show(t, kubectl(['get', 'pods', '-n', 'kube-system', '-o', 'wide']));
  if (process.env.CLUSTER_UP_SECONDS) figures.push(['cluster:up --nodes 2', `${process.env.CLUSTER_UP_SECONDS} s`]);
});

let apiNode = '';
test('kubectl apply -f dist/: the three API pods on one node (the shared claim), the web pods on both', async (t) => {
  // The book's volume names no node: the operators prepare /data on each node, and the
  // shared ReadWriteOnce claim's required pod affinity keeps the three pods together.
  for (const node of [1, 2]) prepare('/data', node);
  const applied = Date.now();
  kubectl(['apply', '-f', path.join(REPO, 'dist')]);
  await waitFor('every API and web pod Ready', WAIT, () => replicasReady(sts) && replicasReady(web));
  figures.push(['apply -f dist/ to every pod Ready, two nodes', `${seconds(applied)} s`]);
  show(t, kubectl(['get', 'pods', '-n', NS, '-o', 'wide']));
  const apiNodes = nodesOf(pods(NS, sts));
  assert.equal(apiNodes.size, 1, `the API pods share one node: ${[...apiNodes]}`);
  assert.deepEqual([...nodesOf(pods(NS, web))].sort(), NODES, 'a web pod on each node');
  apiNode = [...apiNodes][0];
});

test('a reminder saved through the web pod on each node is read through the other', async (t) => {
  const [a, b] = pods(NS, web);
  for (const [writer, reader] of [[a, b], [b, a]]) {
    const saved = await through(NS, writer.metadata.name, WEB_PORT, (base) => reminders.save(`${base}/Proxy/SaveReminder`, `via ${writer.spec.nodeName}`));
    const listed = await through(NS, reader.metadata.name, WEB_PORT, (base) => reminders.titles(`${base}/Proxy/GetAllReminders`));
    assert.equal(listed.get(saved.id), saved.title);
    t.diagnostic(`saved through ${writer.metadata.name} on ${writer.spec.nodeName}, read through ${reader.metadata.name} on ${reader.spec.nodeName}`);
  }
  await reminders.noneLost(t, `${webUrl}/GetAllReminders`, `the NodePort 127.0.0.1:${NODE_PORT}`);
});

test(`kubectl drain of the API pods' node: the PDB lets one pod go, which cannot move (shared claim)`, async (t) => {
  const started = Date.now();
  const drain = spawn('kubectl', ['drain', apiNode, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=60s'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  drain.stdout.on('data', (c) => { output += c; });
  drain.stderr.on('data', (c) => { output += c; });
  const exited = new Promise<number>((resolve) => drain.on('exit', (code) => resolve(code ?? 1)));
  let done: number | undefined;
  void exited.then((code) => { done = code; });
  // Watch the API pods while it runs, writing through the NodePort and to a Ready API pod
  // itself: a write through the web fails while pod 0 is away (the web calls it only), the
  // direct ones go on; none acknowledged may be lost.
  let worst = 0;
  const writes = { web: 0, direct: 0 };
  for (let n = 0; n < 400 && done === undefined; n++) {
    const now = pods(NS, sts);
    const away = sts.spec.replicas - now.filter(ready).length;
    worst = Math.max(worst, away);
    await reminders.save(`${webUrl}/SaveReminder`, `during the drain ${n}`).then(() => writes.web++, () => undefined);
    const pod = now.find(ready);
    if (pod) {
      await through(NS, pod.metadata.name, api.port, (base) => reminders.save(`${base}/api/Reminder`, `during the drain ${n}, to ${pod.metadata.name}`))
        .then(() => writes.direct++, () => undefined);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const code = await exited;
  figures.push([`kubectl drain ${apiNode} (stopped by its 60 s timeout)`, `${seconds(started)} s`]);
  show(t, output.split('\n').filter((l, i, all) => all.indexOf(l) === i).join('\n'));
  assert.notEqual(code, 0, 'the drain cannot finish: the evicted API pod has nowhere to go');
  assert.match(output, /disruption budget/);
  assert.ok(worst <= pdb.spec.maxUnavailable, `at most ${pdb.spec.maxUnavailable} API pod away, saw ${worst}`);
  t.diagnostic(`never more than ${worst} API pod away (PDB maxUnavailable ${pdb.spec.maxUnavailable}); ${writes.web} writes through the web and ${writes.direct} to a Ready API pod acknowledged during the drain`);
  assert.ok(writes.direct > 0, 'a Ready API pod took writes during the drain');
  const pending = pods(NS, sts).filter((p) => !p.spec.nodeName);
  assert.equal(pending.length, 1, 'one API pod evicted and Pending');
  const why = whyPending(NS, pending[0].metadata.name);
  assert.ok(why.some((m) => /affinity/.test(m) && /unschedulable/.test(m)), `why ${pending[0].metadata.name} is Pending: ${why}`);
  t.diagnostic(`${pending[0].metadata.name} Pending: ${why.at(-1)}`);
  assert.deepEqual([...nodesOf(pods(NS, web))], [NODES.find((n) => n !== apiNode)], 'the web pod moved to the other node');
  // The PDB lets any one of the three go, pod 0 included: the web's reads would then fail.
  await noneLostInApi(t, `${pending[0].metadata.name} away`);
});

test("the operator's move of a shared claim: scale to 0, copy the directory, scale back on the other node", async (t) => {
  const target = NODES.find((n) => n !== apiNode)!;
  const started = Date.now();
  kubectl(['scale', 'statefulset', '-n', NS, sts.metadata.name, '--replicas=0']);
  await waitFor('every API pod gone', WAIT, () => pods(NS, sts).length === 0);
  // Node N's /data is .cluster/node[-N]/data on the machine, which every node also sees:
  // the copy an operator makes with rsync or scp between two machines.
  const from = path.join(REPO, '.cluster', index(apiNode) === 1 ? 'node' : `node-${index(apiNode)}`, 'data');
  onNode(['cp', '-a', `${from}/.`, '/data/'], index(target));
  kubectl(['scale', 'statefulset', '-n', NS, sts.metadata.name, `--replicas=${sts.spec.replicas}`]);
  await waitFor('the API pods Ready again', WAIT, () => replicasReady(sts));
  figures.push([`shared claim moved to ${target} (scale 0, copy, scale back)`, `${seconds(started)} s`]);
  assert.deepEqual([...nodesOf(pods(NS, sts))], [target]);
  show(t, kubectl(['get', 'pods', '-n', NS, '-o', 'wide']));
  const draining = Date.now();
  const drained = spawnSync('kubectl', ['drain', apiNode, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=60s'], { encoding: 'utf8' });
  assert.equal(drained.status, 0, drained.stderr);
  figures.push([`kubectl drain ${apiNode} with nothing it cannot move`, `${seconds(draining)} s`]);
  t.diagnostic(`kubectl drain ${apiNode} now completes: ${drained.stdout.trim().split('\n').pop()}`);
  kubectl(['uncordon', apiNode]);
  await reminders.noneLost(t, `${webUrl}/GetAllReminders`, `the web, the API pods now on ${target}`);
});

test('per-replica static volumes with node affinity: the replicas spread; pod 0 only ever runs on its volume\'s node', async (t) => {
  const ns = 'spread';
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'remind-me-two-nodes-'));
  after(() => fs.rmSync(out, { recursive: true, force: true }));
  const overlay = path.join(out, 'overlay.yaml');
  fs.writeFileSync(overlay, [
    `namespace: ${ns}`,
    'api:',
    '  storage:',
    '    mode: perReplica',
    `    hostPath: { path: /data/${ns}, capacity: 10Gi, nodes: [${NODES.join(', ')}] }`,
    'web:',
    '  nodePort: null',
  ].join('\n'));
  const synth = spawnSync('npm', ['run', '--silent', 'synth'], {
    cwd: REPO, encoding: 'utf8', timeout: 300_000, env: { ...process.env, REMIND_ME_CONFIG: overlay, CDK8S_OUTDIR: path.join(out, 'dist') },
  });
  assert.equal(synth.status, 0, synth.stderr);
  const layout = loadDir(path.join(out, 'dist'));
  const volumes = layout.objects.filter((o) => o.kind === 'PersistentVolume');
  const nodeOf = (pv: KObject): string => pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0];
  for (const pv of volumes) prepare(pv.spec.hostPath.path, index(nodeOf(pv)));
  const set = find(layout.objects, 'StatefulSet');
  const podName = (i: number) => `${set.metadata.name}-${i}`;
  const volumeOf = (i: number) => volumes.find((v) => v.spec.hostPath.path.endsWith(`/${i}`))!;
  kubectl(['apply', ...layout.files.flatMap((f) => ['-f', f])]);
  after(() => {
    kubectl(['delete', 'namespace', ns, '--wait=false']);
    kubectl(['delete', 'pv', ...volumes.map((v) => v.metadata.name), '--wait=false']);
  });
  await waitFor('the per-replica API pods Ready', WAIT, () => replicasReady(set, ns));
  show(t, kubectl(['get', 'pods,pv', '-n', ns, '-o', 'wide', '-l', Object.entries(set.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',')]));
  const placed = pods(ns, set);
  for (const p of placed) {
    assert.equal(p.spec.nodeName, nodeOf(volumeOf(Number(p.metadata.name.split('-').pop()))), `${p.metadata.name} on its volume's node`);
  }
  assert.deepEqual([...nodesOf(placed)].sort(), NODES, 'the replicas spread over both nodes');

  // Pod 0's own database, apart from the book's reminders.
  const own = await through(ns, podName(0), api.port, (base) => new Reminders().save(`${base}/api/Reminder`, 'Only in pod 0'));
  const home = nodeOf(volumeOf(0));
  // Its node cordoned, pod 0 deleted: the scheduler will not put it on the other node.
  kubectl(['cordon', home]);
  const deleted = Date.now();
  const old = get({ apiVersion: 'v1', kind: 'Pod', metadata: { name: podName(0), namespace: ns } })!;
  kubectl(['delete', 'pod', '-n', ns, podName(0)]);
  let seen: KObject | undefined;
  const why = await waitFor(`${podName(0)} Pending for its volume's node`, 60, () => {
    seen = get({ apiVersion: 'v1', kind: 'Pod', metadata: { name: podName(0), namespace: ns } });
    const recreated = seen && seen.metadata.uid !== old.metadata.uid && !seen.spec.nodeName;
    // The scheduler names the volume's node affinity as what rules out the other node.
    return recreated && whyPending(ns, podName(0)).find((m) => /PersistentVolume's node affinity/.test(m));
  }).catch((e) => { throw new Error(`${e.message}; pod: ${JSON.stringify(seen?.status)}; events: ${whyPending(ns, podName(0))}`); });
  t.diagnostic(`${home} cordoned, ${podName(0)} deleted: Pending, "${why}"`);
  kubectl(['uncordon', home]);
  await waitFor(`${podName(0)} back and Ready`, WAIT, () => {
    const p = get({ apiVersion: 'v1', kind: 'Pod', metadata: { name: podName(0), namespace: ns } });
    return p?.metadata.uid !== old.metadata.uid && ready(p) && p;
  });
  figures.push([`per-replica pod 0 deleted (node cordoned, then uncordoned) to Ready`, `${seconds(deleted)} s`]);
  const back = get({ apiVersion: 'v1', kind: 'Pod', metadata: { name: podName(0), namespace: ns } })!;
  assert.equal(back.spec.nodeName, home);
  const listed = await through(ns, podName(0), api.port, (base) => reminders.titles(`${base}/api/Reminder/all`));
  assert.equal(listed.get(own.id), own.title, 'pod 0 came back with its data');
  t.diagnostic(`${podName(0)} back on ${home} with its reminder "${own.title}"`);
});

test('every acknowledged reminder kept; figures', async (t) => {
  await reminders.noneLost(t, `${webUrl}/GetAllReminders`, `the book's web through 127.0.0.1:${NODE_PORT}`);
  for (const [what, value] of figures) t.diagnostic(`${what}: ${value}`);
});
