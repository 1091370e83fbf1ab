import { Testing } from 'cdk8s';
import { EnvValue, StatefulApi, StatefulApiProps, StatelessWeb, warningsOf } from '../../../lib/index';
import { tcpStatefulApiProps } from '../../support/props';

// Impossible configurations fail synth, naming the prop, the problem and the fix.

const BASE = tcpStatefulApiProps('db', 5432, 'db', '/var/lib/db');

function errorOf(props: Partial<StatefulApiProps>): string {
  try {
    new StatefulApi(Testing.chart(), 'Db', { ...BASE, ...props });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the construct to refuse these props');
}

test.each<[string, Partial<StatefulApiProps>, RegExp]>([
  ['an exec probe with an empty command', { probes: { readiness: { exec: { command: [] } } } },
    /probes\.readiness\.exec\.command: is empty\. Fix: name the program and its arguments/],
  ['a probe with two checks', { probes: { liveness: { tcp: {}, exec: { command: ['true'] } } } },
    /probes\.liveness: has tcp and exec\. Fix: set exactly one of http, tcp, exec and grpc/],
  ['a probe on a port the container does not have', { probes: { readiness: { tcp: { port: 'http' } } } },
    /probes\.readiness\.tcp\.port: 'http' is not a port of the container\. Fix: use a port number, or one of db/],
  ['a command as an HTTP path', { probes: { readiness: 'pg_isready -U postgres' } },
    /probes\.readiness: 'pg_isready -U postgres' is not an HTTP path\. Fix: start it with "\/", or give a tcp, exec or grpc probe/],
  ['a path and a probe for readiness', { probes: { readinessPath: '/ready', readiness: { tcp: {} } } },
    /probes\.readinessPath: is set together with probes\.readiness/],
  ['a liveness successThreshold above 1', { probes: { liveness: { tcp: {}, successThreshold: 2 } } },
    /probes\.liveness\.successThreshold: must be 1 for a liveness probe/],
  ['a port name used twice', { extraPorts: [{ name: 'db', port: 9000 }] },
    /ports\.db: the port name 'db' is used twice in the pod\. Fix: give every port/],
  ['a port name that is not an IANA name', { portName: 'PostgreSQL-Server' },
    /portName: 'PostgreSQL-Server' is not a port name/],
  ['runAsUser 0', { securityContext: { runAsUser: 0 } },
    /securityContext\.runAsUser: 0 is not a non-root user id; the "restricted" Pod Security Standard forbids user 0/],
  ['a negative group', { securityContext: { runAsGroup: -1 } }, /securityContext\.runAsGroup: -1 is not a group id/],
  ['DNS egress blocked with rules that need names', { egress: { allowDns: false, to: [{ podLabels: { app: 'x' } }] } },
    /egress\.allowDns: is false, so DNS egress is blocked.*Fix: leave egress\.allowDns unset/],
  ['an egress rule without a destination', { egress: { to: [{}] } }, /egress\.to\[0\]: names no destination/],
  ['a sizeLimit that is not a quantity', { writablePaths: [{ path: '/run/db', sizeLimit: 'lots' }] },
    /writablePaths\[0\]\.sizeLimit: 'lots' is not a Kubernetes quantity/],
  ['a volume sizeLimit that is not a quantity', { volumes: [{ name: 'scratch', emptyDir: { sizeLimit: '1 GB' } }] },
    /volumes\[0\]\.emptyDir\.sizeLimit: '1 GB' is not a Kubernetes quantity/],
  ['a writable path on the data mount', { writablePaths: ['/var/lib/db/tmp'] },
    /writablePaths\[0\]: '\/var\/lib\/db\/tmp' overlaps the db-data volume mounted at '\/var\/lib\/db'/],
  ['native sidecars below the version that has them', { nativeSidecars: true, kubernetesVersions: ['v1.27.0', 'v1.35.0'] },
    /nativeSidecars: native sidecars came in Kubernetes 1\.29 \(on by default\), but the lowest targeted version is v1\.27\.0\. Fix: raise the lowest of kubernetesVersions/],
  ['a sidecar without probes below 1.29', { sidecars: [{ name: 'logs', image: 'registry.example.com/logs:1.0.0' }] },
    /sidecars\[0\]: runs as a regular container \(no native sidecars\), which needs a readiness and a liveness probe/],
  ['a sidecar probe without a port, on a sidecar without ports', { sidecars: [{ name: 'logs', image: 'registry.example.com/logs:1.0.0',
    readiness: { tcp: {} }, liveness: { exec: { command: ['true'] } } }] },
  /sidecars\[0\]\.readiness\.tcp\.port: is not given, and the container has no port to default to/],
  ['two containers of one name', { initContainers: [{ name: 'db', image: 'registry.example.com/db:1.0.0' }] },
    /initContainers\[0\]\.name: 'db' is the name of another container of the pod/],
  ['an unpinned init container image', { initContainers: [{ name: 'migrate', image: 'registry.example.com/migrate:latest' }] },
    /initContainers\[0\]\.image: 'registry\.example\.com\/migrate:latest' is not pinned/],
  ['a mount of a volume that does not exist', { volumeMounts: [{ name: 'certs', mountPath: '/certs' }] },
    /volumeMounts\[0\]\.name: 'certs' is not a volume of the pod\. Fix: add it to volumes, or mount one of tmp, db-data/],
  ['a volume of two types', { volumes: [{ name: 'x', emptyDir: {}, secret: { secretName: 'x' } }] },
    /volumes\[0\]: has emptyDir and secret/],
  ['a pod field the downward API does not offer', { env: { HOST: EnvValue.fromField('spec.hostname') } },
    /env\.HOST: 'spec\.hostname' is not a pod field the downward API offers/],
  ['envFrom with both sources', { envFrom: [{ configMap: 'a', secret: 'b' }] }, /envFrom\[0\]: names neither or both/],
  ['a config file without a mount path', { config: { files: { 'redis.conf': 'x' } } },
    /config\.mountPath: is required with config\.files/],
  ['a config key both a setting and a file', { config: { data: { a: '1' }, files: { a: '2' }, mountPath: '/etc/db' } },
    /config\.files\.a: is also a key of config\.data/],
  ['hard anti-affinity with one shared ReadWriteOnce claim', { replicas: 2, antiAffinity: 'hard', storage: { ...BASE.storage, mode: 'shared' } },
    /antiAffinity: 'hard' puts every replica on its own node, but 2 replicas share one ReadWriteOnce claim/],
  ['an existing claim with a size', { storage: { mountPath: '/var/lib/db', size: '1Gi', existingClaim: 'db-data' } },
    /storage\.existingClaim: is set with size/],
  ['no size and no existing claim', { storage: { mountPath: '/var/lib/db' } }, /storage\.size: is required/],
  ['a retention policy on a shared claim', { storage: { ...BASE.storage, mode: 'shared', persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } } },
    /storage\.persistentVolumeClaimRetentionPolicy: applies to claim templates only/],
  ['a client Service named like the headless one', { clientService: { name: 'db-headless' } }, /clientService\.name: is the name of the headless Service/],
  ['podLabels that override the selector', { podLabels: { app: 'other' } }, /podLabels: sets a label the construct owns/],
  ['a Secret file mode out of range', { secret: { name: 's', mountPath: '/etc/s', defaultMode: 0o1777 } }, /secret\.defaultMode: 1023 is not a file mode/],
])('refuses %s', (_, props, message) => {
  expect(errorOf(props)).toMatch(message);
});

