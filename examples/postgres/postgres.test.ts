import { Testing } from 'cdk8s';
import { checkManifests, formatViolation, SecretValue } from '@remind-me/cdk8s-constructs';
import { only, synth } from '../../test/support/manifests';
import { postgresImageContract as image } from './image';
import { PostgresChart } from './main';

describe('the PostgreSQL example', () => {
  const manifests = synth(new PostgresChart(Testing.app(), 'postgres'));
  const sts = only(manifests, 'StatefulSet', 'postgres');
  const pod = sts.spec.template.spec;
  const container = pod.containers[0];

  test('labels every namespaced object as the database it is', () => {
    const namespaced = manifests.filter((m) => m.kind !== 'Namespace' && m.kind !== 'PersistentVolume');
    expect(namespaced.map((m) => m.metadata.labels['app.kubernetes.io/component'])).toEqual(namespaced.map(() => 'database'));
  });

  test('passes every manifest check', () => {
    expect(checkManifests(manifests).map(formatViolation)).toEqual([]);
  });

  test('is the namespace postgres, a StatefulSet postgres of one replica, with a claim each on /data/postgres/<ordinal>', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Namespace/postgres', 'Service/postgres-headless', 'Service/postgres', 'ConfigMap/postgres-config',
      'PersistentVolume/postgres-data-volume-0', 'StatefulSet/postgres', 'PodDisruptionBudget/postgres-pdb',
      'NetworkPolicy/postgres-ingress',
    ]);
    expect(new Set(manifests.filter((m) => m.kind !== 'Namespace' && m.kind !== 'PersistentVolume').map((m) => m.metadata.namespace)))
      .toEqual(new Set(['postgres']));
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual(['postgres-data']);
    expect(only(manifests, 'PersistentVolume').spec).toMatchObject({
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
    const given = synth(new PostgresChart(Testing.app(), 'postgres', { password: SecretValue.fromLiteral('pw') }));
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
    expect(pod.volumes).toEqual(expect.arrayContaining([
      { name: 'var-run-postgresql', emptyDir: { sizeLimit: '64Mi' } },
      { name: 'dev-shm', emptyDir: { medium: 'Memory', sizeLimit: '128Mi' } },
    ]));
    expect(container.volumeMounts).toEqual(expect.arrayContaining([
      { name: 'var-run-postgresql', mountPath: '/var/run/postgresql' },
      { name: 'dev-shm', mountPath: '/dev/shm' },
    ]));
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('serves clients on the ClusterIP Service postgres, port 5432, to labelled pods of any namespace only', () => {
    expect(only(manifests, 'Service', 'postgres').spec).toEqual({
      type: 'ClusterIP', selector: { app: 'postgres' },
      ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }],
    });
    expect(only(manifests, 'NetworkPolicy').spec).toEqual({
      podSelector: { matchLabels: { app: 'postgres' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: {} }, podSelector: { matchLabels: { 'postgres-client': 'true' } } }],
        ports: [{ port: 5432, protocol: 'TCP' }],
      }],
    });
  });
});
