import { join } from 'path';
import { loadValues, remindMeApp } from '../../charts';
import { apiImageContract, webImageContract } from '../../charts/image-contracts';
import { warningsOf } from '../../lib/index';
import { Manifest, only, synth } from '../support/manifests';

/** The chapter's system, synthesized from the default values. */
const { app, apiChart, webChart } = remindMeApp(loadValues());
const servicespec = synth(apiChart);
const webspec = synth(webChart);
const kinds = (manifests: Manifest[]) => manifests.map((m) => `${m.kind}/${m.metadata.name}`);

describe('servicespec: the chapter\'s API', () => {
  const sts = only(servicespec, 'StatefulSet', 'remindmeapi-statefulset');
  const pod = sts.spec.template.spec;
  const container = pod.containers[0];

  test('holds the chapter\'s objects, Services, Secrets and claims before the workload', () => {
    expect(kinds(servicespec)).toEqual([
      'Service/remind-me-api-svc',
      'ConfigMap/remind-me-api-config',
      'Secret/api-secret',
      'PersistentVolume/remind-me-api-pv-volume',
      'PersistentVolumeClaim/remind-me-api-pv-claim',
      'StatefulSet/remindmeapi-statefulset',
      'PodDisruptionBudget/remindmeapi-pdb',
      'NetworkPolicy/remindmeapi-ingress',
    ]);
  });

  test('the headless Service governs the StatefulSet (the chapter\'s "remind-me-api-ss" defect fixed)', () => {
    const service = only(servicespec, 'Service', 'remind-me-api-svc');
    expect(service.spec.clusterIP).toBe('None');
    expect(sts.spec.serviceName).toBe('remind-me-api-svc');
    expect(service.spec.selector).toEqual(sts.spec.selector.matchLabels);
    expect(sts.spec.replicas).toBe(3);
  });

  test('the hostPath volume and claim carry the chapter\'s sizes, class and access mode', () => {
    const volume = only(servicespec, 'PersistentVolume');
    expect(volume.spec).toMatchObject({
      storageClassName: 'hostpath', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'],
      hostPath: { path: '/data', type: 'Directory' },
      claimRef: { name: 'remind-me-api-pv-claim', namespace: 'default' },
    });
    // One node: the volume may be mounted on any node; the operators' prepared /data must exist.
    expect(volume.spec.nodeAffinity).toBeUndefined();
    expect(volume.metadata.labels.type).toBe('local');
    expect(only(servicespec, 'PersistentVolumeClaim').spec).toMatchObject({
      storageClassName: 'hostpath', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '3Gi' } },
      volumeName: 'remind-me-api-pv-volume',
    });
  });

  test('the Secret holds the chapter\'s appsettings.secrets.json, mounted where the API reads it', () => {
    const secret = only(servicespec, 'Secret', 'api-secret');
    const settings = JSON.parse(Buffer.from(secret.data['appsettings.secrets.json'], 'base64').toString());
    expect(settings).toEqual({ dbPath: '/data/reminder.db' });
    const mount = container.volumeMounts.find((m: { name: string }) => m.name === 'secrets');
    expect(mount.mountPath).toBe('/app/secrets');
    expect(mount.mountPath).toBe(`${apiImageContract.contentRoot}/${apiImageContract.secretsDir}`);
  });

  test('dbPath lies on the persistent volume mounted into the StatefulSet (not a Deployment)', () => {
    const dataMount = container.volumeMounts.find((m: { name: string }) => m.name === 'remind-me-api-pv-claim');
    expect(dataMount.mountPath).toBe('/data');
    expect(pod.volumes).toContainEqual({
      name: 'remind-me-api-pv-claim', persistentVolumeClaim: { claimName: 'remind-me-api-pv-claim' },
    });
    expect('/data/reminder.db'.startsWith(`${dataMount.mountPath}/`)).toBe(true);
    expect(servicespec.some((m) => m.kind === 'Deployment')).toBe(false);
  });

  test('runs this repository\'s API image on the port, probes and user the image really has', () => {
    expect(container.name).toBe('backend');
    expect(container.image).toBe(`${apiImageContract.imageName}:${apiImageContract.imageTag}`);
    expect(container.ports[0].containerPort).toBe(apiImageContract.port);
    expect(container.readinessProbe.httpGet.path).toBe(apiImageContract.readinessPath);
    expect(container.livenessProbe.httpGet.path).toBe(apiImageContract.livenessPath);
    expect(pod.securityContext.runAsUser).toBe(apiImageContract.uid);
  });

  test('the ConfigMap holds the API version and environment name', () => {
    expect(only(servicespec, 'ConfigMap').data).toEqual({ API_VERSION: 'v1', ENVIRONMENT: 'Production' });
  });

  test('only the web pods may reach the API port', () => {
    expect(only(servicespec, 'NetworkPolicy').spec.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: { app: 'remindmeweb' } } }],
      ports: [{ port: apiImageContract.port, protocol: 'TCP' }],
    }]);
  });

  test('warns that the shared ReadWriteOnce claim keeps all three replicas on one node', () => {
    expect(warningsOf(app)).toEqual([expect.stringContaining('all of them must run on one node')]);
  });
});

