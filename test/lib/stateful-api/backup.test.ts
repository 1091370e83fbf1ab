import { Chart, Testing } from 'cdk8s';
import { checkManifests, formatViolation, StatefulApi, StatefulApiBackupProps, StatefulApiProps } from '../../../lib/index';
import { Manifest, only, synth } from '../../support/manifests';

const API: StatefulApiProps = {
  name: 'orders',
  image: 'registry.example.com/orders:1.4.2',
  port: 8080,
  replicas: 3,
  storage: { mode: 'perReplica', mountPath: '/var/lib/orders', size: '1Gi' },
};
const BACKUP: StatefulApiBackupProps = {
  command: ['orders-dump'],
  restoreCommand: ['orders-load'],
  storage: { size: '5Gi', storageClassName: 'standard' },
};

function build(api: Partial<StatefulApiProps> = {}, backup: Partial<StatefulApiBackupProps> = {}) {
  const chart = Testing.chart();
  const statefulApi = new StatefulApi(chart, 'Orders', { ...API, ...api });
  const made = statefulApi.addBackup({ ...BACKUP, ...backup });
  const restoreChart = new Chart(Testing.app(), 'restore');
  made.restoreJobs(restoreChart);
  return { made, manifests: synth(chart), restores: synth(restoreChart) };
}

const podOf = (m: Manifest) => (m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template.spec : m.spec.template.spec);
const env = (m: Manifest) => Object.fromEntries(podOf(m).containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));

