import { Testing } from 'cdk8s';
import { checkManifests, EnvValue, formatViolation, POD_FIELDS, RestrictedNamespace, SecretValue, StatefulApi } from '../../../lib/index';
import { Manifest, only, synth, volumeAt } from '../../support/manifests';

// PostgreSQL and Redis, the stateful services platform teams run most, built from the public
// props alone: no HTTP anywhere, configuration files, writable sockets and /dev/shm on the
// read-only root, and a ClusterIP Service for clients.

function postgres(): Manifest[] {
  const chart = Testing.chart();
  new RestrictedNamespace(chart, 'Namespace', { name: 'postgres' });
  const db = new StatefulApi(chart, 'Postgres', {
    name: 'postgres',
    namespace: 'postgres',
    image: 'registry.example.com/postgresql:15.8-1',
    command: ['/usr/lib/postgresql/15/bin/postgres'],
    args: ['-c', 'config_file=/etc/postgresql/postgresql.conf'],
    port: 5432,
    portName: 'postgres',
    env: {
      PGDATA: '/var/lib/postgresql/data/pgdata',
      POSTGRES_PASSWORD: EnvValue.fromSecret('postgres-secret', 'password'),
      POD_NAME: EnvValue.fromField(POD_FIELDS.name),
    },
    probes: {
      readiness: { exec: { command: ['pg_isready', '-h', '/var/run/postgresql', '-U', 'postgres'] }, timeoutSeconds: 3 },
      liveness: { tcp: {} },
      startup: { exec: { command: ['pg_isready', '-h', '/var/run/postgresql'] }, failureThreshold: 120 },
    },
    writablePaths: ['/var/run/postgresql', { path: '/dev/shm', medium: 'Memory', sizeLimit: '256Mi' }],
    securityContext: { runAsUser: 999, runAsGroup: 999, fsGroup: 999 },
    storage: { mountPath: '/var/lib/postgresql/data', size: '5Gi' },
    secret: { name: 'postgres-secret', mountPath: '/etc/postgres-secret', data: { password: SecretValue.fromLiteral('s3cret') }, defaultMode: 0o400 },
    config: { files: { 'postgresql.conf': "listen_addresses = '*'\nunix_socket_directories = '/var/run/postgresql'\n" }, mountPath: '/etc/postgresql' },
    clientService: {},
  });
  db.allowFrom({ 'postgres-client': 'true' }, { namespaceLabels: {} });
  return synth(chart);
}

function redis(): Manifest[] {
  const chart = Testing.chart();
  new StatefulApi(chart, 'Redis', {
    name: 'redis',
    namespace: 'redis',
    image: 'registry.example.com/redis:7.0.15-1',
    args: ['/etc/redis/redis.conf'],
    port: 6379,
    portName: 'redis',
    probes: { readiness: { exec: { command: ['redis-cli', 'ping'] } }, liveness: { tcp: { port: 'redis' } } },
    storage: { mountPath: '/data', size: '1Gi' },
    config: { files: { 'redis.conf': 'appendonly yes\ndir /data\n' }, mountPath: '/etc/redis', subPath: true },
    clientService: { name: 'redis' },
    egress: {},
  });
  return synth(chart);
}

/** Every probe of every container, as written. */
function probesOf(manifests: Manifest[]) {
  const pod = only(manifests, 'StatefulSet').spec.template.spec;
  return [...pod.containers, ...pod.initContainers ?? []].flatMap((container) =>
    ['startupProbe', 'readinessProbe', 'livenessProbe'].map((kind) => container[kind]).filter(Boolean));
}

describe.each([['PostgreSQL', postgres], ['Redis', redis]])('a %s-shaped service', (_, build) => {
  const manifests = build();

  test('passes every check: schemas of 1.27 and 1.35, "restricted", probes, resources, wiring', () => {
    expect(checkManifests(manifests).map(formatViolation)).toEqual([]);
  });

  test('has no HTTP probe anywhere', () => {
    expect(probesOf(manifests).length).toBe(3);
    for (const probe of probesOf(manifests)) expect(probe.httpGet).toBeUndefined();
  });
});