describe('webspec: the chapter\'s web front end', () => {
  const deployment = only(webspec, 'Deployment', 'remindmeweb-deployment');
  const container = deployment.spec.template.spec.containers[0];

  test('holds the Service before the Deployment', () => {
    expect(kinds(webspec)).toEqual([
      'Service/remind-me-web-svc', 'Deployment/remindmeweb-deployment',
      'PodDisruptionBudget/remindmeweb-pdb', 'NetworkPolicy/remindmeweb-ingress',
    ]);
  });

  test('runs two frontend2 replicas of this repository\'s web image with 100m/128Mi', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(container.name).toBe('frontend2');
    expect(container.image).toBe(`remind-me-web:${webImageContract.imageTag}`);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.resources.requests).toMatchObject({ cpu: '100m', memory: '128Mi' });
    expect(container.resources.limits).toMatchObject({ cpu: '100m', memory: '128Mi' });
  });

  test('the port, probes and user are the web image\'s contract', () => {
    expect(container.ports).toEqual([{ name: 'http', containerPort: webImageContract.port, protocol: 'TCP' }]);
    expect(container.readinessProbe.httpGet).toMatchObject({ path: webImageContract.readinessPath, port: 'http' });
    expect(container.livenessProbe.httpGet).toMatchObject({ path: webImageContract.livenessPath, port: 'http' });
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsUser: webImageContract.uid, runAsGroup: webImageContract.gid });
    expect(container.env.map((e: { name: string }) => e.name).sort()).toEqual(['GET_HOSTS_FROM', 'apiUrl']);
  });

  test('apiUrl is pod 0 of the API through the headless Service, on the port the API listens on', () => {
    const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(env.GET_HOSTS_FROM).toBe('dns');
    expect(env.apiUrl).toBe(`http://remindmeapi-statefulset-0.remind-me-api-svc.default.svc.cluster.local:${apiImageContract.port}`);
    expect(env.apiUrl).toBe(apiChart.statefulApi.podUrl(0));
  });

  test('the NodePort Service maps 8080 to the web container port on node port 31120', () => {
    const service = only(webspec, 'Service', 'remind-me-web-svc');
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', nodePort: 31120, protocol: 'TCP' }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
  });
});

