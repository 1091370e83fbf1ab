// Control-plane suite: every synthesized configuration against a real control
// plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler; no
// node, so pods are created but stay Pending).
//
// Run by `npm run test:cluster` (with every other *.test.ts of this directory,
// against one cluster). Against a cluster already up (`cluster:up --control-plane-only`):
//   node --import tsx --test-reporter spec cluster/suites/control-plane/*.test.ts
// Each check prints what it saw (ℹ lines under the test's name).
// Checks of other ways to apply the charts (kustomize, Helm) belong in files of
// their own next to this one: every *.test.ts here runs against the same cluster.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  type KObject, get, kubectl, kubectlClients, list, loadDir, matches, run, show, toYaml, waitFor,
} from '../../harness/kube';

const REPO = path.resolve(__dirname, '../../..');
process.env.KUBECONFIG ??= path.join(REPO, '.cluster', 'kubeconfig');

// Bounded waits: the controllers act within seconds; this leaves room for a busy CI machine.
const WAIT = 90;

interface Config {
  name: string;
  overlay?: string; // config/examples/<name>.yaml; none for the chapter's dist/
  dir: string;
  files: string[];
  objects: KObject[];
  error?: string; // why the output could not be synthesized or read
  applied?: boolean; // set once the apply test passed; later checks need it
}

const chapter: Config = { name: 'chapter layout', dir: path.join(REPO, 'dist'), files: [], objects: [] };
const alternatives: Config[] = fs
  .readdirSync(path.join(REPO, 'config', 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ name: f.replace(/\.yaml$/, ''), overlay: `config/examples/${f}`, dir: '', files: [], objects: [] }));

// Every configuration is synthesized and read before the tests are declared,
// so the tests can follow what each output contains; failures are reported by
// the first test of that configuration.
const load = (c: Config) => {
  try {
    Object.assign(c, loadDir(c.dir));
    if (!c.objects.length) c.error = `no objects in ${c.dir}`;
  } catch (e) {
    c.error = String(e);
  }
};
if (fs.existsSync(chapter.dir)) load(chapter);
else chapter.error = 'no dist/: run `npm run synth` first';
for (const c of alternatives) {
  c.dir = fs.mkdtempSync(path.join(os.tmpdir(), `remind-me-${c.name}-`));
  const r = spawnSync('npm', ['run', '--silent', 'synth'], {
    cwd: REPO, encoding: 'utf8', timeout: 300_000,
    env: { ...process.env, REMIND_ME_CONFIG: c.overlay, CDK8S_OUTDIR: c.dir },
  });
  if (r.status === 0) load(c);
  else c.error = `synth failed:\n${r.stderr}${r.stdout}`;
}
after(() => alternatives.forEach((c) => fs.rmSync(c.dir, { recursive: true, force: true })));

// --- small readers of a configuration ----------------------------------------

const of = (c: Config, kind: string) => c.objects.filter((o) => o.kind === kind);
const nsOf = (o: KObject) => o.metadata.namespace ?? 'default';
const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o));

/** The ordinals whose pods the StatefulSet controller creates without a node:
 *  all at once with Parallel; with OrderedReady only 0, as 1 waits for 0 to be Ready. */
function ordinals(sts: KObject): number[] {
  const n: number = sts.spec.replicas ?? 1;
  if (sts.spec.podManagementPolicy === 'Parallel') return [...Array(n).keys()];
  return n > 0 ? [0] : [];
}

interface Claim {
  namespace: string;
  name: string;
  spec: any;
  template?: { sts: KObject; pod: string; volume: string };
}

/** Claims the chart makes, and the ones its claim templates make for the pods that will exist. */
function claims(c: Config): Claim[] {
  const out: Claim[] = of(c, 'PersistentVolumeClaim').map((p) => ({ namespace: nsOf(p), name: p.metadata.name, spec: p.spec }));
  for (const sts of of(c, 'StatefulSet')) {
    for (const tpl of sts.spec.volumeClaimTemplates ?? []) {
      for (const i of ordinals(sts)) {
        const pod = `${sts.metadata.name}-${i}`;
        out.push({ namespace: nsOf(sts), name: `${tpl.metadata.name}-${pod}`, spec: tpl.spec, template: { sts, pod, volume: tpl.metadata.name } });
      }
    }
  }
  return out;
}

