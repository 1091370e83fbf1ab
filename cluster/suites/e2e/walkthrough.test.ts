// The chapter's walkthrough on a whole local cluster (control plane, one node,
// kube-proxy, CoreDNS), step by step, printing what a reader sees at each of
// the chapter's figures (ℹ lines under each step).
//
// Run by `npm run test:e2e` (a fresh cluster, torn down afterwards). Against a
// whole cluster already up, without the charts' objects:
//   node --import tsx --test-reporter spec cluster/suites/e2e/*.test.ts
//
// Traffic goes only to 127.0.0.1 (the NodePort, kubectl proxy, port-forward)
// and to the pods of this cluster; every loop is bounded.
import { before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { apiImageContract as api } from '../../../api/src/image-contract';
import { get, kubectl, list, loadDir, ready, synthWithOverlay, waitFor } from '../../harness/kube';
import { answer, clusterState, containerPid, ctr, http, onNode, serveLocally } from '../../harness/cluster';
import { Reminders } from '../../harness/reminders';

const REPO = path.resolve(__dirname, '../../..');
process.env.KUBECONFIG ??= path.join(REPO, '.cluster', 'kubeconfig');

// Bounded waits: pods start within seconds here; this leaves room for a busy CI machine.
const WAIT = 240;

const chapter = loadDir(path.join(REPO, 'dist'));
const only = (kind: string) => {
  const found = chapter.objects.filter((o) => o.kind === kind);
  assert.equal(found.length, 1, `the chapter makes one ${kind}`);
  return found[0];
};
const sts = only('StatefulSet');
const web = only('Deployment');
const webSvc = chapter.objects.find((o) => o.kind === 'Service' && o.spec.type === 'NodePort')!;
const apiSvc = chapter.objects.find((o) => o.kind === 'Service' && o.metadata.name === sts.spec.serviceName)!;
const NS = sts.metadata.namespace ?? 'default';
const NODE_PORT: number = webSvc.spec.ports[0].nodePort;
const pod = (i: number) => `${sts.metadata.name}-${i}`;
const ordinals = [...Array(sts.spec.replicas as number).keys()];
const apiImage: string = sts.spec.template.spec.containers[0].image;

/** Figures measured along the way, printed at the end. */
const figures: [string, string][] = [];
/** Every reminder an API answered 201 for: none may ever be lost. */
const reminders = new Reminders();
const acknowledged = reminders.acknowledged;
const save = (url: string, title: string) => reminders.save(url, title);
const titles = (url: string) => reminders.titles(url);
const noneLost = (t: TestContext, url: string, where: string) => reminders.noneLost(t, url, where);

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
const show = (t: TestContext, text: string) => text.trimEnd().split('\n').forEach((l) => t.diagnostic(l));
const getPod = (name: string) => get({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS } });
const podIP = (name: string) => getPod(name)!.status.podIP as string;
const apiUrl = (name: string) => `http://${podIP(name)}:${api.port}/api/Reminder`;

/** Waits until every pod of the StatefulSet and the Deployment is Ready with the wanted image. */
async function allReady(image = apiImage): Promise<void> {
  await waitFor('every API and web pod Ready', WAIT, () => {
    const s = get(sts);
    const d = get(web);
    const podsReady = ordinals.every((i) => {
      const p = getPod(pod(i));
      return ready(p) && p!.spec.containers[0].image === image;
    });
    return podsReady && s?.status?.readyReplicas === sts.spec.replicas && s?.status?.updatedReplicas === sts.spec.replicas &&
      d?.status?.readyReplicas === web.spec.replicas && d?.status?.updatedReplicas === web.spec.replicas;
  });
}

/** The reader's view: `kubectl get ...` as printed. */
const kget = (...args: string[]) => kubectl(['get', ...args, '-n', NS]);

// Without the charts' images on the node no step can pass: fail them all at once.
before(() => {
  assert.equal(clusterState().NODE, '1', 'this suite needs a whole cluster with a node: npm run test:e2e');
  const images = ctr(['images', 'ls', '-q']).split('\n');
  for (const image of [sts, web].map((o): string => o.spec.template.spec.containers[0].image)) {
    // The node knows `remind-me-api:1.0.0` by its full name, docker.io/library/remind-me-api:1.0.0.
    assert.ok(images.some((i) => i.endsWith(`/${image}`)), `image ${image} is not on the node (npm run images, then cluster:up)`);
  }
});

test('the node is Ready, with the images the charts use imported', (t) => {
  show(t, kubectl(['get', 'nodes', '-o', 'wide']));
  for (const o of [sts, web]) t.diagnostic(`image ${o.spec.template.spec.containers[0].image} on the node`);
  show(t, kubectl(['get', 'pods', '-n', 'kube-system', '-o', 'wide']));
});

