import { Chart, Testing } from 'cdk8s';
import { checkManifests, EnvValue, formatViolation, POD_FIELDS, StatefulApi, StatefulApiProps, StatelessWeb, StatelessWebProps } from '../../../lib/index';
import { Manifest, only, synth } from '../../support/manifests';

// Every workload prop at once, on both constructs: the fields that matter asserted, and every
// object checked (schemas of 1.27 and 1.35, "restricted", probes, resources, wiring).

const EXPORTER = {
  name: 'exporter',
  image: 'registry.example.com/exporter:0.15.0',
  args: ['--web.listen-address=:9187'],
  ports: [{ name: 'metrics', port: 9187 }],
  resources: { limits: { memory: '64Mi' } },
  readiness: { http: { path: '/', port: 'metrics' } },
  liveness: { tcp: { port: 'metrics' } },
};

const ALL: StatefulApiProps = {
  name: 'ledger',
  namespace: 'finance',
  image: 'registry.example.com/ledger:3.1.0',
  imagePullPolicy: 'Always',
  containerName: 'server',
  command: ['/usr/bin/ledger'],
  args: ['serve', '--config', '/etc/ledger/ledger.toml'],
  workingDir: '/var/lib/ledger',
  port: 7000,
  portName: 'api',
  extraPorts: [{ name: 'peers', port: 7001 }, { name: 'gossip', port: 7002, protocol: 'UDP' }],
  replicas: 3,
  env: { MODE: 'cluster', TOKEN: EnvValue.fromSecret('ledger-token', 'token', { optional: true }),
    SETTING: EnvValue.fromConfigMap('ledger-settings', 'setting'), POD_IP: EnvValue.fromField(POD_FIELDS.ip) },
  envFrom: [{ secret: 'ledger-env', prefix: 'LEDGER_' }],
  resources: { requests: { cpu: '250m' }, limits: { memory: '1Gi' } },
  probes: { readiness: { grpc: { service: 'ledger' } }, liveness: { http: { path: '/live', port: 'api', scheme: 'HTTPS' }, timeoutSeconds: 4 },
    startupSeconds: 90 },
  securityContext: { runAsUser: 1000, runAsGroup: 0, fsGroup: 0, supplementalGroups: [2000], fsGroupChangePolicy: 'Always' },
  volumes: [
    { name: 'scratch', emptyDir: { sizeLimit: '2Gi' } },
    { name: 'bundle', projected: { sources: [{ secret: { secretName: 'ledger-tls' } }, { downwardApi: [{ path: 'labels', fieldPath: 'metadata.labels' }] },
      { serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 3600 } }], defaultMode: 0o440 } },
    { name: 'extra-config', configMap: { name: 'ledger-extra', items: [{ key: 'a', path: 'a.toml' }] } },
  ],
  volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }, { name: 'bundle', mountPath: '/var/run/bundle', readOnly: true },
    { name: 'extra-config', mountPath: '/etc/ledger/extra.toml', subPath: 'a.toml' }],
  writablePaths: ['/var/run/ledger'],
  initContainers: [{ name: 'migrate', image: 'registry.example.com/ledger:3.1.0', args: ['migrate'], volumeMounts: [{ name: 'ledger-data', mountPath: '/var/lib/ledger' }] }],
  sidecars: [EXPORTER],
  nodeSelector: { disktype: 'ssd' },
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'finance', effect: 'NoSchedule' }],
  antiAffinity: 'hard',
  topologySpread: [{ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }],
  priorityClassName: 'critical-data',
  imagePullSecrets: ['registry-credentials'],
  serviceAccountName: 'ledger',
  automountServiceAccountToken: true,
  podAnnotations: { 'prometheus.io/scrape': 'true' },
  podLabels: { tier: 'data' },
  egress: { to: [{ podLabels: { app: 'vault' }, namespaceLabels: { team: 'security' }, ports: [{ port: 8200 }] }, { cidr: '10.0.0.0/8' }] },
  storage: { mountPath: '/var/lib/ledger', size: '10Gi', persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } },
  secret: { name: 'ledger-secret', mountPath: '/etc/ledger-secret', data: {}, defaultMode: 0o400 },
  config: { data: { LOG_LEVEL: 'debug' }, files: { 'ledger.toml': 'cluster = true\n' }, mountPath: '/etc/ledger', subPath: true },
  clientService: { name: 'ledger-client' },
};

function statefulApi(props: StatefulApiProps = ALL): Manifest[] {
  const chart = Testing.chart();
  const api = new StatefulApi(chart, 'Ledger', props);
  api.allowFrom({ app: 'payments' }, { namespace: 'shop', ports: ['api'] });
  api.allowFrom({ app: 'ledger' });
  return synth(chart);
}