/** The static volume meant for a claim: named by the claim, or reserving it by claimRef. */
function intendedVolume(c: Config, claim: Claim): KObject | undefined {
  const pvs = of(c, 'PersistentVolume');
  if (claim.spec.volumeName) {
    const pv = pvs.find((v) => v.metadata.name === claim.spec.volumeName);
    assert.ok(pv, `claim ${claim.name} names volume ${claim.spec.volumeName}, which the chart does not make`);
    return pv;
  }
  return pvs.find((v) => v.spec.claimRef?.name === claim.name && (v.spec.claimRef.namespace ?? 'default') === claim.namespace);
}

function getClaim(claim: Claim): KObject | undefined {
  return get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim.name, namespace: claim.namespace } });
}

/** resourceVersion of the cluster's copy of every object of the configuration (one request). */
function versions(c: Config): Record<string, string | undefined> {
  const live: KObject[] = JSON.parse(kubectl(['get', '-o', 'json', ...c.files.flatMap((f) => ['-f', f])])).items;
  return Object.fromEntries(live.map((o) => [show(o), o.metadata.resourceVersion]));
}

/** Server-side apply of each output file, as the README tells users to. */
function applyFiles(c: Config, opts: { kubectl?: string; dryRun?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const f of c.files) {
    const args = ['apply', '--server-side', '-f', f];
    if (opts.dryRun) args.push('--dry-run=server');
    lines.push(...kubectl(args, { kubectl: opts.kubectl }).trim().split('\n'));
  }
  return lines;
}

/** Applies changed objects and expects Kubernetes to refuse; returns its message. */
function refused(changed: KObject[], expect: RegExp): string {
  const before = changed.map((o) => get(o)?.metadata.resourceVersion);
  const r = run(['apply', '--server-side', '-f', '-'], { input: toYaml(changed) });
  assert.notEqual(r.code, 0, `the change was accepted:\n${r.stdout}`);
  const message = r.stderr.trim();
  assert.match(message, expect);
  assert.deepEqual(changed.map((o) => get(o)?.metadata.resourceVersion), before, 'a refused change must leave the objects as they were');
  return message;
}

// --- the checks, per configuration -------------------------------------------

/** What a check needs before it can run: `applied`, the configuration's
 *  objects in the cluster (a check needing it fails at once when the apply
 *  failed, instead of waiting out its deadlines for objects that never come). */
type Need = 'applied';
type Check = (name: string, needs: Need[], fn: (t: TestContext) => void | Promise<void>) => void;