describe('perReplica: one backup claim and CronJob per data claim', () => {
  const { made, manifests, restores } = build();
  const cronJobs = manifests.filter((m) => m.kind === 'CronJob');

  test('each CronJob runs beside the one pod that mounts its ReadWriteOnce claim, nightly at 03:00 UTC', () => {
    expect(cronJobs.map((c) => c.metadata.name)).toEqual(['orders-backup-0', 'orders-backup-1', 'orders-backup-2']);
    cronJobs.forEach((cronJob, ordinal) => {
      expect(cronJob.spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
      expect(podOf(cronJob).affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([{
        topologyKey: 'kubernetes.io/hostname',
        labelSelector: { matchLabels: { app: 'orders', 'statefulset.kubernetes.io/pod-name': `orders-${ordinal}` } },
      }]);
    });
  });

  test('the data claim read-only, the backup claim writable; the command gets the contract\'s variables', () => {
    cronJobs.forEach((cronJob, ordinal) => {
      const pod = podOf(cronJob);
      expect(pod.containers[0].command).toEqual(['orders-dump']);
      expect(pod.volumes.slice(1)).toEqual([
        { name: `orders-data-orders-${ordinal}`, persistentVolumeClaim: { claimName: `orders-data-orders-${ordinal}`, readOnly: true } },
        { name: `orders-backup-${ordinal}`, persistentVolumeClaim: { claimName: `orders-backup-${ordinal}` } },
      ]);
      expect(pod.containers[0].volumeMounts.slice(1)).toEqual([
        { name: `orders-data-orders-${ordinal}`, mountPath: '/var/lib/orders', readOnly: true },
        { name: `orders-backup-${ordinal}`, mountPath: '/backups' },
      ]);
      expect(env(cronJob)).toEqual({ DATA_DIR: '/var/lib/orders', BACKUP_DIR: '/backups', BACKUP_KEEP: '7' });
    });
  });

  test('backup claims of their own, dynamically provisioned', () => {
    expect(manifests.filter((m) => m.kind === 'PersistentVolumeClaim').map((c) => [c.metadata.name, c.spec.storageClassName, c.spec.resources.requests.storage]))
      .toEqual([0, 1, 2].map((i) => [`orders-backup-${i}`, 'standard', '5Gi']));
    expect(manifests.some((m) => m.kind === 'PersistentVolume')).toBe(false);
    expect(made.claims).toHaveLength(3);
  });

  test('a restore Job per claim: the data writable, the backups read-only, no affinity (the service is scaled down), one try', () => {
    expect(restores.map((r) => `${r.kind}/${r.metadata.name}`)).toEqual(['Job/orders-restore-0', 'Job/orders-restore-1', 'Job/orders-restore-2']);
    const pod = podOf(restores[1]);
    expect(pod.containers[0].command).toEqual(['orders-load']);
    expect(pod.containers[0].volumeMounts.slice(1)).toEqual([
      { name: 'orders-data-orders-1', mountPath: '/var/lib/orders' },
      { name: 'orders-backup-1', mountPath: '/backups', readOnly: true },
    ]);
    expect(pod.affinity).toBeUndefined();
    expect(env(restores[1])).toMatchObject({ RESTORE_FROM: '' });
    expect(restores[1].spec.backoffLimit).toBe(0);
    expect(() => made.restoreJob(new Chart(Testing.app(), 'x'), 'R', 3)).toThrow(/ordinal 3 is not one of the data claims \(0 to 2\)/);
  });

  test('every object, the restore Jobs with them, passes every manifest check', () => {
    expect(checkManifests([...manifests, ...restores]).map(formatViolation)).toEqual([]);
  });
});

test('shared: one CronJob `<name>-backup` beside any pod, static hostPath volume for the backups, settings passed on', () => {
  const { manifests, restores } = build(
    { replicas: 2, storage: { mode: 'shared', mountPath: '/data', size: '1Gi', storageClassName: 'hostpath', hostPath: { path: '/data', capacity: '2Gi' } } },
    {
      schedule: '30 1 * * *', timeZone: 'Europe/Berlin', keep: 3, readOnlyData: false, env: { dbPath: '/data/x.db' },
      image: 'registry.example.com/orders-tools:2.0.0',
      storage: { size: '1Gi', storageClassName: 'hostpath', hostPath: { path: '/backups', capacity: '5Gi' } },
    },
  );
  const cronJob = only(manifests, 'CronJob', 'orders-backup');
  expect(cronJob.spec).toMatchObject({ schedule: '30 1 * * *', timeZone: 'Europe/Berlin' });
  expect(podOf(cronJob).affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector).toEqual({ matchLabels: { app: 'orders' } });
  expect(podOf(cronJob).containers[0].image).toBe('registry.example.com/orders-tools:2.0.0');
  expect(podOf(cronJob).containers[0].volumeMounts[1]).toEqual({ name: 'orders-data', mountPath: '/data' });
  expect(env(cronJob)).toEqual({ dbPath: '/data/x.db', DATA_DIR: '/data', BACKUP_DIR: '/backups', BACKUP_KEEP: '3' });
  const volume = only(manifests, 'PersistentVolume', 'orders-backup-volume');
  expect(volume.spec).toMatchObject({ hostPath: { path: '/backups' }, claimRef: { name: 'orders-backup', namespace: 'default' } });
  expect(only(manifests, 'PersistentVolumeClaim', 'orders-backup').spec.volumeName).toBe('orders-backup-volume');
  expect(restores.map((r) => r.metadata.name)).toEqual(['orders-restore']);
  expect(checkManifests([...manifests, ...restores]).map(formatViolation)).toEqual([]);
});

test("the backups' static volumes require the node holding their directory, as the data's do", () => {
  const { manifests } = build({}, { storage: { size: '1Gi', storageClassName: 'hostpath', hostPath: { path: '/backups', capacity: '1Gi', node: ['node-a', 'node-b'] } } });
  const volumes = manifests.filter((m) => m.kind === 'PersistentVolume' && m.metadata.name.startsWith('orders-backup'));
  expect(volumes.map((v) => [v.spec.hostPath.path, v.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values])).toEqual([
    ['/backups/0', ['node-a']], ['/backups/1', ['node-b']], ['/backups/2', ['node-a']],
  ]);
});

describe('through the server (a dump over the network): no data claim, the replica named, admitted by the NetworkPolicy', () => {
  const { manifests, restores } = build({}, { backupThroughServer: true, restoreThroughServer: true });
  const cronJobs = manifests.filter((m) => m.kind === 'CronJob');

  test("each pod gets its replica's DNS name and port instead of the data, and runs on any node", () => {
    [...cronJobs, ...restores].forEach((m, i) => {
      const ordinal = i % 3;
      const pod = podOf(m);
      expect(pod.affinity).toBeUndefined();
      expect(pod.containers[0].volumeMounts.slice(1)).toEqual([
        { name: `orders-backup-${ordinal}`, mountPath: '/backups', ...(m.kind === 'Job' ? { readOnly: true } : {}) },
      ]);
      expect(env(m)).toMatchObject({ SERVER_HOST: `orders-${ordinal}.orders-headless.default.svc.cluster.local`, SERVER_PORT: '8080' });
      expect(env(m).DATA_DIR).toBeUndefined();
    });
  });

  test("the service's NetworkPolicy admits the backup and restore pods, by their app label, in its namespace", () => {
    const from = only(manifests, 'NetworkPolicy').spec.ingress[0].from;
    expect(from).toEqual([0, 1, 2].flatMap((i) => [
      { podSelector: { matchLabels: { app: `orders-backup-${i}` } } },
      { podSelector: { matchLabels: { app: `orders-restore-${i}` } } },
    ]));
    expect([...cronJobs, ...restores].map((m) => (m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template : m.spec.template).metadata.labels.app))
      .toEqual(['orders-backup-0', 'orders-backup-1', 'orders-backup-2', 'orders-restore-0', 'orders-restore-1', 'orders-restore-2']);
    expect(checkManifests([...manifests, ...restores]).map(formatViolation)).toEqual([]);
  });

  test('only the backup through the server: the restore mounts the data and is not admitted; a shared claim is served by any pod', () => {
    const { manifests: shared, restores: sharedRestores } = build(
      { storage: { mode: 'shared', mountPath: '/data', size: '1Gi' }, clusterDomain: 'example.internal' }, { backupThroughServer: true },
    );
    expect(env(only(shared, 'CronJob'))).toMatchObject({ SERVER_HOST: 'orders-headless.default.svc.example.internal' });
    expect(only(shared, 'NetworkPolicy').spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { app: 'orders-backup' } } }]);
    expect(env(sharedRestores[0])).toMatchObject({ DATA_DIR: '/data' });
    expect(env(sharedRestores[0]).SERVER_HOST).toBeUndefined();
  });
});

