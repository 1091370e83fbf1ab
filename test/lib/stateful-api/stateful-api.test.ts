import { createHash } from 'crypto';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import { SecretValue, StatefulApi, StatefulApiProps, warningsOf } from '../../../lib/index';
import { Manifest, only, synth } from '../../support/manifests';

const MINIMAL: StatefulApiProps = {
  name: 'orders',
  image: 'registry.example.com/orders:1.4.2',
  port: 8080,
  storage: { mountPath: '/var/lib/orders', size: '1Gi' },
};

function build(props: Partial<StatefulApiProps> = {}): { api: StatefulApi; manifests: Manifest[]; chart: Chart } {
  const chart = Testing.chart();
  const api = new StatefulApi(chart, 'Orders', { ...MINIMAL, ...props });
  return { api, manifests: synth(chart), chart };
}

function errorOf(props: Partial<StatefulApiProps>): string {
  try {
    build(props);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the construct to refuse these props');
}

describe('StatefulApi with minimal props', () => {
  // GIVEN only a name, an image, a port and storage
  const { api, manifests } = build();
  const sts = only(manifests, 'StatefulSet');
  const pod = sts.spec.template.spec;

  test('creates the headless Service that governs the StatefulSet, by name', () => {
    const service = only(manifests, 'Service');
    expect(service.metadata.name).toBe('orders-headless');
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
    expect(sts.spec.serviceName).toBe(service.metadata.name);
    expect(api.service.name).toBe('orders-headless');
  });

  test('gives every object a readable name and selects pods by a fixed label, never a hash', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Service/orders-headless', 'StatefulSet/orders', 'PodDisruptionBudget/orders-pdb', 'NetworkPolicy/orders-ingress',
    ]);
    expect(sts.spec.selector).toEqual({ matchLabels: { app: 'orders' } });
    expect(sts.spec.template.metadata.labels).toMatchObject(sts.spec.selector.matchLabels);
    expect(JSON.stringify(manifests)).not.toContain('cdk8s.io/metadata.addr');
    expect(sts.metadata.namespace).toBe('default');
  });

  test('defaults to one replica, ordered pods, rolling updates and one claim per replica', () => {
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.podManagementPolicy).toBe('OrderedReady');
    expect(sts.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(sts.spec.volumeClaimTemplates).toHaveLength(1);
    const template = sts.spec.volumeClaimTemplates[0];
    expect(template.metadata.name).toBe('orders-data');
    expect(template.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'orders-data', mountPath: '/var/lib/orders' });
    expect(manifests.some((m) => m.kind === 'PersistentVolume' || m.kind === 'PersistentVolumeClaim')).toBe(false);
  });

  test('runs the pod as the "restricted" standard requires', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001,
      fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(pod.volumes).toContainEqual({ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } });
  });

  test('adds small requests and limits and distinct HTTP probes on the named port', () => {
    const container = pod.containers[0];
    expect(container.resources).toEqual({
      requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '256Mi' },
    });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/', port: 'http' });
    expect(container.livenessProbe).not.toEqual(container.readinessProbe);
    // Liveness is held back until the process answers: up to 60 s, asked every second.
    expect(container.startupProbe).toEqual({ httpGet: { path: '/', port: 'http' }, periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 60 });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(container.image).toBe('registry.example.com/orders:1.4.2');
    expect(container.imagePullPolicy).toBe('IfNotPresent');
  });

  test('labels every object the Kubernetes way', () => {
    for (const manifest of manifests) {
      expect(manifest.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'orders',
        'app.kubernetes.io/component': 'api',
        'app.kubernetes.io/version': '1.4.2',
        'app.kubernetes.io/managed-by': 'cdk8s',
      });
    }
  });

  test('admits no client until one is allowed, and keeps a budget of one pod down', () => {
    expect(only(manifests, 'NetworkPolicy').spec).toEqual({
      podSelector: { matchLabels: { app: 'orders' } }, policyTypes: ['Ingress'], ingress: [],
    });
    expect(only(manifests, 'PodDisruptionBudget').spec).toEqual({
      maxUnavailable: 1, selector: { matchLabels: { app: 'orders' } },
    });
    expect(api.podDisruptionBudget.name).toBe('orders-pdb');
    expect(api.networkPolicy.name).toBe('orders-ingress');
  });

  test('spreads replicas over nodes when it can', () => {
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm)
      .toEqual({ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'orders' } } });
  });
});

