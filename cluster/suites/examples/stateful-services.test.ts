// The PostgreSQL and Redis examples on a whole local cluster, as their READMEs run them:
// the operator prepares the hostPath directories on the node, `kubectl apply -f
// dist-examples/<name>/`, the pods get Ready through their own probes (exec and TCP, no
// HTTP), 1,000 rows and 1,000 keys are written through `kubectl exec`, pod 0 of each is
// deleted, and every row and key is read back from its replacement. Each example's
// NetworkPolicy is tested by what it blocks (harness/policies.ts): a labelled client from
// another namespace connects, unlabelled pods here and elsewhere are refused; a policy in
// dist-examples/ without a case fails the suite. Then each example's backup, as its README
// gives it: a backup run at once from the CronJob (pg_dump, redis-cli --rdb), every row and
// key deleted, the restore Job of dist-examples/<name>/restore/, all of them back. Prints the
// figures.
//
// Run by `npm run test:examples` (a fresh cluster, torn down afterwards); needs
// `npm run examples` and `npm run images` first.
// Traffic goes only to the pods of this cluster (kubectl exec); every loop is bounded.
import { before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { apiImageContract as api } from '../../../api/src/image-contract';
import { postgresImageContract as postgresImage } from '../../../examples/postgres/image';
import { redisImageContract as redisImage } from '../../../examples/redis/image';
import { get, jobFinished, kubectl, list, loadDir, matches, ready, run, waitFor, type KObject } from '../../harness/kube';
import { clusterState, ctr, onNode } from '../../harness/cluster';
import { type PodRef, type PolicyCase, assertAdmitsOnly, assertEveryPolicyHasACase, probePod } from '../../harness/policies';

const REPO = path.resolve(__dirname, '../../..');
process.env.KUBECONFIG ??= path.join(REPO, '.cluster', 'kubeconfig');

// Bounded waits: initdb and the first start take seconds here; room for a busy CI machine.
const WAIT = 240;
const ROWS = 1000;

interface Example {
  name: string;
  dir: string;
  sts: KObject;
  policies: KObject[];
  cronJob: KObject;
  /** The restore Job, in its own directory: applied only to restore. */
  restoreDir: string;
  restoreJob: KObject;
  /** Where the backups go on the node (the backup claim's static volume). */
  backups: string;
  /** The labels the example's README gives its clients (main.ts: `allowFrom`). */
  clientLabels: Record<string, string>;
  uid: number;
  gid: number;
  applied?: number;
}

const example = (name: string, image: { uid: number; gid: number }, clientLabels: Record<string, string>): Example => {
  const dir = path.join(REPO, 'dist-examples', name);
  assert.ok(fs.existsSync(dir), `no ${dir}: run \`npm run examples\` first`);
  const { objects } = loadDir(dir);
  const sts = objects.find((o) => o.kind === 'StatefulSet')!;
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const cronJob = objects.find((o) => o.kind === 'CronJob')!;
  const backupVolume = objects.find((o) => o.kind === 'PersistentVolume' && o.metadata.labels?.app === cronJob.metadata.name)!;
  const restoreDir = path.join(dir, 'restore');
  const [restoreJob] = loadDir(restoreDir).objects;
  return {
    name, dir, sts, policies, cronJob, restoreDir, restoreJob, backups: backupVolume.spec.hostPath.path,
    clientLabels, uid: image.uid, gid: image.gid,
  };
};
const postgres = example('postgres', postgresImage, { 'postgres-client': 'true' });
const redis = example('redis', redisImage, { 'redis-client': 'true' });
const examples = [postgres, redis];

const figures: [string, string][] = [];
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
const show = (t: TestContext, text: string) => text.trimEnd().split('\n').forEach((l) => t.diagnostic(l));
const namespace = (e: Example) => e.sts.metadata.namespace!;
const pod0 = (e: Example) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `${e.sts.metadata.name}-0`, namespace: namespace(e) } });
const exec = (e: Example, command: string[], input?: string) =>
  kubectl(['exec', ...input === undefined ? [] : ['-i'], '-n', namespace(e), pod0(e).metadata.name, '--', ...command], { input });
const psql = (sql: string) => exec(postgres, ['psql', '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-Atc', sql]).trim();

