import { SecretValue } from '@remind-me/cdk8s-constructs';
import { backupObjects, componentsByApp, envOf, only, synth, synthExampleWithRestore, volumeAt } from '../../test/support/manifests';
import { postgresImageContract as image } from './image';
import { exampleApp, PostgresChart } from './main';

describe('the PostgreSQL example', () => {
  const { restoreApp, manifests, restores, sts, pod, container } = synthExampleWithRestore(exampleApp('out'), 'postgres');

  test("labels every namespaced object of the server as the database it is, the backup's as its own", () => {
    expect(componentsByApp(manifests)).toEqual({ postgres: ['database'], 'postgres-backup': ['backup', 'job'] });
  });

  test('is the namespace postgres, a StatefulSet postgres of one replica, with a claim each on /data/postgres/<ordinal>', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Namespace/postgres', 'Service/postgres-headless', 'Service/postgres', 'ConfigMap/postgres-config',
      'PersistentVolume/postgres-data-volume-0', 'StatefulSet/postgres', 'PodDisruptionBudget/postgres-pdb',
      'NetworkPolicy/postgres-ingress',
      'PersistentVolume/postgres-backup-volume', 'PersistentVolumeClaim/postgres-backup', 'CronJob/postgres-backup',
    ]);
    expect(new Set(manifests.filter((m) => m.kind !== 'Namespace' && m.kind !== 'PersistentVolume').map((m) => m.metadata.namespace)))
      .toEqual(new Set(['postgres']));
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual(['postgres-data']);
    expect(only(manifests, 'PersistentVolume', 'postgres-data-volume-0').spec).toMatchObject({
      hostPath: { path: '/data/postgres/0' },
      claimRef: { name: 'postgres-data-postgres-0', namespace: 'postgres' },
    });
    expect(container.volumeMounts).toContainEqual({ name: 'postgres-data', mountPath: image.dataDir });
  });

  test("runs the image's pinned tag as its user, which the image's passwd names", () => {
    expect(container.image).toBe(`remind-me-postgres:${image.imageTag}`);
    expect(pod.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, fsGroup: 999, runAsNonRoot: true });
    expect(image).toMatchObject({ uid: 999, gid: 999, user: 'postgres' });
  });

  test('creates the cluster on the claim at first start with the password file, then runs postgres with the mounted configuration', () => {
    expect(container.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(container.command[2]).toMatch(/^test -s "\$PGDATA\/PG_VERSION" \|\| initdb --username=postgres --pwfile=\/etc\/postgres-secret\/password /);
    expect(container.command[2]).toMatch(/\nexec postgres "\$@"$/);
    expect(container.args).toEqual(['-c', 'config_file=/etc/postgresql/postgresql.conf']);
    const config = only(manifests, 'ConfigMap').data;
    expect(config['postgresql.conf']).toContain("listen_addresses = '*'");
    expect(config['postgresql.conf']).toContain("unix_socket_directories = '/var/run/postgresql'");
    expect(config['pg_hba.conf']).toBe('local all all peer\nhost all all all scram-sha-256\n');
    expect(container.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/postgresql', readOnly: true });
  });

  test('reads the password from the Secret postgres-password, created by the operator unless given', () => {
    expect(pod.volumes).toContainEqual({ name: 'secrets', secret: { secretName: 'postgres-password', defaultMode: 0o440 } });
    expect(manifests.some((m) => m.kind === 'Secret')).toBe(false);
    const given = synth(new PostgresChart(exampleApp()[0], 'given', { password: SecretValue.fromLiteral('pw') }));
    expect(Buffer.from(only(given, 'Secret', 'postgres-password').data.password, 'base64').toString()).toBe('pw');
  });

  test('is ready by pg_isready, alive on a TCP connection: no HTTP probe', () => {
    const isReady = { command: ['pg_isready', '-h', '/var/run/postgresql', '-U', 'postgres'] };
    expect(container.readinessProbe).toMatchObject({ exec: isReady });
    expect(container.startupProbe).toMatchObject({ exec: isReady, periodSeconds: 2, failureThreshold: 90 });
    expect(container.livenessProbe).toMatchObject({ tcpSocket: { port: 'postgres' } });
    expect(JSON.stringify(manifests)).not.toContain('httpGet');
  });

  test('writes its sockets and /dev/shm to emptyDirs, /dev/shm in memory, on a read-only root', () => {
    expect(volumeAt(pod, '/var/run/postgresql')).toEqual({ name: 'var-run-postgresql', emptyDir: { sizeLimit: '64Mi' } });
    expect(volumeAt(pod, '/dev/shm')).toEqual({ name: 'dev-shm', emptyDir: { medium: 'Memory', sizeLimit: '128Mi' } });
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test("serves clients on the ClusterIP Service postgres, port 5432, to labelled pods of any namespace only, and to the backup's pods", () => {
    expect(only(manifests, 'Service', 'postgres').spec).toEqual({
      type: 'ClusterIP', selector: { app: 'postgres' },
      ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }],
    });
    expect(only(manifests, 'NetworkPolicy').spec).toEqual({
      podSelector: { matchLabels: { app: 'postgres' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [
          { namespaceSelector: { matchLabels: {} }, podSelector: { matchLabels: { 'postgres-client': 'true' } } },
          { podSelector: { matchLabels: { app: 'postgres-backup' } } },
          { podSelector: { matchLabels: { app: 'postgres-restore' } } },
        ],
        ports: [{ port: 5432, protocol: 'TCP' }],
      }],
    });
  });

  describe('the backup: pg_dump through the server, restored by pg_restore into it', () => {
    const { cronJob, restore, backupPod, restorePod } = backupObjects(manifests, restores, 'postgres');
    const server = {
      SERVER_HOST: 'postgres-0.postgres-headless.postgres.svc.cluster.local', SERVER_PORT: '5432',
      PGUSER: 'postgres', PGDATABASE: 'postgres', PGPASSWORD: { secretKeyRef: { name: 'postgres-password', key: 'password' } },
    };

    test('nightly at 03:00 UTC, 7 kept, in the image of the server, on the static volume /backups/postgres', () => {
      expect(cronJob.spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
      expect(backupPod.containers[0].image).toBe(container.image);
      expect(only(manifests, 'PersistentVolume', 'postgres-backup-volume').spec).toMatchObject({
        hostPath: { path: '/backups/postgres', type: 'Directory' }, claimRef: { name: 'postgres-backup', namespace: 'postgres' },
      });
      expect(envOf(backupPod)).toEqual({ ...server, BACKUP_DIR: '/backups', BACKUP_KEEP: '7' });
    });

    test('pg_dump --format=custom into a temporary file of ShellBackup, checked by listing it; no data claim, any node', () => {
      const [sh, c, , name, prefix, suffix, write, ready] = backupPod.containers[0].command;
      expect([sh, c, name, prefix, suffix]).toEqual(['sh', '-c', 'backup', 'postgres', '.dump']);
      // Until the server answers: its NetworkPolicy may refuse a new pod's first connections.
      expect(ready).toBe('pg_isready --host="$SERVER_HOST" --port="$SERVER_PORT" --timeout=5');
      expect(write).toBe('pg_dump --host="$SERVER_HOST" --port="$SERVER_PORT" --format=custom --file="$BACKUP_FILE"\n'
        + 'pg_restore --list "$BACKUP_FILE" >/dev/null');
      expect(backupPod.volumes.map((v: any) => v.persistentVolumeClaim?.claimName).filter(Boolean)).toEqual(['postgres-backup']);
      expect(backupPod.affinity).toBeUndefined();
    });

    test('the restore Job, in its own app under restore/: pg_restore --clean --if-exists in one transaction, the backups read-only', () => {
      expect(restoreApp.outdir).toBe('out/restore');
      expect(restores.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['Job/postgres-restore']);
      const [, , , name, prefix, suffix, load, ready] = restorePod.containers[0].command;
      expect([name, prefix, suffix, ready]).toEqual(['restore', 'postgres', '.dump', backupPod.containers[0].command[7]]);
      expect(load).toBe('pg_restore --host="$SERVER_HOST" --port="$SERVER_PORT" --clean --if-exists --single-transaction '
        + '--dbname="$PGDATABASE" "$BACKUP_FILE"');
      expect(restorePod.containers[0].volumeMounts.slice(1)).toEqual([{ name: 'postgres-backup', mountPath: '/backups', readOnly: true }]);
      expect(envOf(restorePod)).toEqual({ ...server, BACKUP_DIR: '/backups', BACKUP_KEEP: '7', RESTORE_FROM: '' });
      expect(restore.spec.backoffLimit).toBe(0);
    });
  });
});