function checkConfiguration(c: Config, more?: (check: Check) => void): void {
  const title = (s: string) => `${c.name}: ${s}`;
  const check: Check = (name, needs, fn) =>
    test(name, async (t) => {
      if (needs.includes('applied')) assert.ok(c.applied, `${c.name} was not applied (see the failed test above)`);
      await fn(t);
    });

  check(title('server-side dry run of every object succeeds and creates nothing'), [], (t) => {
    assert.ok(c.objects.length > 0, `no objects loaded from ${c.dir}`);
    const present = c.objects.filter((o) => o.kind !== 'Namespace' && get(o));
    assert.deepEqual(present.map(show), [], 'the cluster already holds objects of this configuration: start from a fresh one (npm run test:cluster)');
    // A dry run cannot create the namespace its other objects live in: a
    // Namespace the chart makes is applied for real first, any other is created.
    const namespaces = of(c, 'Namespace');
    if (namespaces.length) {
      kubectl(['apply', '--server-side', '-f', '-'], { input: toYaml(namespaces) });
      t.diagnostic(`applied the chart's Namespace ${namespaces.map((n) => n.metadata.name).join(', ')} first`);
    }
    for (const ns of new Set(c.objects.filter((o) => o.metadata.namespace).map(nsOf))) {
      if (!namespaces.some((n) => n.metadata.name === ns) && run(['get', 'namespace', ns]).code !== 0) {
        kubectl(['create', 'namespace', ns]);
        t.diagnostic(`created namespace ${ns} (the chart does not make it)`);
      }
    }
    const lines = applyFiles(c, { dryRun: true });
    lines.forEach((l) => t.diagnostic(l));
    for (const o of c.objects.filter((x) => x.kind !== 'Namespace')) {
      assert.equal(get(o), undefined, `${show(o)} exists after a dry run`);
    }
  });

  check(title('server-side apply of every file succeeds'), [], (t) => {
    applyFiles(c).forEach((l) => t.diagnostic(l));
    for (const o of c.objects) assert.ok(get(o), `${show(o)} is missing after apply`);
    c.applied = true;
    t.diagnostic(`${c.objects.length} objects from ${c.files.map((f) => path.basename(f)).join(', ')}`);
  });

  check(title('the PV controller binds every claim to its intended volume'), ['applied'], async (t) => {
    const all = claims(c);
    assert.ok(all.length > 0, 'the configuration makes no claim');
    for (const claim of all) {
      const pv = intendedVolume(c, claim);
      const made = claim.template ? `made by ${claim.template.sts.metadata.name}'s claim template` : 'made by the chart';
      if (!pv) {
        // Dynamic provisioning: nothing here provisions volumes, so the claim
        // stays Pending; the PV controller says why in an event.
        const event = await waitFor(`an event on claim ${claim.name}`, WAIT, () => {
          const events = JSON.parse(kubectl(['get', 'events', '-n', claim.namespace, '-o', 'json',
            '--field-selector', `involvedObject.kind=PersistentVolumeClaim,involvedObject.name=${claim.name}`])).items;
          return events.length ? events[events.length - 1] : undefined;
        });
        const pvc = getClaim(claim)!;
        assert.equal(pvc.status.phase, 'Pending');
        assert.ok(pvc.spec.storageClassName, 'a claim without a static volume needs a storage class');
        t.diagnostic(`claim ${claim.namespace}/${claim.name} (${made}, class ${pvc.spec.storageClassName}) is Pending: ` +
          `no provisioner runs in this control plane. ${event.reason}: ${event.message}`);
        continue;
      }
      const pvc = await waitFor(`claim ${claim.name} Bound to ${pv.metadata.name}`, WAIT, () => {
        const p = getClaim(claim);
        return p?.status?.phase === 'Bound' && p.spec.volumeName === pv.metadata.name && p;
      });
      const live = get(pv)!;
      assert.equal(live.status.phase, 'Bound');
      assert.equal(live.spec.claimRef.uid, pvc.metadata.uid, 'the volume is bound to this very claim');
      assert.deepEqual(live.spec.hostPath, pv.spec.hostPath);
      assert.equal(live.spec.storageClassName, pvc.spec.storageClassName);
      t.diagnostic(`claim ${claim.namespace}/${claim.name} (${made}) Bound to ${pv.metadata.name}: ` +
        `hostPath ${live.spec.hostPath.path}, class ${live.spec.storageClassName}, ` +
        `${live.spec.capacity.storage} for ${pvc.spec.resources.requests.storage} requested`);
    }
    // Static volumes for pods that do not exist yet stay reserved for their claims.
    for (const pv of of(c, 'PersistentVolume').filter((v) => !all.some((cl) => intendedVolume(c, cl) === v))) {
      const live = get(pv)!;
      assert.equal(live.status.phase, 'Available');
      t.diagnostic(`${pv.metadata.name} Available, reserved for claim ${pv.spec.claimRef?.name ?? '(any)'} (its pod does not exist yet)`);
    }
  });

  check(title('the StatefulSet controller creates the ordinal pods with the governing headless Service'), ['applied'], async (t) => {
    const sets = of(c, 'StatefulSet');
    assert.ok(sets.length > 0, 'the configuration makes no StatefulSet');
    for (const sts of sets) {
      const ns = nsOf(sts);
      const svc = c.objects.find((o) => o.kind === 'Service' && o.metadata.name === sts.spec.serviceName && nsOf(o) === ns);
      assert.ok(svc, `governing Service ${sts.spec.serviceName} is not in the output`);
      const liveSvc = get(svc)!;
      assert.equal(liveSvc.spec.clusterIP, 'None', 'the governing Service is headless');
      assert.ok(matches(liveSvc.spec.selector, sts.spec.template.metadata.labels), 'the Service selects the pods');
      for (const i of ordinals(sts)) {
        const name = `${sts.metadata.name}-${i}`;
        const pod = await waitFor(`pod ${name}`, WAIT, () => get({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns } }));
        assert.ok(matches(sts.spec.selector.matchLabels, pod.metadata.labels), 'the pod carries the selector labels');
        assert.equal(pod.metadata.ownerReferences?.[0]?.name, sts.metadata.name);
        assert.equal(pod.spec.hostname, name);
        assert.equal(pod.spec.subdomain, sts.spec.serviceName);
        for (const tpl of sts.spec.volumeClaimTemplates ?? []) {
          const v = pod.spec.volumes.find((x: any) => x.name === tpl.metadata.name);
          assert.equal(v?.persistentVolumeClaim?.claimName, `${tpl.metadata.name}-${name}`);
        }
        assert.equal(pod.status.phase, 'Pending');
        t.diagnostic(`pod ${ns}/${name} created: DNS name ${name}.${sts.spec.serviceName}.${ns}.svc, ` +
          `phase Pending (no node)`);
      }
      const n = sts.spec.replicas ?? 1;
      if (ordinals(sts).length < n) {
        // Let the controller settle, then show it holds back the next ordinal.
        await waitFor(`${sts.metadata.name} status`, WAIT, () => {
          const s = get(sts)!;
          return s.status?.observedGeneration === s.metadata.generation && s.status?.replicas === ordinals(sts).length;
        });
        const next = `${sts.metadata.name}-${ordinals(sts).length}`;
        assert.equal(get({ apiVersion: 'v1', kind: 'Pod', metadata: { name: next, namespace: ns } }), undefined);
        t.diagnostic(`${next} not created: ${sts.spec.podManagementPolicy ?? 'OrderedReady'} waits for the previous pod to be Ready (${n} replicas wanted)`);
      }
    }
  });

  check(title('the Deployment controller creates the replicas'), ['applied'], async (t) => {
    for (const d of of(c, 'Deployment')) {
      const pods = await waitFor(`${d.spec.replicas} pods of ${d.metadata.name}`, WAIT, () => {
        const p = list('pods', nsOf(d), d.spec.selector.matchLabels);
        return p.length === (d.spec.replicas ?? 1) && p;
      });
      t.diagnostic(`${d.metadata.name}: pods ${pods.map((p) => `${p.metadata.name} (${p.status.phase})`).join(', ')}`);
    }
  });

  check(title('Services get their cluster IP and the NodePort is allocated'), ['applied'], (t) => {
    for (const svc of of(c, 'Service')) {
      const live = get(svc)!;
      if (svc.spec.clusterIP === 'None') {
        assert.equal(live.spec.clusterIP, 'None');
        t.diagnostic(`${svc.metadata.name}: headless`);
        continue;
      }
      assert.match(live.spec.clusterIP, /^10\.96\.\d+\.\d+$/, 'a cluster IP from the service range');
      for (const port of svc.spec.ports.filter(() => svc.spec.type === 'NodePort')) {
        const livePort = live.spec.ports.find((p: any) => p.name === port.name);
        if (port.nodePort) assert.equal(livePort.nodePort, port.nodePort);
        assert.ok(livePort.nodePort >= 30000 && livePort.nodePort <= 32767);
        // The port is really taken: a second Service asking for it is refused.
        const copy = clone(svc);
        copy.metadata = { name: `${svc.metadata.name}-copy`, namespace: nsOf(svc) };
        copy.spec.ports = [{ ...port, nodePort: livePort.nodePort }];
        const r = run(['create', '--dry-run=server', '-f', '-'], { input: JSON.stringify(copy) });
        assert.notEqual(r.code, 0, 'a second Service got the same NodePort');
        assert.match(r.stderr, /already allocated/);
        t.diagnostic(`${svc.metadata.name}: ${live.spec.type} ${live.spec.clusterIP}, nodePort ${livePort.nodePort} allocated ` +
          `(a second claim on it: ${r.stderr.trim().replace(/^.*?: /, '')})`);
      }
      if (svc.spec.type !== 'NodePort') t.diagnostic(`${svc.metadata.name}: ${live.spec.type} ${live.spec.clusterIP}`);
    }
  });

  check(title('NetworkPolicies and PodDisruptionBudgets are accepted and select the pods'), ['applied'], async (t) => {
    for (const np of of(c, 'NetworkPolicy')) {
      const live = get(np)!;
      const selected = list('pods', nsOf(np), live.spec.podSelector.matchLabels);
      assert.ok(selected.length > 0, `${np.metadata.name} selects no pod`);
      const peers = (live.spec.ingress ?? []).flatMap((r: any) => r.from ?? []).filter((p: any) => p.podSelector && !p.namespaceSelector);
      for (const peer of peers) {
        const clients = list('pods', nsOf(np), peer.podSelector.matchLabels ?? {});
        assert.ok(clients.length > 0, `${np.metadata.name} admits ${JSON.stringify(peer.podSelector)}, which matches no pod`);
      }
      t.diagnostic(`NetworkPolicy ${np.metadata.name}: applies to ${selected.length} pods` +
        (peers.length ? `, admits traffic from pods that exist (${peers.map((p: any) => JSON.stringify(p.podSelector.matchLabels)).join(', ')})` : ''));
    }
    for (const pdb of of(c, 'PodDisruptionBudget')) {
      // The disruption controller resolves the selector to pods and their owner.
      const live = await waitFor(`${pdb.metadata.name} status`, WAIT, () => {
        const p = get(pdb)!;
        return p.status?.observedGeneration === p.metadata.generation && p.status.expectedPods > 0 && p;
      });
      t.diagnostic(`PodDisruptionBudget ${pdb.metadata.name}: maxUnavailable ${live.spec.maxUnavailable}, ` +
        `expected pods ${live.status.expectedPods}, healthy ${live.status.currentHealthy}, disruptions allowed ${live.status.disruptionsAllowed}`);
    }
  });

  check(title('Secrets and ConfigMaps exist with the intended keys and values'), ['applied'], (t) => {
    for (const o of [...of(c, 'Secret'), ...of(c, 'ConfigMap')]) {
      const live = get(o)!;
      const b64 = o.kind === 'Secret';
      const want: Record<string, string> = { ...o.data };
      for (const [k, v] of Object.entries<string>(o.stringData ?? {})) want[k] = b64 ? Buffer.from(v).toString('base64') : v;
      assert.deepEqual(live.data, want);
      t.diagnostic(`${o.kind} ${o.metadata.name}: keys ${Object.keys(live.data).join(', ')}`);
    }
  });

  if (of(c, 'Namespace').length) {
    check(title('the Namespace enforces its Pod Security level on pods'), ['applied'], (t) => {
      for (const n of of(c, 'Namespace')) {
        const level = n.metadata.labels?.['pod-security.kubernetes.io/enforce'];
        assert.ok(level, `namespace ${n.metadata.name} has no enforce label`);
        // The chart's own pods were admitted (checked above); a pod without
        // any security context is refused, so the label is really enforced.
        const bare = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: n.metadata.name }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } };
        const r = run(['create', '--dry-run=server', '-f', '-'], { input: JSON.stringify(bare) });
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /violates PodSecurity/);
        t.diagnostic(`namespace ${n.metadata.name} enforces "${level}"; a bare pod is refused: ${r.stderr.trim().split('\n')[0]}`);
      }
    });
  }

  check(title('applying the same output again changes nothing'), ['applied'], (t) => {
    const before = versions(c);
    applyFiles(c);
    assert.deepEqual(versions(c), before, 'a re-apply changed a resourceVersion');
    const diff = run(['diff', '--server-side', ...c.files.flatMap((f) => ['-f', f])]);
    assert.equal(diff.code, 0, `kubectl diff found changes:\n${diff.stdout}${diff.stderr}`);
    t.diagnostic(`${Object.keys(before).length} resourceVersions unchanged; kubectl diff --server-side: no differences`);
  });

  more?.(check);

  check(title('deleting the configuration removes it; claims kept by the retention policy are deleted explicitly'), [], async (t) => {
    kubectl(['delete', '--wait=false', '--ignore-not-found', ...c.files.flatMap((f) => ['-f', f])]);
    const doomedNamespaces = of(c, 'Namespace').map((n) => n.metadata.name);
    for (const claim of claims(c).filter((cl) => cl.template && !doomedNamespaces.includes(cl.namespace))) {
      const policy = claim.template!.sts.spec.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? 'Retain';
      if (policy === 'Retain' && c.applied) {
        // Give the garbage collector time to act on the deleted StatefulSet first.
        await waitFor(`pods of ${claim.template!.sts.metadata.name} gone`, WAIT, () =>
          !get({ apiVersion: 'v1', kind: 'Pod', metadata: { name: claim.template!.pod, namespace: claim.namespace } }));
        assert.ok(getClaim(claim), `claim ${claim.name} should outlive its StatefulSet (whenDeleted: Retain)`);
        t.diagnostic(`claim ${claim.name} kept after its StatefulSet was deleted (whenDeleted: Retain); deleting it`);
      }
      kubectl(['delete', 'pvc', claim.name, '-n', claim.namespace, '--wait=false', '--ignore-not-found']);
    }
    await waitFor('every object of the configuration gone', WAIT, () => c.objects.every((o) => !get(o)));
    await waitFor('every claim gone', WAIT, () => claims(c).every((cl) => !getClaim(cl)));
    t.diagnostic(`${c.objects.length} objects and ${claims(c).length} claims deleted`);
  });
}