test("operators prepare the hostPath directory on the node (the chapter's table)", (t) => {
  onNode(['install', '-d', '-o', String(api.uid), '-g', String(api.gid), '/data']);
  const line = onNode(['ls', '-ld', '/data']).trim();
  assert.match(line, new RegExp(`^d\\S+ \\d+ ${api.uid} ${api.gid} `));
  t.diagnostic(`npm run cluster:node -- install -d -o ${api.uid} -g ${api.gid} /data   ->   ${line}`);
  assert.equal(fs.existsSync('/data'), false, "the machine's own /data is untouched");
});

let applied = 0;
test('kubectl apply -f dist/: the claim is Bound to the volume (Figures 30, 31)', async (t) => {
  applied = Date.now();
  show(t, kubectl(['apply', '-f', path.join(REPO, 'dist')]));
  const pvc = only('PersistentVolumeClaim');
  await waitFor(`claim ${pvc.metadata.name} Bound`, WAIT, () => get(pvc)?.status?.phase === 'Bound');
  t.diagnostic('$ kubectl get persistentvolumeclaims');
  show(t, kget('persistentvolumeclaims'));
  t.diagnostic('$ kubectl get persistentvolume');
  show(t, kubectl(['get', 'persistentvolume']));
  assert.equal(get(pvc)!.spec.volumeName, only('PersistentVolume').metadata.name);
});

test('the StatefulSet pods become Running and Ready in order, the web pods Ready (Figure 42)', async (t) => {
  await allReady();
  figures.push(['apply -f dist/ to every pod Ready', `${seconds(applied)} s`]);
  t.diagnostic('$ kubectl get pods');
  show(t, kget('pods', '-o', 'wide'));
  // OrderedReady: each pod is created only once the one before it is Ready.
  for (const i of ordinals.slice(1)) {
    const before = getPod(pod(i - 1))!.status.conditions.find((c: any) => c.type === 'Ready').lastTransitionTime;
    const created = getPod(pod(i))!.metadata.creationTimestamp!;
    assert.ok(Date.parse(created) >= Date.parse(before), `${pod(i)} created ${created}, before ${pod(i - 1)} was Ready (${before})`);
    t.diagnostic(`${pod(i - 1)} Ready at ${before}; ${pod(i)} created at ${created}`);
  }
});

test('the probes pass: every container Ready through its probes, no restarts, no failed probe', (t) => {
  const pods = [...list('pods', NS, sts.spec.selector.matchLabels), ...list('pods', NS, web.spec.selector.matchLabels)];
  for (const p of pods) {
    const spec = p.spec.containers[0];
    assert.ok(spec.startupProbe && spec.readinessProbe && spec.livenessProbe, `${p.metadata.name} has its three probes`);
    const status = p.status.containerStatuses[0];
    assert.equal(status.ready, true);
    assert.equal(status.restartCount, 0, `${p.metadata.name} restarted`);
    t.diagnostic(`${p.metadata.name}: ready, 0 restarts, readiness ${spec.readinessProbe.httpGet.path} and liveness ${spec.livenessProbe.httpGet.path} on port ${spec.readinessProbe.httpGet.port}`);
  }
  // The startup probe fails until the server listens, and readiness may fail while it gets
  // ready; liveness runs only after start-up, and must never fail.
  const events = JSON.parse(kubectl(['get', 'events', '-n', NS, '-o', 'json', '--field-selector', 'reason=Unhealthy'])).items
    .map((e: any) => `${e.involvedObject.name}: ${e.message} (x${e.count ?? 1})`);
  assert.deepEqual(events.filter((e: string) => /Liveness/.test(e)), [], 'a liveness probe failed');
  t.diagnostic(events.length ? `while starting: ${events.join('; ')}` : 'no probe ever failed');
});