describe.each([
  ['StatefulApi', (chart: Chart) => new StatefulApi(chart, 'Api', { name: 'api', image: 'registry.example.com/api:1.0.0', port: 8080,
    storage: { mountPath: '/data', size: '1Gi' } })],
  ['StatelessWeb', (chart: Chart) => new StatelessWeb(chart, 'Web', { name: 'web', image: 'registry.example.com/web:1.0.0', port: 8080 })],
])('%s with minimal props', (_, build) => {
  const chart = Testing.chart();
  build(chart);
  const manifests = synth(chart);
  const pod = manifests.find((m) => m.spec?.template)!.spec.template.spec;

  test('passes every check', () => {
    expect(checkManifests(manifests).map(formatViolation)).toEqual([]);
  });

  test('one container, one port named http, HTTP probes of / on it, no token, no egress rule, soft anti-affinity', () => {
    expect(pod.initContainers).toBeUndefined();
    expect(pod.containers).toHaveLength(1);
    expect(pod.containers[0].ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(pod.containers[0][probe].httpGet).toEqual({ path: '/', port: 'http' });
    }
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }, ...pod.volumes.slice(1)]);
    expect(only(manifests, 'NetworkPolicy').spec.policyTypes).toEqual(['Ingress']);
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
  });
});

describe('StatefulApi with every prop', () => {
  const manifests = statefulApi();
  const sts = only(manifests, 'StatefulSet');
  const pod = sts.spec.template.spec;
  const [main, exporter] = pod.containers;

  test('passes every check', () => {
    expect(checkManifests(manifests).map(formatViolation)).toEqual([]);
  });

  test('the main container: command, args, working directory, every port with its protocol, env of every source', () => {
    expect(main).toMatchObject({ name: 'server', imagePullPolicy: 'Always', command: ['/usr/bin/ledger'],
      args: ['serve', '--config', '/etc/ledger/ledger.toml'], workingDir: '/var/lib/ledger' });
    expect(main.ports).toEqual([{ name: 'api', containerPort: 7000, protocol: 'TCP' }, { name: 'peers', containerPort: 7001, protocol: 'TCP' },
      { name: 'gossip', containerPort: 7002, protocol: 'UDP' }]);
    expect(main.env).toEqual([
      { name: 'MODE', value: 'cluster' },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'ledger-token', key: 'token', optional: true } } },
      { name: 'SETTING', valueFrom: { configMapKeyRef: { name: 'ledger-settings', key: 'setting' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'ledger-config', key: 'LOG_LEVEL' } } },
    ]);
    expect(main.envFrom).toEqual([{ secretRef: { name: 'ledger-env' }, prefix: 'LEDGER_' }]);
    expect(main.resources).toEqual({ requests: { cpu: '250m', memory: '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { cpu: '500m', memory: '1Gi', 'ephemeral-storage': '256Mi' } });
  });

  test('probes: gRPC readiness on the main port, HTTPS liveness, the startup probe asks the liveness question for 90 s', () => {
    expect(main.readinessProbe).toEqual({ grpc: { port: 7000, service: 'ledger' }, periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 });
    expect(main.livenessProbe).toEqual({ httpGet: { path: '/live', port: 'api', scheme: 'HTTPS' }, periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 4 });
    expect(main.startupProbe).toEqual({ httpGet: { path: '/live', port: 'api', scheme: 'HTTPS' }, periodSeconds: 1, failureThreshold: 90, timeoutSeconds: 1 });
  });

  test('security: user 1000, group 0 and the other ids as given, every container restricted', () => {
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 0, fsGroup: 0, supplementalGroups: [2000],
      fsGroupChangePolicy: 'Always', seccompProfile: { type: 'RuntimeDefault' } });
    for (const container of [...pod.containers, ...pod.initContainers]) {
      expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true,
        runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.volumeMounts[0]).toEqual({ name: 'tmp', mountPath: '/tmp' });
    }
  });

  test('volumes and mounts: emptyDir with a size, projected, a ConfigMap file by subPath, writable paths, config files', () => {
    expect(pod.volumes.map((volume: { name: string }) => volume.name)).toEqual(
      ['tmp', 'var-run-ledger', 'scratch', 'bundle', 'extra-config', 'config', 'secrets']);
    expect(pod.volumes[2]).toEqual({ name: 'scratch', emptyDir: { sizeLimit: '2Gi' } });
    expect(pod.volumes[3].projected).toEqual({ defaultMode: 0o440, sources: [{ secret: { name: 'ledger-tls' } },
      { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      { serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 3600 } }] });
    expect(main.volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'var-run-ledger', mountPath: '/var/run/ledger' },
      { name: 'config', mountPath: '/etc/ledger/ledger.toml', subPath: 'ledger.toml', readOnly: true },
      { name: 'secrets', mountPath: '/etc/ledger-secret', readOnly: true },
      { name: 'ledger-data', mountPath: '/var/lib/ledger' },
      { name: 'scratch', mountPath: '/scratch' },
      { name: 'bundle', mountPath: '/var/run/bundle', readOnly: true },
      { name: 'extra-config', mountPath: '/etc/ledger/extra.toml', subPath: 'a.toml' },
    ]);
  });

  test('an init container migrates first; below 1.29 the exporter is a second container with its own probes and resources', () => {
    expect(pod.initContainers.map((c: { name: string }) => c.name)).toEqual(['migrate']);
    expect(pod.initContainers[0].args).toEqual(['migrate']);
    expect(exporter).toMatchObject({ name: 'exporter', ports: [{ name: 'metrics', containerPort: 9187, protocol: 'TCP' }],
      readinessProbe: { httpGet: { path: '/', port: 'metrics' } }, livenessProbe: { tcpSocket: { port: 'metrics' } } });
    expect(exporter.resources.limits.memory).toBe('64Mi');
    expect(exporter.restartPolicy).toBeUndefined();
  });

  test('placement and identity', () => {
    expect(pod).toMatchObject({
      nodeSelector: { disktype: 'ssd' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'finance', effect: 'NoSchedule' }],
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
        { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'ledger' } } }] } },
      topologySpreadConstraints: [{ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app: 'ledger' } } }],
      priorityClassName: 'critical-data',
      imagePullSecrets: [{ name: 'registry-credentials' }],
      serviceAccountName: 'ledger',
      automountServiceAccountToken: true,
    });
    expect(sts.spec.template.metadata.labels).toMatchObject({ tier: 'data', app: 'ledger' });
    expect(sts.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'checksum/config': expect.any(String) });
  });

  test('storage: the retention policy as given, Retain where not given', () => {
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
  });

  test('both Services carry every port, the sidecar\'s too, each targeting its name', () => {
    const ports = [['api', 7000, 'TCP'], ['peers', 7001, 'TCP'], ['gossip', 7002, 'UDP'], ['metrics', 9187, 'TCP']]
      .map(([name, port, protocol]) => ({ name, port, targetPort: name, protocol }));
    expect(only(manifests, 'Service', 'ledger-headless').spec.ports).toEqual(ports);
    expect(only(manifests, 'Service', 'ledger-client').spec).toEqual({ type: 'ClusterIP', selector: { app: 'ledger' }, ports });
  });

  test('the NetworkPolicy: one peer per client (namespace AND pods), ports per rule, egress to DNS and the rules', () => {
    const policy = only(manifests, 'NetworkPolicy').spec;
    expect(policy.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'payments' } } }],
        ports: [{ port: 7000, protocol: 'TCP' }] },
      { from: [{ podSelector: { matchLabels: { app: 'ledger' } } }],
        ports: [{ port: 7000, protocol: 'TCP' }, { port: 7001, protocol: 'TCP' }, { port: 7002, protocol: 'UDP' }, { port: 9187, protocol: 'TCP' }] },
    ]);
    expect(policy.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.egress.slice(1)).toEqual([
      { to: [{ podSelector: { matchLabels: { app: 'vault' } }, namespaceSelector: { matchLabels: { team: 'security' } } }], ports: [{ port: 8200, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] },
    ]);
    expect(policy.egress[0].ports).toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
  });
});