// --- the tests ---------------------------------------------------------------

test('control plane: kube-apiserver runs the release pinned in go.mod, RBAC enforced', (t) => {
  const pinned = /k8s\.io\/kubernetes (v1\.\d+\.\d+)/.exec(fs.readFileSync(path.join(__dirname, '../../go.mod'), 'utf8'))![1];
  const server = JSON.parse(kubectl(['version', '-o', 'json'])).serverVersion.gitVersion;
  assert.equal(server, pinned);
  assert.equal(run(['auth', 'can-i', 'list', 'secrets', '--as', 'someone-unbound']).stdout.trim(), 'no');
  assert.equal(run(['auth', 'can-i', '*', '*']).stdout.trim(), 'yes');
  const checks = kubectl(['get', '--raw', '/readyz?verbose']).split('\n').filter((l) => l.startsWith('[+]'));
  t.diagnostic(`kube-apiserver ${server}; ${checks.length} readiness checks pass; a user without bindings may not list secrets; the admin may do anything`);
});

for (const c of [chapter, ...alternatives]) {
  test(`${c.name}: ${c.overlay ? `synthesized with REMIND_ME_CONFIG=${c.overlay}` : 'dist/ holds the synthesized output'}`, (t) => {
    assert.equal(c.error, undefined, c.error);
    t.diagnostic(`${c.objects.length} objects in ${c.files.map((f) => path.basename(f)).join(', ')}: ` +
      `${[...new Set(c.objects.map((o) => o.kind))].join(', ')}`);
  });
}