describe('StatefulApi with all props', () => {
  // GIVEN every prop set
  const { api, manifests } = build({
    namespace: 'shop',
    statefulSetName: 'orders-set',
    serviceName: 'orders-peers',
    containerName: 'server',
    imagePullPolicy: 'Always',
    replicas: 2,
    env: { LOG_LEVEL: 'debug' },
    resources: { requests: { cpu: '50m' }, limits: { memory: '512Mi' } },
    probes: { readinessPath: '/ready', livenessPath: '/live', startupSeconds: 180 },
    securityContext: { runAsUser: 2000, runAsGroup: 3000, fsGroup: 4000 },
    partOf: 'shop',
    maxUnavailable: 0,
    terminationGracePeriodSeconds: 60,
    podManagementPolicy: 'Parallel',
    updateStrategy: 'OnDelete',
    publishNotReadyAddresses: true,
    clusterDomain: 'example.internal',
    scheme: 'https',
    persistentPaths: { database: '/var/lib/orders/orders.db' },
    storage: {
      mode: 'perReplica', mountPath: '/var/lib/orders', size: '2Gi', accessMode: 'ReadWriteOncePod',
      storageClassName: 'local', claimName: 'state',
      hostPath: { path: '/srv/orders', capacity: '5Gi', volumeName: 'orders-disk', accessModes: ['ReadWriteOncePod'] },
    },
    secret: {
      name: 'orders-secret', mountPath: '/etc/orders',
      data: { 'token': SecretValue.fromLiteral('s3cret'), 'other': SecretValue.fromLiteral('x') },
      items: ['token'],
    },
    config: { name: 'orders-settings', data: { MODE: 'strict' } },
  });
  const sts = only(manifests, 'StatefulSet');
  const pod = sts.spec.template.spec;
  const container = pod.containers[0];

  test('puts every namespaced object in the namespace, and volumes in none', () => {
    for (const manifest of manifests) {
      expect(manifest.metadata.namespace).toBe(manifest.kind === 'PersistentVolume' ? undefined : 'shop');
    }
  });

  test('orders Services, config and storage before the workload that uses them', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Service/orders-peers', 'ConfigMap/orders-settings', 'Secret/orders-secret',
      'PersistentVolume/orders-disk-0', 'PersistentVolume/orders-disk-1',
      'StatefulSet/orders-set', 'PodDisruptionBudget/orders-pdb', 'NetworkPolicy/orders-ingress',
    ]);
  });

  test('applies the workload settings', () => {
    expect(sts.spec).toMatchObject({
      serviceName: 'orders-peers', replicas: 2, podManagementPolicy: 'Parallel', updateStrategy: { type: 'OnDelete' },
    });
    expect(only(manifests, 'Service').spec.publishNotReadyAddresses).toBe(true);
    expect(container.name).toBe('server');
    expect(container.imagePullPolicy).toBe('Always');
    expect(container.env).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
    expect(container.resources.requests.cpu).toBe('50m');
    expect(container.resources.limits.memory).toBe('512Mi');
    expect(container.readinessProbe.httpGet.path).toBe('/ready');
    expect(container.livenessProbe.httpGet.path).toBe('/live');
    expect(container.startupProbe).toMatchObject({ httpGet: { path: '/live' }, periodSeconds: 1, failureThreshold: 180 });
    expect(pod.securityContext).toMatchObject({ runAsUser: 2000, runAsGroup: 3000, fsGroup: 4000 });
    expect(pod.terminationGracePeriodSeconds).toBe(60);
    expect(only(manifests, 'PodDisruptionBudget').spec.maxUnavailable).toBe(0);
    expect(sts.metadata.labels['app.kubernetes.io/part-of']).toBe('shop');
  });

  test('pre-binds one static volume to each replica claim, namespace included', () => {
    const volume = only(manifests, 'PersistentVolume', 'orders-disk-1');
    expect(volume.spec).toEqual({
      storageClassName: 'local',
      capacity: { storage: '5Gi' },
      accessModes: ['ReadWriteOncePod'],
      persistentVolumeReclaimPolicy: 'Retain',
      hostPath: { path: '/srv/orders/1', type: 'Directory' },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'state-orders-set-1', namespace: 'shop' },
    });
    expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe('state');
    expect(api.claimName(1)).toBe('state-orders-set-1');
    expect(api.volumes.map((v) => v.name)).toEqual(['orders-disk-0', 'orders-disk-1']);
  });

  test('keeps release labels off claim templates, which Kubernetes will not let change', () => {
    expect(sts.spec.volumeClaimTemplates[0].metadata.labels['app.kubernetes.io/version']).toBeUndefined();
    expect(only(manifests, 'PersistentVolume', 'orders-disk-0').metadata.labels['app.kubernetes.io/version']).toBeUndefined();
  });

  test('mounts the chosen Secret keys read-only, and passes the ConfigMap as environment', () => {
    const secret = only(manifests, 'Secret');
    expect(secret.data).toEqual({ token: Buffer.from('s3cret').toString('base64'), other: 'eA==' });
    expect(secret.stringData).toBeUndefined();
    expect(pod.volumes).toContainEqual({ name: 'secrets', secret: { secretName: 'orders-secret', items: [{ key: 'token', path: 'token' }] } });
    expect(container.volumeMounts).toContainEqual({ name: 'secrets', mountPath: '/etc/orders', readOnly: true });
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'orders-settings' } }]);
    expect(Object.keys(sts.spec.template.metadata.annotations)).toEqual(['checksum/config', 'checksum/secret']);
  });

  test('builds pod DNS names and URLs from the set, the Service, the namespace and the domain', () => {
    expect(api.podDnsName(1)).toBe('orders-set-1.orders-peers.shop.svc.example.internal');
    expect(api.podUrl(0)).toBe('https://orders-set-0.orders-peers.shop.svc.example.internal:8080');
    expect(() => api.podDnsName(-1)).toThrow(/ordinal -1/);
  });
});

