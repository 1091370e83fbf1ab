// Node suite: what the node does for any workload, proven with a test image
// made here (hello.c, one static program) so it needs none of the project's
// images: a "restricted" pod runs as its user with no capability, writes a
// hostPath volume the operators prepared, answers through the NodePort on
// 127.0.0.1, its ClusterIP and its per-pod DNS name, and keeps its data when
// deleted. kubectl logs, exec and port-forward reach it through the kubelet.
//
// Run by `npm run test:e2e` with the walkthrough. Against a whole cluster already up:
//   node --import tsx --test-reporter spec cluster/suites/node/*.test.ts
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type KObject, get, kubectl, ready, run, waitFor } from '../../harness/kube';
import { answer, clusterState, http, onNode, serveLocally } from '../../harness/cluster';

const SCRIPTS = path.resolve(__dirname, '../..');
const WAIT = 120;
const NS = 'node-check';
const IMAGE = 'localhost/remind-me/hello:1';
const USER = 10001;
const DATA = '/data/node-check';
const PORT = 8080;

const labels = { app: 'hello' };
const objects: KObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
  {
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'node-check' },
    spec: {
      capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'node-check',
      hostPath: { path: DATA, type: 'Directory' }, claimRef: { name: 'hello', namespace: NS },
    },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'hello', namespace: NS },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'node-check', volumeName: 'node-check', resources: { requests: { storage: '1Gi' } } },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'hello', namespace: NS }, spec: { clusterIP: 'None', selector: labels, ports: [{ port: PORT }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'hello-np', namespace: NS }, spec: { type: 'NodePort', selector: labels, ports: [{ port: PORT }] } },
  {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'hello', namespace: NS },
    spec: {
      serviceName: 'hello', replicas: 1, selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: USER, runAsGroup: USER, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'hello', image: IMAGE, imagePullPolicy: 'Never',
            args: ['serve', String(PORT), '/data/hits'],
            ports: [{ containerPort: PORT }],
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            resources: { requests: { cpu: '10m', memory: '8Mi' }, limits: { memory: '32Mi' } },
            readinessProbe: { tcpSocket: { port: PORT }, periodSeconds: 1 },
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          }],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'hello' } }],
        },
      },
    },
  },
];
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hello-0', namespace: NS } };
/** Objects as one JSON document, for kubectl's stdin. */
const asList = (items: KObject[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
/** The first node's address and pod range, as env.sh gives them to the scripts. */
const firstNode = () => {
  const [NODE_IP, NODE_POD_CIDR] = execFileSync('bash', ['-c', 'source "$1" && echo "$NODE_IP $NODE_POD_CIDR"', 'env', path.join(SCRIPTS, 'env.sh')],
    { encoding: 'utf8' }).trim().split(' ');
  return { NODE_IP, NODE_POD_CIDR };
};

before(() => {
  assert.equal(clusterState().NODE, '1', 'this suite needs a whole cluster with a node: npm run test:e2e');
  // The test image, built and imported into the node as an operator loads any image.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remind-me-hello-'));
  try {
    execFileSync('gcc', ['-Os', '-Wall', '-Werror', '-static', '-o', path.join(dir, 'hello'), path.join(__dirname, 'hello.c')]);
    execFileSync(path.join(SCRIPTS, 'node/oci-image.sh'), [path.join(dir, 'hello.tar'), IMAGE, '65534', '/hello', path.join(dir, 'hello')]);
    execFileSync(path.join(SCRIPTS, 'node/images.sh'), [path.join(dir, 'hello.tar')]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
after(() => {
  run(['delete', '--ignore-not-found', '--wait=false', '-f', '-'], { input: asList(objects) });
});

test('the node is Ready: kubelet of the pinned release on containerd, at its own address', (t) => {
  const node = JSON.parse(kubectl(['get', 'nodes', '-o', 'json'])).items;
  assert.equal(node.length, 1, 'one node');
  const info = node[0].status.nodeInfo;
  const pinned = /k8s\.io\/kubernetes (v1\.\d+\.\d+)/.exec(fs.readFileSync(path.join(SCRIPTS, 'go.mod'), 'utf8'))![1];
  assert.equal(info.kubeletVersion, pinned);
  assert.match(info.containerRuntimeVersion, /^containerd:\/\//);
  const address = node[0].status.addresses.find((a: any) => a.type === 'InternalIP').address;
  const { NODE_IP, NODE_POD_CIDR } = firstNode();
  assert.equal(address, NODE_IP);
  assert.ok(ready(node[0]));
  t.diagnostic(`node ${node[0].metadata.name}: Ready, kubelet ${info.kubeletVersion}, ${info.containerRuntimeVersion}, ` +
    `InternalIP ${address}, pods on ${NODE_POD_CIDR}, kernel ${info.kernelVersion}`);
});

test('a pod breaking "restricted" is refused; the restricted StatefulSet runs on the prepared hostPath volume', async (t) => {
  onNode(['install', '-d', '-o', String(USER), '-g', String(USER), DATA]);
  kubectl(['apply', '-f', '-'], { input: asList(objects.slice(0, 1)) });
  const bare = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: NS }, spec: { containers: [{ name: 'c', image: IMAGE }] } };
  const refused = run(['create', '-f', '-'], { input: JSON.stringify(bare) });
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /violates PodSecurity "restricted/);
  kubectl(['apply', '-f', '-'], { input: asList(objects.slice(1)) });
  const p = await waitFor('hello-0 Ready', WAIT, () => { const p = get(pod); return ready(p) && p; });
  assert.equal(p.status.containerStatuses[0].restartCount, 0);
  t.diagnostic(`bare pod refused: ${refused.stderr.trim().split('\n')[0]}`);
  t.diagnostic(`hello-0 Ready on ${p.spec.nodeName} at ${p.status.podIP}`);
});

test('kubectl exec, logs, port-forward: the process runs as its user, no capability, no new privileges, seccomp', async (t) => {
  const status = kubectl(['exec', '-n', NS, 'hello-0', '--', '/hello', 'status']);
  t.diagnostic(`kubectl exec hello-0 -- /hello status: ${status.trim().replace(/\s+/g, ' ')}`);
  assert.match(status, new RegExp(`uid ${USER} gid ${USER}`));
  assert.match(status, /CapEff:\s+0000000000000000/);
  assert.match(status, /NoNewPrivs:\s+1/);
  assert.match(status, /Seccomp:\s+2/);
  const logs = kubectl(['logs', '-n', NS, 'hello-0']);
  assert.match(logs, new RegExp(`serving on port ${PORT}`));
  const forward = await serveLocally(['port-forward', '-n', NS, 'pod/hello-0', `:${PORT}`]);
  try {
    const r = await http(`http://127.0.0.1:${forward.port}/`);
    assert.match(r.body, /^hello from hello-0 /);
    t.diagnostic(`kubectl logs: ${logs.trim()}; port-forward 127.0.0.1:${forward.port}: ${r.body.trim()}`);
  } finally {
    forward.close();
  }
});

test('the NodePort on 127.0.0.1 and the ClusterIP answer; the write lands in the node\'s /data only', async (t) => {
  const svc = get(objects.find((o) => o.metadata.name === 'hello-np')!)!;
  const nodePort = svc.spec.ports[0].nodePort;
  const viaNodePort = await answer(`http://127.0.0.1:${nodePort}/`);
  const viaClusterIP = await answer(`http://${svc.spec.clusterIP}:${PORT}/`);
  assert.equal(viaNodePort.status, 200);
  assert.equal(viaClusterIP.status, 200);
  const hits = onNode(['cat', `${DATA}/hits`]);
  assert.match(hits, /hello from hello-0/);
  assert.equal(fs.existsSync('/data/node-check'), false, "the machine's own /data is untouched");
  t.diagnostic(`127.0.0.1:${nodePort} -> ${viaNodePort.body.trim()}; ${svc.spec.clusterIP}:${PORT} -> ${viaClusterIP.body.trim()}`);
  t.diagnostic(`on the node, ${DATA}/hits holds ${hits.trim().split('\n').length} lines`);
});

test('CoreDNS behind kube-dns answers the per-pod name, the headless and the NodePort Service', async (t) => {
  const dns = get({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'kube-dns', namespace: 'kube-system' } })!;
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([dns.spec.clusterIP]);
  const podIP = get(pod)!.status.podIP;
  const clusterIP = get(objects.find((o) => o.metadata.name === 'hello-np')!)!.spec.clusterIP;
  const answers: [string, string[]][] = [
    [`hello-0.hello.${NS}.svc.cluster.local`, [podIP]],
    [`hello.${NS}.svc.cluster.local`, [podIP]],
    [`hello-np.${NS}.svc.cluster.local`, [clusterIP]],
  ];
  for (const [name, expected] of answers) {
    assert.deepEqual(await resolver.resolve4(name), expected, name);
    t.diagnostic(`${name} -> ${expected.join(' ')} (asked kube-dns ${dns.spec.clusterIP})`);
  }
});

test('the pod deleted is recreated under its name with its data', async (t) => {
  const old = get(pod)!;
  kubectl(['delete', 'pod', '-n', NS, 'hello-0']);
  await waitFor('hello-0 recreated and Ready', WAIT, () => {
    const p = get(pod);
    return p?.metadata.uid !== old.metadata.uid && ready(p);
  });
  const forward = await serveLocally(['port-forward', '-n', NS, 'pod/hello-0', `:${PORT}`]);
  try {
    assert.match((await http(`http://127.0.0.1:${forward.port}/`)).body, /^hello from hello-0 1\n$/);
  } finally {
    forward.close();
  }
  const hits = onNode(['cat', `${DATA}/hits`]).trim().split('\n');
  assert.ok(hits.length >= 4, `earlier lines kept: ${hits}`);
  t.diagnostic(`hello-0 recreated (new uid), ${DATA}/hits kept its ${hits.length - 1} earlier lines and got one more`);
});
