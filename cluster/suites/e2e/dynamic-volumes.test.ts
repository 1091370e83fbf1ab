// config/examples/dynamic.yaml, the layout for clusters with a storage class,
// on the local cluster's provisioner (local-path-provisioner, default class
// `standard`, started by cluster:up), in a namespace of its own: one claim per
// replica, each Bound to a volume made for it under the node's own directory,
// every pod Ready and writing it as its non-root user, data kept when a pod is
// deleted, and the directories removed with the claims.
//
// Run by `npm run test:e2e`. Traffic stays between this machine and the
// cluster's pods; every wait is bounded.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { apiImageContract as api } from '../../../api/src/image-contract';
import { type KObject, get, kubectl, list, loadDir, ready, waitFor } from '../../harness/kube';
import { clusterState, http } from '../../harness/cluster';

const REPO = path.resolve(__dirname, '../../..');
process.env.KUBECONFIG ??= path.join(REPO, '.cluster', 'kubeconfig');
const WAIT = 240;
const NS = 'remind-me-dynamic';
/** Where the node keeps the provisioned volumes (its /var/lib/local-path-provisioner). */
const VOLUMES = path.join(REPO, '.cluster', 'node', 'var', 'lib', 'local-path-provisioner');
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

// The example overlay as it is, in a namespace of its own.
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'remind-me-dynamic-'));
after(() => fs.rmSync(out, { recursive: true, force: true }));
const overlay = path.join(out, 'overlay.yaml');
fs.writeFileSync(overlay, `${fs.readFileSync(path.join(REPO, 'config/examples/dynamic.yaml'), 'utf8')}\nnamespace: ${NS}\n`);
const synth = spawnSync('npm', ['run', '--silent', 'synth'], {
  cwd: REPO, encoding: 'utf8', timeout: 300_000,
  env: { ...process.env, REMIND_ME_CONFIG: overlay, CDK8S_OUTDIR: path.join(out, 'dist') },
});
assert.equal(synth.status, 0, synth.stderr);
const layout = loadDir(path.join(out, 'dist'));
const sts = layout.objects.find((o) => o.kind === 'StatefulSet')!;
const ordinals = [...Array(sts.spec.replicas as number).keys()];
const pod = (i: number) => `${sts.metadata.name}-${i}`;
const getPod = (i: number) => get({ apiVersion: 'v1', kind: 'Pod', metadata: { name: pod(i), namespace: NS } });
const claim = (i: number) => get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `${sts.spec.volumeClaimTemplates[0].metadata.name}-${pod(i)}`, namespace: NS } });
const apiUrl = (i: number) => `http://${getPod(i)!.status.podIP}:${api.port}/api/Reminder`;
let volumes: KObject[] = [];

test('the default StorageClass is `standard`, provisioned on the node, made when a pod needs it, deleted with its claim', (t) => {
  assert.equal(clusterState().NODE, '1', 'this suite needs a whole cluster with a node: npm run test:e2e');
  const sc = get({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' } });
  assert.ok(sc, 'no StorageClass standard');
  assert.equal(sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'], 'true');
  assert.equal(sc.volumeBindingMode, 'WaitForFirstConsumer');
  assert.equal(sc.reclaimPolicy, 'Delete');
  t.diagnostic(`StorageClass standard: ${sc.provisioner}, ${sc.volumeBindingMode}, ${sc.reclaimPolicy}, default`);
  assert.deepEqual(layout.objects.filter((o) => o.kind === 'PersistentVolume'), [], 'the overlay makes no volume of its own');
  assert.equal(sts.spec.volumeClaimTemplates[0].spec.storageClassName, 'standard');
});

test(`config/examples/dynamic.yaml in namespace ${NS}: every claim Bound to a volume made for it, every API pod Ready`, async (t) => {
  const applied = Date.now();
  kubectl(['apply', ...layout.files.flatMap((f) => ['-f', f])]);
  await waitFor('every API pod Ready', WAIT, () => get(sts)?.status?.readyReplicas === sts.spec.replicas && ordinals.every((i) => ready(getPod(i))));
  t.diagnostic(`apply to ${ordinals.length} claims Bound and ${ordinals.length} API pods Ready: ${seconds(applied)} s`);
  const claims = ordinals.map(claim);
  assert.deepEqual(claims.map((c) => c?.status.phase), ordinals.map(() => 'Bound'));
  volumes = claims.map((c) => get({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: c!.spec.volumeName } })!);
  assert.equal(new Set(volumes.map((v) => v.metadata.name)).size, ordinals.length, 'one volume per claim');
  for (const v of volumes) {
    assert.equal(v.spec.storageClassName, 'standard');
    assert.equal(v.metadata.annotations?.['pv.kubernetes.io/provisioned-by'], 'rancher.io/local-path');
    const where: string = v.spec.local.path;
    assert.ok(where.startsWith('/var/lib/local-path-provisioner/'), `${v.metadata.name} at ${where}`);
    // The node's directory is the cluster's own, under .cluster/: the machine's is untouched.
    const dir = path.join(VOLUMES, path.basename(where));
    const stat = fs.statSync(dir);
    assert.equal(stat.gid, api.gid, `${dir}: the pod's fsGroup owns the volume`);
    t.diagnostic(`${v.spec.claimRef.name} -> ${v.metadata.name}: ${where} on the node (.cluster/node/var/lib/local-path-provisioner/${path.basename(where)}, mode ${(stat.mode & 0o7777).toString(8)}, group ${stat.gid}), holds ${fs.readdirSync(dir).join(' ')}`);
    assert.ok(fs.readdirSync(dir).includes('reminder.db'), `${dir}: the API (user ${api.uid}) wrote its database`);
  }
});

test('a reminder saved in pod 1 is still there after pod 1 is deleted', async (t) => {
  const r = await http(apiUrl(1), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Kept on a provisioned volume', dueDate: '2026-12-01T09:00:00Z' }),
  });
  assert.equal(r.status, 201, r.body);
  const saved = JSON.parse(r.body);
  const old = getPod(1)!.metadata.uid;
  const deleted = Date.now();
  kubectl(['delete', 'pod', '-n', NS, pod(1)]);
  await waitFor(`${pod(1)} back and Ready`, WAIT, () => {
    const p = getPod(1);
    return p && p.metadata.uid !== old && ready(p);
  });
  const listed = await waitFor(`${pod(1)} answering`, 30, () => http(`${apiUrl(1)}/all`).then((x) => x.status === 200 && JSON.parse(x.body)).catch(() => undefined));
  assert.ok(listed.some((x: any) => x.id === saved.id), `${pod(1)} lost ${saved.id}`);
  assert.equal(claim(1)!.spec.volumeName, volumes[1].metadata.name, 'the same volume');
  t.diagnostic(`${pod(1)} deleted, Ready again after ${seconds(deleted)} s on ${volumes[1].metadata.name}, reminder ${saved.id} listed`);
});

test('deleting the namespace deletes the claims, their volumes and their directories', async (t) => {
  const deleted = Date.now();
  kubectl(['delete', 'namespace', NS, '--wait=true', '--timeout=180s']);
  // The provisioner's helper pods remove the directories, then are removed themselves.
  await waitFor('the provisioned volumes, their directories and the helper pods gone', WAIT, () => volumes.every((v) =>
    !get(v) && !fs.existsSync(path.join(VOLUMES, path.basename(v.spec.local.path)))) && list('pods', 'local-path-storage').length === 0);
  t.diagnostic(`namespace, ${volumes.length} claims, volumes and directories gone ${seconds(deleted)} s after the delete`);
});