test('kubectl exec: the Secret in /app/secrets, reminder.db in /data, a read-only root, user 10001 (Figure 33)', (t) => {
  const secretsDir = `${api.contentRoot}/${api.secretsDir}`;
  // The image has no shell to spare: node itself lists the directories.
  const script = `const fs = require('fs');
    for (const d of ['${secretsDir}', '/data']) console.log(d + ': ' + fs.readdirSync(d).join(' '));
    console.log('${api.secretsFile}: ' + fs.readFileSync('${secretsDir}/${api.secretsFile}', 'utf8').trim());
    console.log('uid ' + process.getuid() + ', gid ' + process.getgid());
    try { fs.writeFileSync('${api.contentRoot}/x', ''); console.log('root writable'); } catch (e) { console.log('writing ${api.contentRoot}: ' + e.code); }`;
  const out = kubectl(['exec', '-n', NS, pod(0), '--', 'node', '-e', script]);
  t.diagnostic(`$ kubectl exec ${pod(0)} -- ...`);
  show(t, out);
  assert.match(out, new RegExp(`${secretsDir}: .*${api.secretsFile.replace(/\./g, '\\.')}`));
  assert.match(out, /^\/data: .*reminder\.db/m);
  assert.match(out, /"dbPath": ?"\/data\/reminder\.db"/);
  assert.match(out, new RegExp(`uid ${api.uid}, gid ${api.gid}`));
  assert.match(out, /writing \/app: EROFS/);
  t.diagnostic('$ kubectl get secrets (Figure 34)');
  const secrets = kget('secrets');
  show(t, secrets);
  assert.match(secrets, /^api-secret\s+Opaque\s+1\s/m);
});