describe('chart configurations', () => {
  const example = (name: string) => loadValues(join(__dirname, '..', '..', 'config', 'examples', `${name}.yaml`));

  test('a non-default namespace comes first, enforces "restricted", and reaches the DNS names', () => {
    const charts = remindMeApp(example('namespace'));
    const objects = synth(charts.apiChart);
    expect(objects[0]).toMatchObject({
      kind: 'Namespace',
      metadata: { name: 'remind-me', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    });
    expect(only(objects, 'PersistentVolume').spec.claimRef.namespace).toBe('remind-me');
    expect(charts.apiChart.statefulApi.podUrl(0)).toContain('.remind-me-api-svc.remind-me.svc.cluster.local:');
    for (const object of [...objects.slice(1), ...synth(charts.webChart)].filter((m) => m.kind !== 'PersistentVolume')) {
      expect(object.metadata.namespace).toBe('remind-me');
    }
  });

  test('the book\'s web image: its image, port, probe paths and ASPNETCORE_URLS, the chart\'s own variables kept', () => {
    const deployment = only(synth(remindMeApp(example('book-web')).webChart), 'Deployment', 'remindmeweb-deployment');
    const container = deployment.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(container.image).toBe('kubernetessuccinctly/remind-me-web:2.0.0');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(container.readinessProbe.httpGet.path).toBe('/');
    expect(container.livenessProbe.httpGet.path).toBe('/');
    expect(env).toEqual({ ASPNETCORE_URLS: 'http://+:8080', GET_HOSTS_FROM: 'dns', apiUrl: apiChart.statefulApi.podUrl(0) });
  });

  test('per-replica storage makes a claim template and one pre-bound volume per replica', () => {
    const objects = synth(remindMeApp(example('per-replica')).apiChart);
    const sts = only(objects, 'StatefulSet');
    expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe('remind-me-api-pv-claim');
    expect(objects.filter((m) => m.kind === 'PersistentVolume').map((v) => [v.metadata.name, v.spec.hostPath.path, v.spec.claimRef.name]))
      .toEqual([0, 1, 2].map((i) => [`remind-me-api-pv-volume-${i}`, `/data/${i}`, `remind-me-api-pv-claim-remindmeapi-statefulset-${i}`]));
    expect(objects.some((m) => m.kind === 'PersistentVolumeClaim')).toBe(false);
  });

  test('backup.yaml: CronJob remindmeapi-backup beside the API pods, the image\'s SQLite backup command, a /backups hostPath volume; the restore Job', () => {
    const charts = remindMeApp(example('backup'));
    const objects = synth(charts.apiChart);
    const cronJob = only(objects, 'CronJob', 'remindmeapi-backup');
    expect(cronJob.spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    const container = pod.containers[0];
    expect(container.image).toBe(only(objects, 'StatefulSet').spec.template.spec.containers[0].image);
    expect(container.command).toEqual(['node', 'dist/bundle/backup.js', 'backup', '--gzip']);
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'dbPath', value: '/data/reminder.db' }, { name: 'BACKUP_KEEP', value: '7' }]));
    expect(pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels).toEqual({ app: 'remindmeapi' });
    expect(container.volumeMounts.slice(1)).toEqual([
      { name: 'remind-me-api-pv-claim', mountPath: '/data' }, { name: 'remind-me-api-backup-claim', mountPath: '/backups' },
    ]);
    expect(only(objects, 'PersistentVolume', 'remind-me-api-backup-volume').spec.hostPath).toEqual({ path: '/backups', type: 'Directory' });
    const restore = charts.restoreApp!.charts.flatMap(synth);
    expect(restore.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Job/remindmeapi-restore']);
    expect(restore[0].spec.template.spec.containers[0].command).toEqual(['node', 'dist/bundle/backup.js', 'restore']);
    expect(remindMeApp(loadValues()).restoreApp).toBeUndefined();
  });

  test('storage.hostPath.nodes pins each replica volume to its node, in ordinal order', () => {
    const values = example('per-replica');
    const hostPath = { ...values.api.storage.hostPath!, nodes: ['remind-me-node', 'remind-me-node-2'] };
    const objects = synth(remindMeApp({ ...values, api: { ...values.api, storage: { ...values.api.storage, hostPath } } }).apiChart);
    expect(objects.filter((m) => m.kind === 'PersistentVolume').map((v) => v.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0]))
      .toEqual(['remind-me-node', 'remind-me-node-2', 'remind-me-node'].map((node) => ({ key: 'kubernetes.io/hostname', operator: 'In', values: [node] })));
  });

  test('dynamic provisioning makes claims of the class and no volume', () => {
    const objects = synth(remindMeApp(example('dynamic')).apiChart);
    expect(only(objects, 'StatefulSet').spec.volumeClaimTemplates[0].spec.storageClassName).toBe('standard');
    expect(objects.some((m) => m.kind === 'PersistentVolume')).toBe(false);
  });

  test('an existing Secret is mounted instead of api-secret', () => {
    const values = loadValues();
    const objects = synth(remindMeApp({ ...values, api: { ...values.api, existingSecret: 'remind-me-prod' } }).apiChart);
    expect(objects.some((m) => m.kind === 'Secret')).toBe(false);
    expect(only(objects, 'StatefulSet').spec.template.spec.volumes)
      .toContainEqual({ name: 'secrets', secret: { secretName: 'remind-me-prod' } });
  });

  test('a registry prefix and a digest tag make a pinned image reference', () => {
    const values = loadValues();
    const digest = `sha256:${'b'.repeat(64)}`;
    const charts = remindMeApp({ ...values, api: { ...values.api, image: { ...values.api.image, registry: 'registry.example.com/team/', tag: digest } } });
    expect(only(synth(charts.apiChart), 'StatefulSet').spec.template.spec.containers[0].image)
      .toBe(`registry.example.com/team/remind-me-api@${digest}`);
  });

  test('without a nodePort the Service leaves the choice to Kubernetes', () => {
    const values = loadValues();
    const objects = synth(remindMeApp({ ...values, web: { ...values.web, nodePort: undefined } }).webChart);
    expect(only(objects, 'Service').spec.ports[0].nodePort).toBeUndefined();
  });

  test('a dbPath off the data volume fails with the setting named', () => {
    const values = loadValues();
    expect(() => remindMeApp({ ...values, api: { ...values.api, dbPath: '/app/reminder.db' } }))
      .toThrow(/persistentPaths.dbPath: '\/app\/reminder.db' is not on the persistent volume mounted at '\/data'/);
  });
});

describe('snapshots (a safety net: the assertions above are the proof)', () => {
  test.each([['servicespec', servicespec], ['webspec', webspec]])('%s', (_, manifests) => {
    expect(manifests).toMatchSnapshot();
  });
});