test('impossible backup settings fail synth, naming the prop and the fix', () => {
  let message = '';
  try {
    build({}, {
      name: 'a-backup-name-that-is-far-too-long-for-its-cron-jobs-0', command: [], keep: 0, backupThroughServer: true, readOnlyData: false,
      storage: { size: '5Gi', hostPath: { path: 'backups', capacity: '1Gi' } },
    });
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toMatch(/^StatefulApi 'test\/Orders' backup: invalid configuration:/);
  for (const problem of [
    /- name: 'a-backup-name-that-is-far-too-long-for-its-cron-jobs-0-2' is not a DNS-1123 label of at most 52 characters/,
    /- command: is empty\. Fix: give the program that writes one backup/,
    /- keep: 0 is not a number of backups\. Fix: use a whole number of 1 or more/,
    /- readOnlyData: is false, but with backupThroughServer the backup pod mounts no data claim\. Fix: leave readOnlyData unset/,
    /- storage\.hostPath\.path: 'backups' is not an absolute path/,
    /- storage\.storageClassName: is required with static hostPath volumes/,
    /- storage\.size: the claim asks for 5Gi but its static volume offers only 1Gi\. Fix: lower storage\.size or raise storage\.hostPath\.capacity/,
  ]) expect(message).toMatch(problem);
});