test("Swagger UI through kubectl proxy at the chapter's URL (Figure 29)", async (t) => {
  // The chapter's port 8001 when free, else any.
  const proxy = await serveLocally(['proxy', '--port', '8001']).catch(() => serveLocally(['proxy', '--port', '0']));
  try {
    const page = `http://127.0.0.1:${proxy.port}/api/v1/namespaces/${NS}/pods/${pod(0)}/proxy/index.html`;
    const index = await http(page);
    assert.equal(index.status, 200);
    assert.match(index.type, /text\/html/);
    // Every asset, and the document, by a URL relative to the page: they load under the proxy's prefix.
    const scripts = [...index.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(scripts.length > 0 && scripts.every((s) => !s.startsWith('/') && !/^\w+:/.test(s)), `relative scripts: ${scripts}`);
    for (const s of scripts) assert.equal((await http(new URL(s, page).href)).status, 200, s);
    const initializer = await http(new URL(scripts[scripts.length - 1], page).href);
    const documentUrl = /url: ?["']([^"']+)["']/.exec(initializer.body)?.[1];
    assert.ok(documentUrl && !documentUrl.startsWith('/'), `the UI loads its document by a relative URL: ${documentUrl}`);
    const doc = await http(new URL(documentUrl, page).href);
    assert.equal(doc.status, 200);
    const info = JSON.parse(doc.body).info;
    assert.equal(info.title, 'Remind Me API');
    t.diagnostic(`kubectl proxy; ${page}: HTML page, ${scripts.length} scripts loaded relative to it`);
    t.diagnostic(`its document ${new URL(documentUrl, page).pathname}: "${info.title}" ${info.version}`);
  } finally {
    proxy.close();
  }
});

test('DNS from inside a pod: the web Service, the headless Service and pod 0 (Figures 41, 43)', (t) => {
  const names = [
    webSvc.metadata.name,
    apiSvc.metadata.name,
    `${pod(0)}.${apiSvc.metadata.name}.${NS}.svc.cluster.local`,
  ];
  // getaddrinfo with the pod's resolv.conf (search path and all), as nslookup in the chapter.
  const script = `const dns = require('dns');
    Promise.all(${JSON.stringify(names)}.map((n) => dns.promises.lookup(n, { all: true, family: 4 })
      .then((a) => n + ' ' + a.map((x) => x.address).sort().join(' '))))
      .then((lines) => console.log(lines.join('\\n')));`;
  const out = kubectl(['exec', '-n', NS, pod(1), '--', 'node', '-e', script]);
  const answers = new Map(out.trim().split('\n').map((l) => [l.split(' ')[0], l.split(' ').slice(1)]));
  t.diagnostic(`$ kubectl exec ${pod(1)} -- (lookups from inside the pod)`);
  show(t, out);
  t.diagnostic(`resolv.conf: ${kubectl(['exec', '-n', NS, pod(1), '--', 'node', '-e', "process.stdout.write(require('fs').readFileSync('/etc/resolv.conf','utf8').replace(/\\n/g,'; '))"])}`);
  assert.deepEqual(answers.get(names[0]), [get(webSvc)!.spec.clusterIP]);
  assert.deepEqual(answers.get(names[1]), ordinals.map((i) => podIP(pod(i))).sort());
  assert.deepEqual(answers.get(names[2]), [podIP(pod(0))]);
});

test(`through the NodePort on 127.0.0.1:${NODE_PORT}: the page loads, a reminder saved is listed`, async (t) => {
  const base = `http://127.0.0.1:${NODE_PORT}`;
  const page = await answer(`${base}/`);
  assert.equal(page.status, 200);
  assert.match(page.type, /text\/html/);
  const saved = await save(`${base}/Proxy/SaveReminder`, 'Buy milk (through the web)');
  const listed = await titles(`${base}/Proxy/GetAllReminders`);
  assert.equal(listed.get(saved.id), saved.title);
  t.diagnostic(`GET ${base}/ -> ${page.status} ${page.type}, ${page.body.length} bytes`);
  t.diagnostic(`POST ${base}/Proxy/SaveReminder -> 201 ${JSON.stringify(saved)}`);
  t.diagnostic(`GET ${base}/Proxy/GetAllReminders -> lists it (${listed.size} reminders)`);
});

test('one written through pod 1 (kubectl port-forward) is read through pod 0: one shared file', async (t) => {
  const forward = await serveLocally(['port-forward', '-n', NS, `pod/${pod(1)}`, `:${api.port}`]);
  let saved;
  try {
    saved = await save(`http://127.0.0.1:${forward.port}/api/Reminder`, 'Written through pod 1');
  } finally {
    forward.close();
  }
  const listed = await titles(`${apiUrl(pod(0))}/all`);
  assert.equal(listed.get(saved.id), saved.title);
  t.diagnostic(`kubectl port-forward pod/${pod(1)} :${api.port}; POST -> 201 ${saved.id}`);
  t.diagnostic(`GET ${pod(0)} /api/Reminder/all lists it`);
  const logs = kubectl(['logs', '-n', NS, pod(1)]);
  assert.match(logs, /POST/);
  t.diagnostic(`kubectl logs ${pod(1)}: ${logs.trim().split('\n').filter((l) => l.includes('POST')).pop()}`);
});

test(`kubectl delete pod ${pod(0)}: recreated under the same name, every reminder kept`, async (t) => {
  const old = getPod(pod(0))!;
  const deleted = Date.now();
  show(t, kubectl(['delete', 'pod', '-n', NS, pod(0)]));
  await waitFor(`${pod(0)} recreated and Ready`, WAIT, () => {
    const p = getPod(pod(0));
    return p?.metadata.uid !== old.metadata.uid && ready(p);
  });
  figures.push([`delete pod ${pod(0)} to Ready again`, `${seconds(deleted)} s`]);
  t.diagnostic(`${pod(0)} recreated (uid ${old.metadata.uid} -> ${getPod(pod(0))!.metadata.uid}) and Ready after ${seconds(deleted)} s`);
  await noneLost(t, `http://127.0.0.1:${NODE_PORT}/Proxy/GetAllReminders`, 'the web, through the new pod 0');
});

test('SIGKILL of the API process in the middle of a stream of writes: no acknowledged write lost', async (t) => {
  const target = getPod(pod(0))!;
  const url = apiUrl(pod(0));
  const pid = containerPid(target.status.containerStatuses[0].containerID);
  let killedAt = 0;
  let refused = 0;
  const deadline = Date.now() + 120_000;
  // Bounded: 400 attempts or two minutes, whichever comes first.
  for (let n = 0; n < 400 && Date.now() < deadline; n++) {
    if (n === 100) {
      process.kill(pid, 'SIGKILL');
      killedAt = acknowledged.size;
      t.diagnostic(`after 100 writes: SIGKILL to the API process of ${pod(0)} (pid ${pid} on the machine)`);
    }
    try {
      await save(url, `stream ${n}`);
    } catch {
      refused++; // not acknowledged: the process was down
      await new Promise((r) => setTimeout(r, 100));
    }
    if (killedAt && acknowledged.size > killedAt + 50) break; // 50 writes to the restarted process
  }
  assert.ok(killedAt, 'the process was killed');
  assert.ok(acknowledged.size > killedAt + 50, 'the restarted process took writes again');
  // The container is back before the kubelet reports the restart (a start takes well under a
  // second): wait for its status to count it.
  const after = await waitFor(`${pod(0)} restart counted`, 30, () => {
    const current = getPod(pod(0));
    return current && current.status.containerStatuses[0].restartCount > target.status.containerStatuses[0].restartCount ? current : undefined;
  });
  assert.equal(after.metadata.uid, target.metadata.uid, 'the same pod');
  assert.equal(after.status.containerStatuses[0].restartCount, target.status.containerStatuses[0].restartCount + 1);
  t.diagnostic(`${refused} writes refused while down; container restarted (restartCount ${after.status.containerStatuses[0].restartCount})`);
  await noneLost(t, `${url}/all`, pod(0));
});

test('a new API image tag rolls the StatefulSet one pod at a time, data kept', async (t) => {
  const container = sts.spec.template.spec.containers[0].name;
  const newImage = apiImage.replace(/:[^:/]+$/, (tag) => `${tag}-rollout`);
  ctr(['images', 'tag', '--force', `docker.io/library/${apiImage}`, `docker.io/library/${newImage}`]);
  t.diagnostic(`tagged the same image as ${newImage} on the node`);
  const started = Date.now();
  kubectl(['set', 'image', '-n', NS, `statefulset/${sts.metadata.name}`, `${container}=${newImage}`]);
  // Watch: at most one pod away at any moment, replaced from the highest ordinal down.
  const order: number[] = [];
  let worst = 0;
  await waitFor('the rollout', WAIT, () => {
    // One list per look, so every pod is seen at the same moment: pods read one by one could
    // count a pod not Ready yet and, a moment later, the next one the controller took down.
    const pods = new Map(list('Pod', NS, sts.spec.selector.matchLabels).map((p) => [p.metadata.name, p]));
    const notReady = ordinals.filter((i) => !ready(pods.get(pod(i))));
    worst = Math.max(worst, notReady.length);
    for (const i of ordinals) {
      if (!order.includes(i) && pods.get(pod(i))?.spec.containers[0].image === newImage) order.push(i);
    }
    return order.length === ordinals.length && notReady.length === 0;
  });
  await allReady(newImage);
  assert.equal(worst, 1, 'never more than one API pod away');
  assert.deepEqual(order, [...ordinals].reverse());
  t.diagnostic(`${apiImage} -> ${newImage}: pods replaced one at a time in the order ${order.map(pod).join(', ')}, in ${seconds(started)} s`);
  show(t, kget('pods'));
  await noneLost(t, `http://127.0.0.1:${NODE_PORT}/Proxy/GetAllReminders`, 'the web after the rollout');
});

test('config/examples/per-replica.yaml: three claims on three volumes, each pod Ready with a database of its own', async (t) => {
  kubectl(['delete', '-f', path.join(REPO, 'dist'), '--wait=true', '--timeout=120s']);
  await waitFor('the chapter layout gone', WAIT, () => !getPod(pod(0)) && !get(only('PersistentVolume')));
  const layout = loadDir(synthWithOverlay('config/examples/per-replica.yaml'));
  const pvs = layout.objects.filter((o) => o.kind === 'PersistentVolume');
  assert.equal(pvs.length, ordinals.length);
  for (const pv of pvs) onNode(['install', '-d', '-o', String(api.uid), '-g', String(api.gid), pv.spec.hostPath.path]);
  t.diagnostic(`prepared ${pvs.map((v) => v.spec.hostPath.path).join(', ')} on the node`);
  show(t, kubectl(['apply', ...layout.files.flatMap((f) => ['-f', f])]));
  await allReady();
  t.diagnostic('$ kubectl get pvc,pv');
  show(t, kubectl(['get', 'pvc,pv', '-n', NS]));
  const template = layout.objects.find((o) => o.kind === 'StatefulSet')!.spec.volumeClaimTemplates[0].metadata.name;
  const claims = ordinals.map((i) => get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `${template}-${pod(i)}`, namespace: NS } }));
  assert.deepEqual(claims.map((c) => c?.status.phase), ordinals.map(() => 'Bound'));
  const volumes = new Set(claims.map((c) => c!.spec.volumeName));
  assert.equal(volumes.size, ordinals.length, 'three claims on three volumes');
  assert.ok([...volumes].every((v) => pvs.some((pv) => pv.metadata.name === v)), 'the overlay\'s own volumes');
  acknowledged.clear();
  const own = await save(apiUrl(pod(1)), 'Only in pod 1');
  for (const i of ordinals) {
    const listed = await titles(`${apiUrl(pod(i))}/all`);
    assert.equal(listed.has(own.id), i === 1, `${pod(i)} ${i === 1 ? 'lists' : 'must not list'} pod 1's reminder`);
    const files = kubectl(['exec', '-n', NS, pod(i), '--', 'node', '-e', "console.log(require('fs').readdirSync('/data').join(' '))"]).trim();
    assert.match(files, /reminder\.db/);
    t.diagnostic(`${pod(i)}: /data holds ${files}; ${listed.size} reminders${i === 1 ? ", pod 1's own among them" : ''}`);
  }
  kubectl(['delete', ...layout.files.flatMap((f) => ['-f', f]), '--wait=false']);
});

test('figures', (t) => {
  if (process.env.CLUSTER_UP_SECONDS) figures.unshift(['cluster:up (control plane, node, DNS)', `${process.env.CLUSTER_UP_SECONDS} s`]);
  for (const [what, value] of figures) t.diagnostic(`${what}: ${value}`);
  assert.ok(figures.length >= 2);
});
