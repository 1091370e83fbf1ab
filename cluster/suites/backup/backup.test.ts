// Backups of the reminder database on a whole local cluster, from config/examples/backup.yaml:
// a backup run at once from the CronJob, every reminder deleted, the restore Job of the
// README's procedure, the reminders back through the NodePort; then retention, and runs of an
// empty database and one that dies halfway leaving the earlier backups intact.
//
// Run by `npm run test:e2e` with the walkthrough (one fresh cluster, torn down afterwards), or
// alone: bash cluster/test.sh node backup
//
// Traffic goes only to 127.0.0.1 (the NodePort) and to this cluster; every loop is bounded.
import { before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { apiImageContract as api } from '../../../api/src/image-contract';
import { get, jobFinished, kubectl, type KObject, list, loadDir, ready, synthWithOverlay, toYaml, waitFor } from '../../harness/kube';
import { clusterState, http, onNode } from '../../harness/cluster';

const REPO = path.resolve(__dirname, '../../..');
process.env.KUBECONFIG ??= path.join(REPO, '.cluster', 'kubeconfig');
const WAIT = 240;

const out = synthWithOverlay('config/examples/backup.yaml');
const layout = loadDir(out);
const restoreDir = path.join(out, 'restore');
const restoreJob = loadDir(restoreDir).objects[0];
const of = (kind: string) => layout.objects.filter((o) => o.kind === kind);
const sts = of('StatefulSet')[0];
const cronJob = of('CronJob')[0];
const NS = sts.metadata.namespace ?? 'default';
const NODE_PORT: number = of('Service').find((s) => s.spec.type === 'NodePort')!.spec.ports[0].nodePort;
const WEB = `http://127.0.0.1:${NODE_PORT}`;
const backupVolume = of('PersistentVolume').find((v) => v.metadata.labels?.['app.kubernetes.io/component'] === 'backup')!;
const BACKUPS: string = backupVolume.spec.hostPath.path;
const BACKUP_NAME = /^reminder-\d{8}T\d{6}Z\.db\.gz$/;

const show = (t: TestContext, text: string) => text.trimEnd().split('\n').forEach((l) => t.diagnostic(l));
const figures: [string, string][] = [];
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

/** The backups on the node, oldest first, with their SHA-256. */
function backups(): Map<string, string> {
  const names = onNode(['ls', '-1a', BACKUPS]).split('\n').filter((f) => BACKUP_NAME.test(f)).sort();
  if (names.length === 0) return new Map();
  const sums = onNode(['sha256sum', ...names.map((n) => `${BACKUPS}/${n}`)]);
  const byName = new Map(sums.trim().split('\n').map((l) => [path.basename(l.split(/\s+/)[1]), l.split(/\s+/)[0]]));
  return new Map(names.map((n) => [n, byName.get(n)!]));
}

async function reminders(): Promise<{ id: string; title: string }[]> {
  return waitFor('the web answering with the reminders', 60, async () => {
    const r = await http(`${WEB}/Proxy/GetAllReminders`).catch(() => undefined);
    return r?.status === 200 ? JSON.parse(r.body) : undefined;
  });
}

async function deleteAll(): Promise<number> {
  const all = await reminders();
  for (const r of all) {
    const answer = await http(`${WEB}/Proxy/DeleteReminder/${r.id}`, { method: 'DELETE' });
    assert.ok(answer.status < 300, `DELETE ${r.id}: ${answer.status} ${answer.body}`);
  }
  assert.deepEqual(await reminders(), []);
  return all.length;
}

const finished = (name: string) => jobFinished(NS, name, WAIT);

let runs = 0;
/** A backup now, as the README says: a Job from the CronJob's template. */
async function backupNow(t: TestContext): Promise<string> {
  const name = `backup-now-${++runs}`;
  const started = Date.now();
  kubectl(['create', 'job', '-n', NS, `--from=cronjob/${cronJob.metadata.name}`, name]);
  const { state, logs } = await finished(name);
  assert.equal(state, 'Complete', logs);
  const written = /backup (\S+) written/.exec(logs)?.[1];
  assert.match(written ?? '', BACKUP_NAME, logs);
  t.diagnostic(`kubectl create job --from=cronjob/${cronJob.metadata.name} ${name}: ${written} in ${seconds(started)} s`);
  return written!;
}

/** The README's restore: API scaled to zero, the restore Job, scaled back. */
async function restore(t: TestContext, from?: string): Promise<void> {
  const replicas = String(sts.spec.replicas);
  const started = Date.now();
  kubectl(['scale', '-n', NS, `statefulset/${sts.metadata.name}`, '--replicas=0']);
  await waitFor('every API pod gone', WAIT, () => list('pods', NS, sts.spec.selector.matchLabels).length === 0);
  const manifest = from
    ? kubectl(['set', 'env', '--local', '-f', restoreDir, `RESTORE_FROM=${from}`, '-o', 'yaml'])
    : fs.readFileSync(path.join(restoreDir, fs.readdirSync(restoreDir)[0]), 'utf8');
  kubectl(['apply', '-f', '-'], { input: manifest });
  const { state, logs } = await finished(restoreJob.metadata.name);
  assert.equal(state, 'Complete', logs);
  show(t, logs);
  kubectl(['delete', 'job', '-n', NS, restoreJob.metadata.name]);
  kubectl(['scale', '-n', NS, `statefulset/${sts.metadata.name}`, `--replicas=${replicas}`]);
  await apiReady();
  figures.push([`restore${from ? ` of ${from}` : ''}: scale to 0, Job, scale back, Ready`, `${seconds(started)} s`]);
}

async function apiReady(): Promise<void> {
  await waitFor('every API pod Ready', WAIT, () => get(sts)?.status?.readyReplicas === sts.spec.replicas
    && list('pods', NS, sts.spec.selector.matchLabels).every((p: KObject) => ready(p)));
}

before(() => {
  assert.equal(clusterState().NODE, '1', 'this suite needs a whole cluster with a node: npm run test:e2e');
});

test('config/examples/backup.yaml: the CronJob remindmeapi-backup and its /backups volume, Bound; the API Ready', async (t) => {
  assert.equal(cronJob.metadata.name, 'remindmeapi-backup');
  assert.equal(BACKUPS, '/backups');
  // A layout left by a suite before this one must be gone first: the names are the same.
  await waitFor('no API pod of an earlier layout', WAIT, () => !get(sts) && list('pods', NS, sts.spec.selector.matchLabels).length === 0);
  for (const dir of ['/data', BACKUPS]) onNode(['install', '-d', '-o', String(api.uid), '-g', String(api.gid), dir]);
  t.diagnostic(`prepared /data and ${BACKUPS} on the node: ${onNode(['ls', '-ld', BACKUPS]).trim()}`);
  show(t, kubectl(['apply', ...layout.files.flatMap((f) => ['-f', f])]));
  for (const pvc of of('PersistentVolumeClaim')) await waitFor(`claim ${pvc.metadata.name} Bound`, WAIT, () => get(pvc)?.status?.phase === 'Bound');
  await apiReady();
  show(t, kubectl(['get', 'cronjob,pvc', '-n', NS]));
});

let first = '';
test('20 reminders saved through the NodePort, a backup run at once, every reminder deleted, the restore run: all 20 back', async (t) => {
  const earlier = await deleteAll();
  t.diagnostic(`deleted the ${earlier} reminders an earlier suite left`);
  const saved = new Map<string, string>();
  for (let i = 1; i <= 20; i++) {
    const r = await http(`${WEB}/Proxy/SaveReminder`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Reminder ${i} to keep`, dueDate: '2026-12-24T18:00:00Z' }),
    });
    assert.equal(r.status, 201, r.body);
    const body = JSON.parse(r.body);
    saved.set(body.id, body.title);
  }
  first = await backupNow(t);
  assert.deepEqual([...backups().keys()], [first]);
  t.diagnostic(`$ npm run cluster:node -- ls -l ${BACKUPS}`);
  show(t, onNode(['ls', '-l', BACKUPS]));
  assert.equal(await deleteAll(), 20);
  t.diagnostic('deleted all 20 through the NodePort; the web lists none');
  await restore(t);
  const back = new Map((await reminders()).map((r) => [r.id, r.title]));
  assert.deepEqual(back, saved);
  t.diagnostic(`after the restore the web lists ${back.size} of the 20, ids and titles as saved`);
});

let empty = '';
test('a backup of an empty database is added; the earlier backup stays byte for byte', async (t) => {
  const before = backups();
  await deleteAll();
  empty = await backupNow(t);
  const now = backups();
  assert.deepEqual([...now.keys()], [first, empty]);
  assert.equal(now.get(first), before.get(first));
  t.diagnostic(`${first} unchanged (sha256 ${before.get(first)!.slice(0, 12)}...)`);
});

test('a run that dies halfway (ended at once before its final name) fails, and leaves every backup as it was', async (t) => {
  const before = backups();
  // The CronJob's own Job, its command loaded with a module that ends the process at once (no
  // cleanup, as a kill would) the moment it would give the complete backup its final name. Not
  // SIGKILL to itself: the process is PID 1 of its container, which ignores it.
  const job = JSON.parse(kubectl(['create', 'job', '-n', NS, `--from=cronjob/${cronJob.metadata.name}`, 'backup-dies', '--dry-run=client', '-o', 'json']));
  const container = job.spec.template.spec.containers[0];
  container.command = ['node', '--import', 'data:text/javascript,import fs from "node:fs"; fs.linkSync = () => process.reallyExit(137);',
    ...container.command.slice(1)];
  job.spec.backoffLimit = 0;
  kubectl(['apply', '-f', '-'], { input: toYaml([job]) });
  const { state } = await finished('backup-dies');
  assert.equal(state, 'Failed');
  const pod = list('pods', NS, { 'job-name': 'backup-dies' })[0];
  const terminated = pod.status.containerStatuses[0].state.terminated;
  t.diagnostic(`job backup-dies: Failed; its container ended with exit code ${terminated.exitCode} (${terminated.reason})`);
  assert.equal(terminated.exitCode, 137, 'ended at once');
  assert.deepEqual(backups(), before);
  const leftovers = onNode(['ls', '-1a', BACKUPS]).split('\n').filter((f) => f.includes('.partial'));
  t.diagnostic(`every backup as before; left under a temporary name only: ${leftovers.join(', ') || 'nothing'}`);
  // The restore of the backup before the deletion, named: the newest is the empty one.
  await restore(t, first);
  assert.equal((await reminders()).length, 20);
  t.diagnostic(`RESTORE_FROM=${first}: the 20 reminders back`);
});

test('retention: after 9 successful runs only the newest 7 remain; the next run clears a dead run\'s leftover', async (t) => {
  const names = [first, empty];
  while (names.length < 9) names.push(await backupNow(t));
  const kept = [...backups().keys()];
  assert.deepEqual(kept, names.slice(2));
  assert.deepEqual(onNode(['ls', '-1a', BACKUPS]).split('\n').filter((f) => f.includes('.partial')), []);
  t.diagnostic(`9 runs; kept the newest 7: ${kept[0]} ... ${kept[6]}`);
  show(t, onNode(['ls', '-l', BACKUPS]));
  show(t, kubectl(['get', 'jobs', '-n', NS]));
});

test('figures', (t) => {
  for (const [what, value] of figures) t.diagnostic(`${what}: ${value}`);
  // Gone before the next suite applies objects of the same names.
  kubectl(['delete', ...layout.files.flatMap((f) => ['-f', f]), '--wait=true', '--timeout=120s']);
  assert.ok(figures.length >= 2);
});