describe('the PostgreSQL-shaped service', () => {
  const manifests = postgres();
  const pod = only(manifests, 'StatefulSet').spec.template.spec;
  const container = pod.containers[0];

  test('runs the server with its command and args on the named port 5432', () => {
    expect(container.command).toEqual(['/usr/lib/postgresql/15/bin/postgres']);
    expect(container.args).toEqual(['-c', 'config_file=/etc/postgresql/postgresql.conf']);
    expect(container.ports).toEqual([{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }]);
  });

  test('is ready by pg_isready, alive by a TCP connection to its port, given two minutes to start', () => {
    expect(container.readinessProbe).toEqual({ exec: { command: ['pg_isready', '-h', '/var/run/postgresql', '-U', 'postgres'] },
      periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 3 });
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 'postgres' }, periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 2 });
    expect(container.startupProbe).toMatchObject({ exec: { command: ['pg_isready', '-h', '/var/run/postgresql'] }, periodSeconds: 1, failureThreshold: 120 });
  });

  test('reads its password from the Secret key and its name from the pod', () => {
    expect(container.env).toEqual([
      { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
      { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'postgres-secret', key: 'password' } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]);
  });

  test('writes its socket directory and /dev/shm to emptyDirs, /dev/shm in memory; the root stays read-only', () => {
    expect(volumeAt(pod, '/var/run/postgresql')).toEqual({ name: 'var-run-postgresql', emptyDir: { sizeLimit: '64Mi' } });
    expect(volumeAt(pod, '/dev/shm')).toEqual({ name: 'dev-shm', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } });
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('mounts postgresql.conf from the ConfigMap as a file, and the Secret files readable by the owner only', () => {
    expect(only(manifests, 'ConfigMap').data).toEqual({ 'postgresql.conf': expect.stringContaining('listen_addresses') });
    expect(pod.volumes).toEqual(expect.arrayContaining([
      { name: 'config', configMap: { name: 'postgres-config', items: [{ key: 'postgresql.conf', path: 'postgresql.conf' }] } },
      { name: 'secrets', secret: { secretName: 'postgres-secret', defaultMode: 0o400 } },
    ]));
    expect(container.volumeMounts).toEqual(expect.arrayContaining([{ name: 'config', mountPath: '/etc/postgresql', readOnly: true }]));
    expect(container.envFrom).toBeUndefined();
  });

  test('a ClusterIP Service postgres on 5432 for clients, beside the headless one', () => {
    const client = only(manifests, 'Service', 'postgres');
    expect(client.spec).toEqual({ type: 'ClusterIP', selector: { app: 'postgres' },
      ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }] });
    expect(only(manifests, 'Service', 'postgres-headless').spec.clusterIP).toBe('None');
  });

  test('admits only labelled clients of any namespace, namespace and pod selector in one peer', () => {
    expect(only(manifests, 'NetworkPolicy').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: {} }, podSelector: { matchLabels: { 'postgres-client': 'true' } } }],
      ports: [{ port: 5432, protocol: 'TCP' }],
    }]);
  });
});

describe('the Redis-shaped service', () => {
  const manifests = redis();
  const container = only(manifests, 'StatefulSet').spec.template.spec.containers[0];

  test('names its redis.conf, mounted from the ConfigMap, in args; appendonly on the claim', () => {
    expect(container.args).toEqual(['/etc/redis/redis.conf']);
    expect(container.command).toBeUndefined();
    expect(only(manifests, 'ConfigMap').data['redis.conf']).toContain('appendonly yes');
    expect(container.volumeMounts).toEqual(expect.arrayContaining([
      { name: 'config', mountPath: '/etc/redis/redis.conf', subPath: 'redis.conf', readOnly: true },
      { name: 'redis-data', mountPath: '/data' },
    ]));
  });

  test('ready on redis-cli ping, alive on a TCP connection', () => {
    expect(container.readinessProbe.exec).toEqual({ command: ['redis-cli', 'ping'] });
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 'redis' });
    expect(container.startupProbe).toEqual({ tcpSocket: { port: 'redis' }, periodSeconds: 1, failureThreshold: 60, timeoutSeconds: 1 });
  });

  test('a ClusterIP Service redis on 6379; egress limited to DNS', () => {
    expect(only(manifests, 'Service', 'redis').spec.ports).toEqual([{ name: 'redis', port: 6379, targetPort: 'redis', protocol: 'TCP' }]);
    const policy = only(manifests, 'NetworkPolicy').spec;
    expect(policy.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
    }]);
  });
});