describe('native sidecars', () => {
  test('from 1.29 on (targeting 1.35 only), the exporter is an init container with restartPolicy Always, before the others', () => {
    const manifests = statefulApi({ ...ALL, kubernetesVersions: ['v1.35.0'] });
    const pod = only(manifests, 'StatefulSet').spec.template.spec;
    expect(pod.containers.map((c: { name: string }) => c.name)).toEqual(['server']);
    expect(pod.initContainers.map((c: { name: string; restartPolicy?: string }) => [c.name, c.restartPolicy]))
      .toEqual([['exporter', 'Always'], ['migrate', undefined]]);
    expect(checkManifests(manifests, { kubernetesVersions: ['v1.35.0'] }).map(formatViolation)).toEqual([]);
  });

  test('checked against 1.27 as well, restartPolicy fails with the release that added it and the fix', () => {
    const manifests = statefulApi({ ...ALL, kubernetesVersions: ['v1.35.0'] });
    expect(checkManifests(manifests).map(formatViolation)).toEqual([
      'StatefulSet/finance/ledger [kubernetes-v1.27.0-schema] /spec/template/spec/initContainers/0: the field restartPolicy came in '
      + 'Kubernetes 1.28 (a container\'s: native sidecars, on by default from 1.29), newer than the targeted v1.27.0. Fix: raise the '
      + 'lowest targeted version (kubernetesVersions: [\'v1.35.0\'] in the construct and the checks) if every cluster runs it, or leave the field out',
    ]);
  });
});