checkConfiguration(chapter, (check) => {
  const title = (s: string) => `${chapter.name}: ${s}`;

  check(title("the chapter's names and settings are in the cluster"), ['applied'], (t) => {
    const expected: [string, string, (o: KObject) => void][] = [
      ['Service', 'remind-me-api-svc', (o) => assert.equal(o.spec.clusterIP, 'None')],
      ['Secret', 'api-secret', (o) => assert.ok('appsettings.secrets.json' in o.data)],
      ['PersistentVolume', 'remind-me-api-pv-volume', (o) => {
        assert.equal(o.spec.hostPath.path, '/data');
        assert.equal(o.spec.storageClassName, 'hostpath');
      }],
      ['PersistentVolumeClaim', 'remind-me-api-pv-claim', (o) => assert.equal(o.spec.volumeName, 'remind-me-api-pv-volume')],
      ['StatefulSet', 'remindmeapi-statefulset', (o) => {
        assert.equal(o.spec.replicas, 3);
        assert.equal(o.spec.serviceName, 'remind-me-api-svc');
      }],
      ['Pod', 'remindmeapi-statefulset-0', (o) => assert.equal(o.spec.subdomain, 'remind-me-api-svc')],
      ['Service', 'remind-me-web-svc', (o) => {
        assert.equal(o.spec.type, 'NodePort');
        assert.equal(o.spec.ports[0].nodePort, 31120);
      }],
      ['Deployment', 'remindmeweb-deployment', () => undefined],
    ];
    for (const [kind, name, verify] of expected) {
      const o = get({ apiVersion: kind === 'StatefulSet' || kind === 'Deployment' ? 'apps/v1' : 'v1', kind, metadata: { name, namespace: kind === 'PersistentVolume' ? undefined : 'default' } });
      assert.ok(o, `${kind} ${name} is not in the cluster`);
      verify(o);
      t.diagnostic(`${kind} ${name}`);
    }
  });

  check(title('kubectl clients across the supported skew apply cleanly'), ['applied'], (t) => {
    const clients = kubectlClients();
    assert.equal(clients[0]?.version, '1.27', `kubectl.1.27 not found (found: ${clients.map((c) => c.version).join(', ') || 'none'})`);
    const before = versions(chapter);
    for (const client of [...clients, { version: 'default', path: 'kubectl' }]) {
      applyFiles(chapter, { kubectl: client.path });
      const v = JSON.parse(kubectl(['version', '--client', '-o', 'json'], { kubectl: client.path })).clientVersion.gitVersion;
      assert.deepEqual(versions(chapter), before, `kubectl ${v} changed objects`);
      t.diagnostic(`kubectl ${v} (${client.path}): server-side apply of ${chapter.files.length} files, nothing changed`);
    }
  });

  check(title('a new image tag is accepted and rolls out a new revision'), ['applied'], async (t) => {
    for (const o of [...of(chapter, 'StatefulSet'), ...of(chapter, 'Deployment')]) {
      const changed = clone(o);
      const container = changed.spec.template.spec.containers[0];
      const old = container.image;
      container.image = `${old.replace(/:[^:/]*$/, '')}:9.9.9-test`;
      kubectl(['apply', '--server-side', '-f', '-'], { input: toYaml([changed]) });
      const live = get(o)!;
      assert.equal(live.spec.template.spec.containers[0].image, container.image);
      // The workload's controller records the new template as a new revision.
      if (o.kind === 'StatefulSet') {
        await waitFor(`a new revision of ${o.metadata.name}`, WAIT, () => {
          const s = get(o)!;
          return s.status?.observedGeneration === s.metadata.generation && s.status.updateRevision !== s.status.currentRevision;
        });
      } else {
        await waitFor(`a ReplicaSet of ${o.metadata.name} with ${container.image}`, WAIT, () =>
          list('replicasets', nsOf(o), o.spec.selector.matchLabels).some((rs) => rs.spec.template.spec.containers[0].image === container.image));
      }
      t.diagnostic(`${show(o)}: ${old} -> ${container.image} accepted, new revision created`);
    }
    applyFiles(chapter); // back to the synthesized tags
    for (const o of [...of(chapter, 'StatefulSet'), ...of(chapter, 'Deployment')]) {
      assert.equal(get(o)!.spec.template.spec.containers[0].image, o.spec.template.spec.containers[0].image);
    }
    t.diagnostic('re-applying dist/ restored the synthesized tags');
  });

  check(title("changes Kubernetes refuses in place are reported with its own message"), ['applied'], (t) => {
    const sts = of(chapter, 'StatefulSet')[0];
    const deploy = of(chapter, 'Deployment')[0];
    const pv = of(chapter, 'PersistentVolume')[0];
    const pvc = of(chapter, 'PersistentVolumeClaim')[0];
    assert.ok(sts && deploy && pv && pvc, 'the chapter makes a StatefulSet, a Deployment, a volume and a claim');
    // The same StatefulSet with claim templates, from an overlay (storage.mode perReplica).
    const withTemplates = alternatives.flatMap((a) => of(a, 'StatefulSet'))
      .find((o) => o.metadata.name === sts.metadata.name && nsOf(o) === nsOf(sts) && o.spec.volumeClaimTemplates);
    assert.ok(withTemplates, 'no overlay makes this StatefulSet with claim templates (config/examples/per-replica.yaml)');
    const statefulSetSpec = /Forbidden: updates to statefulset spec for fields other than/;
    const cases: [string, KObject, RegExp][] = [
      ['StatefulSet selector (pod labels changed)', ((o) => {
        o.spec.selector.matchLabels.tier = 'changed';
        o.spec.template.metadata.labels.tier = 'changed';
        return o;
      })(clone(sts)), statefulSetSpec],
      ['StatefulSet claim templates (storage.mode shared -> perReplica)',
        withTemplates, statefulSetSpec],
      ['StatefulSet podManagementPolicy (OrderedReady -> Parallel)',
        ((o) => { o.spec.podManagementPolicy = 'Parallel'; return o; })(clone(sts)), statefulSetSpec],
      ['StatefulSet serviceName (governing Service renamed)',
        ((o) => { o.spec.serviceName = `${o.spec.serviceName}-renamed`; return o; })(clone(sts)), statefulSetSpec],
      ['Deployment selector (pod labels changed)', ((o) => {
        o.spec.selector.matchLabels.tier = 'changed';
        o.spec.template.metadata.labels.tier = 'changed';
        return o;
      })(clone(deploy)), /field is immutable/],
      ['PersistentVolume hostPath (path changed)',
        ((o) => { o.spec.hostPath.path = `${o.spec.hostPath.path}-moved`; return o; })(clone(pv)), /immutable after creation/],
      ['PersistentVolumeClaim storage class',
        ((o) => { o.spec.storageClassName = 'other'; return o; })(clone(pvc)), /immutable after creation/],
      ['PersistentVolumeClaim size (grown) on a static volume',
        ((o) => { o.spec.resources.requests.storage = '5Gi'; return o; })(clone(pvc)), /can be resized/],
    ];
    for (const [what, changed, expect] of cases) {
      const message = refused([changed], expect);
      t.diagnostic(`REFUSED ${what}:`);
      message.split('\n').forEach((l) => t.diagnostic(`    ${l}`));
    }
  });
});

for (const c of alternatives) {
  const templated = of(c, 'StatefulSet').filter((o) => o.spec.volumeClaimTemplates?.length);
  checkConfiguration(c, (check) => {
    for (const sts of templated) {
      check(`${c.name}: a changed claim template of ${sts.metadata.name} is refused with Kubernetes' own message`, ['applied'], (t) => {
        const changed = clone(sts);
        const requests = changed.spec.volumeClaimTemplates[0].spec.resources.requests;
        const size = requests.storage;
        requests.storage = '5Gi';
        const message = refused([changed], /Forbidden: updates to statefulset spec for fields other than/);
        t.diagnostic(`REFUSED StatefulSet claim template size (${size} -> 5Gi):`);
        message.split('\n').forEach((l) => t.diagnostic(`    ${l}`));
      });
    }
  });
}