/** Waits until pod 0 is Ready (through its own probes) and not the pod `previousUid`; returns its uid. Fails with its events and logs. */
async function pod0Ready(e: Example, previousUid?: string): Promise<string> {
  const p = await waitFor(`${pod0(e).metadata.name} Ready`, WAIT, () => {
    const found = get(pod0(e));
    return ready(found) && found!.metadata.uid !== previousUid && found;
  }).catch((error: Error) => {
    const { name } = pod0(e).metadata;
    const said = (args: string[]) => { const r = run(args); return r.stdout + r.stderr; };
    throw new Error(`${error.message}\n${said(['describe', 'pod', '-n', namespace(e), name])}\n` +
      `logs:\n${said(['logs', '-n', namespace(e), name, '--all-containers', '--previous'])}${said(['logs', '-n', namespace(e), name, '--all-containers'])}`);
  });
  return p.metadata.uid!;
}

/** A namespace of the suite's own, for clients from elsewhere. */
const ELSEWHERE = 'policy-check';
// The policies' clients connect from inside their pods with node: the API image has it, the examples' images do not.
const PROBE_IMAGE = `${api.imageName}:${api.imageTag}`;

before(() => {
  assert.equal(clusterState().NODE, '1', 'this suite needs a whole cluster with a node: npm run test:examples');
  assert.ok(clusterState().kube_router_PID, 'cluster:up started no NetworkPolicy engine (kube-router)');
  const images = ctr(['images', 'ls', '-q']).split('\n');
  for (const image of [...examples.map((e) => e.sts.spec.template.spec.containers[0].image as string), PROBE_IMAGE]) {
    assert.ok(images.some((i) => i.endsWith(`/${image}`)), `image ${image} is not on the node (npm run images, then cluster:up)`);
  }
});

test("operators prepare each example's hostPath directories, data and backups, on the node for its image's user (the READMEs)", (t) => {
  for (const e of examples) {
    for (const dir of [`/data/${e.name}/0`, e.backups]) {
      onNode(['install', '-d', '-o', String(e.uid), '-g', String(e.gid), dir]);
      // Numbers: the node's own passwd may name 999 (systemd-journal on Debian).
      const owner = onNode(['stat', '-c', '%u:%g %A', dir]).trim();
      assert.equal(owner, `${e.uid}:${e.gid} drwxr-xr-x`);
      t.diagnostic(`npm run cluster:node -- install -d -o ${e.uid} -g ${e.gid} ${dir}   ->   ${owner}`);
    }
  }
});

let postgresUid: string;
let redisUid: string;
test('kubectl apply -f dist-examples/<name>/ (and the password Secret): both pods Ready through their own exec and TCP probes', async (t) => {
  for (const e of examples) {
    e.applied = Date.now();
    show(t, kubectl(['apply', '-f', e.dir]));
  }
  // The password, made here and never written to a file: what the postgres README asks of the operator.
  const password = randomBytes(18).toString('base64url');
  show(t, kubectl(['create', 'secret', 'generic', 'postgres-password', '-n', 'postgres', `--from-literal=password=${password}`]));
  postgresUid = await pod0Ready(postgres);
  figures.push(['postgres: apply to postgres-0 Ready (initdb, start)', `${seconds(postgres.applied!)} s`]);
  redisUid = await pod0Ready(redis);
  figures.push(['redis: apply to redis-0 Ready', `${seconds(redis.applied!)} s`]);
  for (const e of examples) {
    const p = get(pod0(e))!;
    const container = p.spec.containers[0];
    const probes = [container.startupProbe, container.readinessProbe, container.livenessProbe];
    assert.ok(probes.every((probe) => probe && !probe.httpGet && (probe.exec || probe.tcpSocket)), `${e.name}: exec or TCP probes only`);
    assert.equal(p.status.containerStatuses[0].restartCount, 0, `${e.name} restarted`);
    t.diagnostic(`${p.metadata.name}: Ready; readiness ${container.readinessProbe.exec.command.join(' ')}, liveness TCP ${container.livenessProbe.tcpSocket.port}`);
  }
  show(t, kubectl(['get', 'pods,pvc,svc', '-n', 'postgres', '-o', 'wide']));
  show(t, kubectl(['get', 'pods,pvc,svc', '-n', 'redis', '-o', 'wide']));
});