describe('StatelessWeb with the workload props that apply', () => {
  const props: StatelessWebProps = {
    name: 'storefront', image: 'registry.example.com/storefront:2.0.0', port: 8080, portName: 'web',
    extraPorts: [{ name: 'admin', port: 9090 }], command: ['node'], args: ['server.js'],
    env: { POD_NAMESPACE: EnvValue.fromField(POD_FIELDS.namespace) },
    probes: { readiness: '/ready', liveness: { tcp: {} } },
    writablePaths: [{ path: '/var/cache/web', sizeLimit: '128Mi' }],
    sidecars: [EXPORTER], initContainers: [{ name: 'assets', image: 'registry.example.com/storefront:2.0.0', args: ['build-assets'] }],
    nodeSelector: { pool: 'web' }, antiAffinity: 'none', priorityClassName: 'web', serviceAccountName: 'storefront',
    podLabels: { tier: 'web' }, podAnnotations: { team: 'shop' }, egress: { to: [{ podLabels: { app: 'orders' } }] },
    service: { port: 80, nodePort: 30080 },
  };
  const chart = Testing.chart();
  new StatelessWeb(chart, 'Web', props);
  const manifests = synth(chart);
  const pod = only(manifests, 'Deployment').spec.template.spec;

  test('passes every check', () => {
    expect(checkManifests(manifests).map(formatViolation)).toEqual([]);
  });

  test('the NodePort Service maps the main port to the node port and carries the others', () => {
    expect(only(manifests, 'Service').spec.ports).toEqual([
      { name: 'web', port: 80, targetPort: 'web', nodePort: 30080, protocol: 'TCP' },
      { name: 'admin', port: 9090, targetPort: 'admin', protocol: 'TCP' },
      { name: 'metrics', port: 9187, targetPort: 'metrics', protocol: 'TCP' },
    ]);
  });

  test('the pod: command, probes on the named port, writable path, init container, sidecar, placement, no anti-affinity', () => {
    const [main] = pod.containers;
    expect(main).toMatchObject({ command: ['node'], args: ['server.js'],
      readinessProbe: { httpGet: { path: '/ready', port: 'web' } }, livenessProbe: { tcpSocket: { port: 'web' } } });
    expect(pod.volumes).toContainEqual({ name: 'var-cache-web', emptyDir: { sizeLimit: '128Mi' } });
    expect(pod.initContainers.map((c: { name: string }) => c.name)).toEqual(['assets']);
    expect(pod.containers.map((c: { name: string }) => c.name)).toEqual(['storefront', 'exporter']);
    expect(pod).toMatchObject({ nodeSelector: { pool: 'web' }, priorityClassName: 'web', serviceAccountName: 'storefront', automountServiceAccountToken: false });
    expect(pod.affinity).toBeUndefined();
  });
});

describe('storage on an existing claim', () => {
  const manifests = statefulApi({ ...ALL, replicas: 1, antiAffinity: 'soft',
    storage: { mountPath: '/var/lib/ledger', existingClaim: 'ledger-archive', accessMode: 'ReadWriteMany' } });
  const sts = only(manifests, 'StatefulSet');

  test('mounts that claim in every replica, and makes no claim, claim template or volume', () => {
    expect(sts.spec.template.spec.volumes).toContainEqual({ name: 'ledger-data', persistentVolumeClaim: { claimName: 'ledger-archive' } });
    expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'ledger-data', mountPath: '/var/lib/ledger' });
    expect(sts.spec.volumeClaimTemplates).toBeUndefined();
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toBeUndefined();
    expect(manifests.filter((m) => ['PersistentVolumeClaim', 'PersistentVolume'].includes(m.kind))).toEqual([]);
  });
});

test('StatelessWeb targeting 1.35 only runs its sidecars natively; nativeSidecars: false keeps them regular containers', () => {
  const web = (props: Partial<StatelessWebProps>) => {
    const chart = Testing.chart();
    new StatelessWeb(chart, 'Web', { name: 'web', image: 'registry.example.com/web:1.0.0', port: 8080, sidecars: [EXPORTER],
      kubernetesVersions: ['v1.35.0'], ...props });
    return only(synth(chart), 'Deployment').spec.template.spec;
  };
  expect(web({}).initContainers).toEqual([expect.objectContaining({ name: 'exporter', restartPolicy: 'Always' })]);
  expect(web({ nativeSidecars: false }).containers.map((c: { name: string }) => c.name)).toEqual(['web', 'exporter']);
});