test('allowFrom refuses a port the pods do not have', () => {
  const api = new StatefulApi(Testing.chart(), 'Db', BASE);
  expect(() => api.allowFrom({ app: 'x' }, { ports: ['http'] })).toThrow(/ports: 'http' is not a port of the pods\. Fix: use one of db/);
});

test('StatelessWeb refuses the workload problems too', () => {
  expect(() => new StatelessWeb(Testing.chart(), 'Web', {
    name: 'web', image: 'registry.example.com/web:1.0.0', port: 8080, securityContext: { runAsUser: 0 },
  })).toThrow(/securityContext\.runAsUser: 0 is not a non-root user id/);
});

test('warns when a port named as something other than HTTP gets the default HTTP probes', () => {
  const chart = Testing.chart();
  new StatefulApi(chart, 'Db', { ...BASE, probes: { liveness: { tcp: {} } } });
  expect(warningsOf(chart)).toEqual([`[test/Db] probes: the readiness probe defaults to an HTTP GET of / on port 'db'; a server that speaks `
    + 'no HTTP never gets Ready. Give probes.readiness and probes.liveness: { tcp: {} } or { exec: { command: [...] } }.']);
  const quiet = Testing.chart();
  new StatefulApi(quiet, 'Db', BASE);
  new StatelessWeb(quiet, 'Web', { name: 'web', image: 'registry.example.com/web:1.0.0', port: 8080, portName: 'web' });
  expect(warningsOf(quiet)).toEqual([]);
});