describe('StatefulApi storage modes', () => {
  test('shared mode on a static volume: one claim for all, pre-bound both ways', () => {
    // GIVEN the chapter's layout with one replica
    const { api, manifests } = build({
      storage: {
        mode: 'shared', mountPath: '/data', size: '3Gi', storageClassName: 'hostpath',
        hostPath: { path: '/data', capacity: '10Gi' },
      },
    });
    // THEN
    const claim = only(manifests, 'PersistentVolumeClaim');
    const volume = only(manifests, 'PersistentVolume');
    expect(claim.spec.volumeName).toBe(volume.metadata.name);
    expect(volume.spec.claimRef).toMatchObject({ name: claim.metadata.name, namespace: 'default' });
    expect(volume.spec.hostPath.path).toBe('/data');
    const sts = only(manifests, 'StatefulSet');
    expect(sts.spec.volumeClaimTemplates).toBeUndefined();
    expect(sts.spec.template.spec.volumes).toContainEqual({ name: 'orders-data', persistentVolumeClaim: { claimName: 'orders-data' } });
    expect(api.claim?.name).toBe('orders-data');
    expect(api.claimName(2)).toBe('orders-data');
  });

  test('static volumes require the node holding their directory: one node, or one per replica in order', () => {
    // GIVEN three replicas whose directories are on two nodes
    const { manifests } = build({
      replicas: 3,
      storage: { mountPath: '/data', size: '1Gi', storageClassName: 'hostpath', hostPath: { path: '/data', capacity: '1Gi', node: ['node-a', 'node-b'] } },
    });
    // THEN each volume requires its node by hostname label, replica i on node i mod 2
    const nodeOf = (v: Manifest) => v.spec.nodeAffinity.required.nodeSelectorTerms;
    const volumes = manifests.filter((m) => m.kind === 'PersistentVolume');
    expect(volumes.map((v) => [v.spec.hostPath.path, nodeOf(v)[0].matchExpressions[0].values])).toEqual([
      ['/data/0', ['node-a']], ['/data/1', ['node-b']], ['/data/2', ['node-a']],
    ]);
    expect(nodeOf(volumes[0])).toEqual([{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-a'] }] }]);
    // AND one node for a shared claim's one volume
    const shared = build({
      storage: { mode: 'shared', mountPath: '/data', size: '1Gi', storageClassName: 'hostpath', hostPath: { path: '/data', capacity: '1Gi', node: 'node-b' } },
    });
    expect(nodeOf(only(shared.manifests, 'PersistentVolume'))[0].matchExpressions[0].values).toEqual(['node-b']);
  });

  test('without a node a static volume has no node affinity and its directory must exist', () => {
    const { manifests } = build({ storage: { mountPath: '/data', size: '1Gi', storageClassName: 'hostpath', hostPath: { path: '/data', capacity: '1Gi' } } });
    const volume = only(manifests, 'PersistentVolume');
    expect(volume.spec.nodeAffinity).toBeUndefined();
    expect(volume.spec.hostPath).toEqual({ path: '/data/0', type: 'Directory' });
  });

  test('dynamic provisioning: claims name the class and no volume is made', () => {
    const { manifests } = build({ storage: { mountPath: '/data', size: '3Gi', storageClassName: 'fast-ssd' } });
    expect(only(manifests, 'StatefulSet').spec.volumeClaimTemplates[0].spec.storageClassName).toBe('fast-ssd');
    expect(manifests.some((m) => m.kind === 'PersistentVolume')).toBe(false);
  });

  test('a shared ReadWriteOnce claim with several replicas synthesizes, keeps pods on one node, and warns', () => {
    // GIVEN three replicas sharing one ReadWriteOnce claim
    const { chart, manifests } = build({
      replicas: 3, storage: { mode: 'shared', mountPath: '/data', size: '1Gi' },
    });
    // THEN a warning says all replicas must run on one node
    expect(warningsOf(chart)).toEqual([expect.stringMatching(
      /one ReadWriteOnce claim 'orders-data' is shared by 3 replicas: all of them must run on one node/)]);
    const affinity = only(manifests, 'StatefulSet').spec.template.spec.affinity;
    expect(affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
    expect(affinity.podAntiAffinity).toBeUndefined();
  });

  test('no warning for one replica, for one claim each, or for ReadWriteMany', () => {
    const shared = { mode: 'shared' as const, mountPath: '/data', size: '1Gi' };
    expect(warningsOf(build({ replicas: 1, storage: shared }).chart)).toEqual([]);
    expect(warningsOf(build({ replicas: 3 }).chart)).toEqual([]);
    expect(warningsOf(build({ replicas: 3, storage: { ...shared, accessMode: 'ReadWriteMany' } }).chart)).toEqual([]);
  });
});

describe('StatefulApi secrets and clients', () => {
  test('reads Secret values from the environment and from files at synth time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-'));
    writeFileSync(join(dir, 'key.pem'), 'PEM');
    process.env.ORDERS_TOKEN = 'from-env';
    try {
      const { manifests } = build({
        secret: {
          name: 'orders-secret', mountPath: '/etc/orders',
          data: { token: SecretValue.fromEnv('ORDERS_TOKEN'), key: SecretValue.fromFile(join(dir, 'key.pem')) },
        },
      });
      expect(only(manifests, 'Secret').data).toEqual({
        token: Buffer.from('from-env').toString('base64'), key: Buffer.from('PEM').toString('base64'),
      });
    } finally {
      delete process.env.ORDERS_TOKEN;
    }
  });

  test('mounts an existing Secret by name and creates none', () => {
    const { api, manifests } = build({ secret: { name: 'vault-synced', mountPath: '/etc/orders' } });
    expect(manifests.some((m) => m.kind === 'Secret')).toBe(false);
    expect(api.secret).toBeUndefined();
    const sts = only(manifests, 'StatefulSet');
    expect(sts.spec.template.spec.volumes).toContainEqual({ name: 'secrets', secret: { secretName: 'vault-synced' } });
    expect(sts.spec.template.metadata.annotations).toBeUndefined();
  });

  test('the pod checksum changes when the Secret content changes', () => {
    const annotation = (value: string) => only(build({
      secret: { name: 's', mountPath: '/etc/s', data: { v: SecretValue.fromLiteral(value) } },
    }).manifests, 'StatefulSet').spec.template.metadata.annotations['checksum/secret'];
    expect(annotation('one')).not.toEqual(annotation('two'));
    expect(annotation('one')).toEqual(annotation('one'));
  });

  test('the Secret checksum, readable by whoever may read pods, is no plain hash of the content', () => {
    const data = { password: 'hunter2' };
    const annotations = only(build({
      secret: { name: 's', mountPath: '/etc/s', data: { password: SecretValue.fromLiteral(data.password) } },
    }).manifests, 'StatefulSet').spec.template.metadata.annotations;
    const plain = createHash('sha256').update(JSON.stringify(data)).digest('hex');
    expect(annotations['checksum/secret']).toMatch(/^[0-9a-f]{64}$/);
    expect(annotations['checksum/secret']).not.toEqual(plain);
  });

  test('allowFrom admits the given pods to the API port only', () => {
    const chart = Testing.chart();
    const api = new StatefulApi(chart, 'Orders', MINIMAL);
    api.allowFrom({ app: 'shop-web' });
    api.allowFrom({ app: 'batch' });
    expect(only(synth(chart), 'NetworkPolicy').spec.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: { app: 'shop-web' } } }, { podSelector: { matchLabels: { app: 'batch' } } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });

  test('a URL on the scheme default port leaves the port out', () => {
    expect(build({ port: 80 }).api.podUrl(0)).toBe('http://orders-0.orders-headless.default.svc.cluster.local');
  });
});

describe('StatefulApi refuses impossible configurations with the prop and the fix', () => {
  const hostPathStorage = {
    mode: 'shared' as const, mountPath: '/data', size: '3Gi', storageClassName: 'hostpath',
    hostPath: { path: '/data', capacity: '10Gi' },
  };
  test.each<[string, Partial<StatefulApiProps>, RegExp]>([
    ['a name that is not DNS-1123', { name: 'Orders_API' }, /name: 'Orders_API' is not a DNS-1123 label.*Fix: use lower-case/],
    ['a namespace that is not DNS-1123', { namespace: 'My Space' }, /namespace: 'My Space' is not a DNS-1123 label/],
    ['a Service name that starts with a digit', { serviceName: '1orders' }, /serviceName: '1orders' is not a valid Service name.*starting with a letter/],
    ['a StatefulSet name too long for pod names', { statefulSetName: 'a'.repeat(53) }, /statefulSetName: is longer than 52 characters/],
    ['port 0', { port: 0 }, /port: 0 is not a port number. Fix: use a whole number from 1 to 65535/],
    ['port 70000', { port: 70000 }, /port: 70000 is not a port number/],
    ['negative replicas', { replicas: -1 }, /replicas: -1 is not a replica count. Fix: use a whole number, 0 or more/],
    ['an image without a tag', { image: 'orders' }, /image: 'orders' is not pinned to a tag or digest. Fix: add a version tag/],
    ['an image tagged latest', { image: 'registry:5000/orders:latest' }, /image: 'registry:5000\/orders:latest' is not pinned/],
    ['a claim larger than its static volume',
      { storage: { ...hostPathStorage, size: '20Gi' } },
      /storage.size: the claim asks for 20Gi but its static volume offers only 10Gi. Fix: lower storage.size or raise storage.hostPath.capacity/],
    ['a volume of another class',
      { storage: { ...hostPathStorage, hostPath: { ...hostPathStorage.hostPath, storageClassName: 'standard' } } },
      /storage.hostPath.storageClassName: the volume's class 'standard' differs from the claim's 'hostpath', so it never binds/],
    ['a volume without the claim access mode',
      { storage: { ...hostPathStorage, hostPath: { ...hostPathStorage.hostPath, accessModes: ['ReadOnlyMany'] } } },
      /storage.hostPath.accessModes: the volume offers ReadOnlyMany but the claim asks for ReadWriteOnce. Fix: add ReadWriteOnce/],
    ['a static volume without a class', { storage: { ...hostPathStorage, storageClassName: undefined } },
      /storage.storageClassName: is required with static hostPath volumes/],
    ['a shared volume on two nodes',
      { replicas: 3, storage: { ...hostPathStorage, hostPath: { ...hostPathStorage.hostPath, node: ['node-a', 'node-b'] } } },
      /storage.hostPath.node: a shared claim has one volume, on one node, not on 2. Fix: name one node, or use storage.mode perReplica/],
    ['an empty list of nodes', { storage: { ...hostPathStorage, hostPath: { ...hostPathStorage.hostPath, node: [] } } },
      /storage.hostPath.node: is an empty list. Fix: name the node that holds the directories/],
    ['a node name that is no hostname label', { storage: { ...hostPathStorage, hostPath: { ...hostPathStorage.hostPath, node: 'node a' } } },
      /storage.hostPath.node: 'node a' cannot be a node's kubernetes.io\/hostname label/],
    ["'hard' anti-affinity with two replicas' volumes on one node",
      { replicas: 3, antiAffinity: 'hard', storage: { ...hostPathStorage, mode: 'perReplica', hostPath: { ...hostPathStorage.hostPath, node: ['node-a', 'node-b'] } } },
      /storage.hostPath.node: antiAffinity 'hard' allows one replica per node, but the volumes put 3 replicas on 2 node\(s\). Fix: list one distinct node per replica/],
    ['a data path off the persistent mount',
      { storage: hostPathStorage, persistentPaths: { dbPath: '/app/reminder.db' } },
      /persistentPaths.dbPath: '\/app\/reminder.db' is not on the persistent volume mounted at '\/data'.*Fix: move it under '\/data\/'/],
    ['a path that only starts like the mount', { storage: hostPathStorage, persistentPaths: { dbPath: '/database/x.db' } },
      /persistentPaths.dbPath: '\/database\/x.db' is not on the persistent volume/],
    ['a relative mount path', { storage: { mountPath: 'data', size: '1Gi' } }, /storage.mountPath: 'data' is not an absolute path/],
    ['a size that is not a quantity', { storage: { mountPath: '/data', size: '3 GB' } }, /storage.size: '3 GB' is not a Kubernetes quantity/],
    ['a shared ReadWriteOncePod claim with several pods',
      { replicas: 2, storage: { mode: 'shared', mountPath: '/data', size: '1Gi', accessMode: 'ReadWriteOncePod' } },
      /storage.accessMode: a shared ReadWriteOncePod claim can be used by one pod, not 2/],
    ['a mounted Secret key that does not exist',
      { secret: { name: 's', mountPath: '/etc/s', data: { a: SecretValue.fromLiteral('1') }, items: ['appsettings.json'] } },
      /secret.items: key 'appsettings.json' does not exist in the Secret 's' \(it has: a\). Fix: add 'appsettings.json' to secret.data/],
    ['a Secret value from an unset variable',
      { secret: { name: 's', mountPath: '/etc/s', data: { a: SecretValue.fromEnv('NO_SUCH_VARIABLE_SET') } } },
      /secret.data.a: environment variable NO_SUCH_VARIABLE_SET is not set. Fix: export NO_SUCH_VARIABLE_SET before synth/],
    ['a Secret value from a missing file',
      { secret: { name: 's', mountPath: '/etc/s', data: { a: SecretValue.fromFile('/no/such/file') } } },
      /secret.data.a: file \/no\/such\/file cannot be read \(ENOENT\)/],
    ['a Secret mounted over the data', { secret: { name: 's', mountPath: '/var/lib/orders/secrets' } },
      /secret.mountPath: '\/var\/lib\/orders\/secrets' overlaps the data volume/],
    ['running as root', { securityContext: { runAsUser: 0 } }, /securityContext.runAsUser: 0 is not a non-root user id/],
    ['a probe path without a slash', { probes: { readinessPath: 'ready' } }, /probes.readinessPath: 'ready' is not an HTTP path/],
    ['a start-up time that is no whole number of seconds', { probes: { startupSeconds: 0.5 } }, /probes.startupSeconds: 0.5 is not a number of seconds\. Fix: use a whole number above 0/],
    ['a resource that is not a quantity', { resources: { limits: { memory: 'lots' } } }, /resources.limits.memory: 'lots' is not a Kubernetes quantity/],
  ])('%s', (_, props, message) => {
    expect(errorOf(props)).toMatch(message);
  });

  test('lists every problem at once, naming the construct', () => {
    const message = errorOf({ name: 'Bad', port: 0, replicas: -2 });
    expect(message).toMatch(/^StatefulApi 'test\/Orders': invalid configuration:/);
    expect(message.split('\n  - ')).toHaveLength(4);
  });
});

describe('StatefulApi path and image edge cases', () => {
  const storage = { mode: 'shared' as const, mountPath: '/data', size: '1Gi' };
  test.each([
    ['a path that climbs out of the mount', '/data/../etc/reminder.db'],
    ['the mount point itself, which is a directory', '/data'],
    ['the mount point with a trailing slash', '/data/'],
  ])('refuses %s as a persistent path', (_, path) => {
    expect(errorOf({ storage, persistentPaths: { dbPath: path } })).toMatch(/persistentPaths.dbPath: .* is not on the persistent volume/);
  });

  test('accepts a file below the mount, however it is written', () => {
    expect(() => build({ storage, persistentPaths: { dbPath: '/data/./db/../reminder.db' } })).not.toThrow();
  });

  test('refuses a digest that is not a full sha256', () => {
    expect(errorOf({ image: 'remind-me-api@sha256:abc' })).toMatch(/image: 'remind-me-api@sha256:abc' is not pinned/);
  });
});