test("kubectl exec: psql -U postgres -Atc 'select 1' prints 1; redis-cli ping prints PONG", (t) => {
  assert.equal(exec(postgres, ['psql', '-U', 'postgres', '-Atc', 'select 1']), '1\n');
  assert.equal(exec(redis, ['redis-cli', 'ping']), 'PONG\n');
  t.diagnostic(`postgres-0 runs as ${exec(postgres, ['id']).trim()}; redis-0 as ${exec(redis, ['id']).trim()}`);
});

test(`${ROWS} rows written with psql and ${ROWS} keys with redis-cli, through kubectl exec`, (t) => {
  let start = Date.now();
  const statements = ['create table items (id integer primary key, value text not null);',
    ...Array.from({ length: ROWS }, (_, i) => `insert into items values (${i + 1}, 'value-${i + 1}');`)];
  const out = exec(postgres, ['psql', '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q'], statements.join('\n'));
  assert.equal(out, '');
  assert.equal(psql('select count(*) from items'), String(ROWS));
  figures.push([`postgres: ${ROWS} inserts, one statement each, in one psql session`, `${seconds(start)} s`]);

  start = Date.now();
  const commands = Array.from({ length: ROWS }, (_, i) => `SET key:${i + 1} value-${i + 1}`);
  const replies = exec(redis, ['redis-cli'], `${commands.join('\n')}\n`).trim().split('\n');
  assert.deepEqual(new Set(replies), new Set(['OK']));
  assert.equal(replies.length, ROWS);
  figures.push([`redis: ${ROWS} SETs through redis-cli`, `${seconds(start)} s`]);
  t.diagnostic(`postgres: ${psql('select count(*) from items')} rows; redis: ${exec(redis, ['redis-cli', 'dbsize']).trim()} keys`);
});

let cases: PolicyCase[];
test("every NetworkPolicy of the examples has a case, and selects its example's pod 0", async (t) => {
  kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ELSEWHERE } }) });
  const start = Date.now();
  cases = await Promise.all(examples.map(async (e) => {
    const target: PodRef = { namespace: namespace(e), name: pod0(e).metadata.name };
    const policy = e.policies.find((p) => matches(p.spec.podSelector.matchLabels, e.sts.spec.template.metadata.labels));
    assert.ok(policy, `${e.name}: no NetworkPolicy selects its pods`);
    // The admitted labels from another namespace (the policies admit every namespace); no labels, here and elsewhere.
    const [allowed, ...denied] = await Promise.all([
      probePod({ namespace: ELSEWHERE, name: `${e.name}-client` }, PROBE_IMAGE, e.clientLabels),
      probePod({ namespace: namespace(e), name: 'policy-check-unlabelled' }, PROBE_IMAGE, {}),
      probePod({ namespace: ELSEWHERE, name: `${e.name}-unlabelled` }, PROBE_IMAGE, {}),
    ]);
    // The examples' images have no node to open a listener on a port the policy does not name: no unnamedPort.
    return { policy, target, port: e.sts.spec.template.spec.containers[0].ports[0].containerPort, allowed, denied };
  }));
  figures.push(['policies: 6 client pods Ready', `${seconds(start)} s`]);
  assertEveryPolicyHasACase(cases, examples.flatMap((e) => e.policies), (line) => t.diagnostic(line));
});

test('the admitted client connects to 5432 and 6379; unlabelled pods, here and elsewhere, are refused', (t) => {
  for (const c of cases) assertAdmitsOnly(c, (line) => t.diagnostic(line));
  assert.deepEqual(cases.map((c) => c.port).sort(), [5432, 6379]);
});

test('pod 0 of each deleted: the replacement is Ready on the same claim', async (t) => {
  for (const [e, uid] of [[postgres, postgresUid], [redis, redisUid]] as const) {
    const start = Date.now();
    show(t, kubectl(['delete', 'pod', '-n', namespace(e), pod0(e).metadata.name]));
    await pod0Ready(e, uid);
    figures.push([`${e.name}: delete pod 0 to its replacement Ready`, `${seconds(start)} s`]);
  }
});

/** Every row and key as written, or the test fails; the counts go to the figures. */
function assertAllBack(when: string): void {
  const rows = psql("select count(*) from items where value = 'value-' || id");
  const keys = Array.from({ length: ROWS }, (_, i) => `key:${i + 1}`);
  const values = exec(redis, ['redis-cli'], `MGET ${keys.join(' ')}\n`).trim().split('\n');
  const kept = values.filter((v, i) => v === `value-${i + 1}`).length;
  figures.push([`postgres: rows ${when}`, `${rows} of ${ROWS}`]);
  figures.push([`redis: keys ${when}`, `${kept} of ${ROWS}`]);
  assert.equal(rows, String(ROWS));
  assert.equal(kept, ROWS);
}

test(`every row and key read back: ${ROWS} of ${ROWS} each`, (t) => {
  assertAllBack('kept across the deletion of pod 0');
  t.diagnostic(`redis-0 /data: ${exec(redis, ['ls', '/data/appendonlydir']).trim().split('\n').join(' ')}`);
});

/** The example's Job `name` finished Complete, or the test fails with its logs; its logs. */
async function completed(e: Example, name: string): Promise<string> {
  const { state, logs } = await jobFinished(namespace(e), name, WAIT);
  assert.equal(state, 'Complete', `${e.name}: job ${name} ${state}:\n${logs}`);
  return logs;
}

const backupName = { postgres: /^postgres-\d{8}T\d{6}Z\.dump$/, redis: /^redis-\d{8}T\d{6}Z\.rdb$/ };
test('kubectl create job --from=cronjob/<name>-backup: a pg_dump (custom format) and an RDB snapshot, through the servers, under their final names on the node', async (t) => {
  await Promise.all(examples.map(async (e) => {
    const start = Date.now();
    kubectl(['create', 'job', '-n', namespace(e), `--from=cronjob/${e.cronJob.metadata.name}`, 'backup-now']);
    const logs = await completed(e, 'backup-now');
    show(t, logs);
    figures.push([`${e.name}: backup run at once, job created to Complete`, `${seconds(start)} s`]);
    const written = /^backup (\S+) written to /m.exec(logs)?.[1] ?? '';
    assert.match(written, backupName[e.name as keyof typeof backupName], logs);
    // Nothing else in the directory: no temporary file left.
    assert.deepEqual(onNode(['ls', '-A', e.backups]).trim().split('\n'), [written]);
    t.diagnostic(`${e.name}: ${onNode(['ls', '-ln', `${e.backups}/${written}`]).trim()}`);
  }));
});

test('every row and key deleted: drop table items, FLUSHALL', () => {
  psql('drop table items');
  assert.equal(psql("select count(*) from pg_tables where tablename = 'items'"), '0');
  assert.equal(exec(redis, ['redis-cli', 'flushall']), 'OK\n');
  assert.equal(exec(redis, ['redis-cli', 'dbsize']), '0\n');
});

/** PostgreSQL's README: the restore Job, pg_restore into the running server. */
async function restorePostgres(t: TestContext): Promise<void> {
  const start = Date.now();
  kubectl(['apply', '-f', postgres.restoreDir]);
  const logs = await completed(postgres, postgres.restoreJob.metadata.name);
  figures.push(['postgres: restore Job into the running server, applied to Complete', `${seconds(start)} s`]);
  show(t, logs);
}

/** Redis's README: scaled to zero, the restore Job onto the claim, scaled back, Ready. */
async function restoreRedis(t: TestContext): Promise<void> {
  const start = Date.now();
  const uid = get(pod0(redis))!.metadata.uid;
  kubectl(['scale', '-n', namespace(redis), `statefulset/${redis.sts.metadata.name}`, '--replicas=0']);
  await waitFor('every redis pod gone', WAIT, () => list('pods', namespace(redis), redis.sts.spec.selector.matchLabels).length === 0);
  kubectl(['apply', '-f', redis.restoreDir]);
  show(t, await completed(redis, redis.restoreJob.metadata.name));
  kubectl(['scale', '-n', namespace(redis), `statefulset/${redis.sts.metadata.name}`, '--replicas=1']);
  await pod0Ready(redis, uid);
  figures.push(['redis: restore, scale to 0, Job, scale back, Ready', `${seconds(start)} s`]);
}

test(`the restore Jobs of dist-examples/<name>/restore/: ${ROWS} of ${ROWS} rows and keys back`, async (t) => {
  await Promise.all([restorePostgres(t), restoreRedis(t)]);
  assertAllBack('after the restore');
});

test('figures', (t) => {
  if (process.env.CLUSTER_UP_SECONDS) figures.unshift(['cluster:up (control plane, node, DNS)', `${process.env.CLUSTER_UP_SECONDS} s`]);
  for (const [what, value] of figures) t.diagnostic(`${what}: ${value}`);
  assert.ok(figures.length >= 6);
});
