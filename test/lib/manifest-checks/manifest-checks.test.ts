import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import type { Validation } from 'cdk8s-cli/lib/plugins';
import * as kplus from 'cdk8s-plus-27';
import { stringify } from 'yaml';
import { loadValues, remindMeApp } from '../../../charts';
import { checkManifests, formatViolation, ManifestChecks } from '../../../lib/manifest-checks';
import { Manifest, only, synth } from '../../support/manifests';

/* eslint-disable @typescript-eslint/no-explicit-any */
// cdk8s-cli publishes its plugin API as 'cdk8s-cli/plugins' (package exports); the types are under lib/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationContext } = require('cdk8s-cli/plugins') as typeof import('cdk8s-cli/lib/plugins');
type ValidationContext = InstanceType<typeof ValidationContext>;

/** The chapter's objects, fresh for every test to break one thing in. */
function chapter(overlay?: string): Manifest[] {
  const { apiChart, webChart } = remindMeApp(loadValues(overlay && join(__dirname, '..', '..', '..', 'config', 'examples', `${overlay}.yaml`)));
  return [...synth(apiChart), ...synth(webChart)];
}

/** The violations as lines, one rule only. */
function violations(manifests: Manifest[], rule: string): string[] {
  return checkManifests(manifests).filter((v) => v.rule === rule).map(formatViolation);
}

const container = (manifests: Manifest[], kind: string) => only(manifests, kind).spec.template.spec.containers[0];

describe('each check can fail', () => {
  test('schemas: a misspelt field and a wrong type, under both Kubernetes versions', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { clusterIp: 'None', ports: [{ port: '80' }] } };
    for (const version of ['v1.27.0', 'v1.35.0']) {
      expect(violations([service], `kubernetes-${version}-schema`)).toEqual([
        'Service/x [kubernetes-' + version + '-schema] /spec must NOT have additional properties: clusterIp',
        'Service/x [kubernetes-' + version + '-schema] /spec/ports/0/port must be integer',
      ]);
    }
  });

  test('schemas: an unknown kind of a Kubernetes group is reported; custom resources are not the schema\'s to judge', () => {
    const typo = { apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } };
    const custom = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { anything: true } };
    expect(violations([typo, custom], 'kubernetes-v1.35.0-schema')).toEqual([
      'Deploymnet/x [kubernetes-v1.35.0-schema] apps/v1/Deploymnet is not a kind of Kubernetes v1.35.0',
    ]);
  });

  test('schemas: a field newer than the version is refused by that version only', () => {
    // GIVEN pod-level resources, a field Kubernetes added in 1.32
    const manifests = chapter();
    only(manifests, 'StatefulSet').spec.template.spec.resources = { limits: { cpu: '1' } };
    // THEN 1.27 refuses it, naming the release that added it and how to raise the target, and 1.35 accepts it
    expect(violations(manifests, 'kubernetes-v1.27.0-schema')).toEqual([
      'StatefulSet/default/remindmeapi-statefulset [kubernetes-v1.27.0-schema] /spec/template/spec: the field resources came in '
      + 'Kubernetes 1.32 (pod-level resources, behind a feature gate), newer than the targeted v1.27.0. Fix: raise the lowest '
      + 'targeted version (kubernetesVersions: [\'v1.35.0\'] in the construct and the checks) if every cluster runs it, or leave the field out',
    ]);
    expect(violations(manifests, 'kubernetes-v1.35.0-schema')).toEqual([]);
  });

  test('schemas: a misspelt field, in no version, is reported as unknown, with no version to raise to', () => {
    const manifests = chapter();
    only(manifests, 'Service', 'remind-me-api-svc').spec.clusterIp = 'None';
    expect(violations(manifests, 'kubernetes-v1.27.0-schema')).toEqual([
      'Service/default/remind-me-api-svc [kubernetes-v1.27.0-schema] /spec must NOT have additional properties: clusterIp',
    ]);
  });

  test('pod security "restricted": cdk8s-plus-27\'s own defaults do not pass it', () => {
    const chart = new Chart(Testing.app(), 'plain');
    new kplus.Deployment(chart, 'Plain', { containers: [{ image: 'nginx:1.25.3', portNumber: 8080 }] });
    expect(violations(synth(chart), 'pod-security-restricted')).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Deployment\/plain-c8\w+ \[pod-security-restricted\] container main has no RuntimeDefault or Localhost seccomp profile$/),
      expect.stringMatching(/container main does not drop ALL capabilities$/),
    ]));
  });

  test('pod security "restricted": a privileged container and a hostPath volume', () => {
    const manifests = chapter();
    const sts = only(manifests, 'StatefulSet');
    sts.spec.template.spec.containers[0].securityContext.privileged = true;
    sts.spec.template.spec.volumes.push({ name: 'host', hostPath: { path: '/' } });
    expect(violations(manifests, 'pod-security-restricted')).toEqual([
      'StatefulSet/default/remindmeapi-statefulset [pod-security-restricted] volume host has the type hostPath',
      'StatefulSet/default/remindmeapi-statefulset [pod-security-restricted] container backend is privileged',
    ]);
  });

  test('probes: a missing liveness probe; a Job needs none', () => {
    const manifests = chapter();
    delete container(manifests, 'StatefulSet').livenessProbe;
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once' }, spec: { template: { spec: { containers: [{ name: 'once' }] } } } };
    expect(violations([...manifests, job], 'probes')).toEqual([
      'StatefulSet/default/remindmeapi-statefulset [probes] container backend has no livenessProbe',
    ]);
  });

  test('resources: a missing memory limit and ephemeral-storage request', () => {
    const manifests = chapter();
    const { resources } = container(manifests, 'Deployment');
    delete resources.limits.memory;
    delete resources.requests['ephemeral-storage'];
    expect(violations(manifests, 'resources')).toEqual([
      'Deployment/default/remindmeweb-deployment [resources] container frontend2 has no ephemeral-storage in resources.requests',
      'Deployment/default/remindmeweb-deployment [resources] container frontend2 has no memory in resources.limits',
    ]);
  });

  test('pinned images: latest, no tag, a short digest', () => {
    for (const image of ['nginx:latest', 'nginx', 'localhost:5000/nginx', 'nginx@sha256:abc']) {
      const manifests = chapter();
      container(manifests, 'Deployment').image = image;
      expect(violations(manifests, 'pinned-images')).toEqual([`Deployment/default/remindmeweb-deployment [pinned-images] container frontend2 runs ${image}`]);
    }
  });

  test('selectors: a Service selecting nothing, a policy in another namespace, a workload not selecting its own pods', () => {
    const manifests = chapter();
    only(manifests, 'Service', 'remind-me-web-svc').spec.selector = { app: 'remindmewebb' };
    only(manifests, 'NetworkPolicy', 'remindmeapi-ingress').metadata.namespace = 'elsewhere';
    only(manifests, 'Deployment').spec.selector.matchExpressions = [{ key: 'tier', operator: 'Exists' }];
    expect(violations(manifests, 'selectors')).toEqual([
      expect.stringMatching(/^NetworkPolicy\/elsewhere\/remindmeapi-ingress \[selectors\] selector .* does not select any pod template in its namespace$/),
      'Service/default/remind-me-web-svc [selectors] selector {"matchLabels":{"app":"remindmewebb"}} does not select any pod template in its namespace',
      expect.stringMatching(/^Deployment\/default\/remindmeweb-deployment \[selectors\] selector .*"matchExpressions":\[\{"key":"tier","operator":"Exists"\}\]\} does not select its own pod template$/),
    ]);
  });

  test('target ports: a named port no container declares', () => {
    const manifests = chapter();
    only(manifests, 'Service', 'remind-me-api-svc').spec.ports[0].targetPort = 'https';
    expect(violations(manifests, 'target-ports')).toEqual([
      'Service/default/remind-me-api-svc [target-ports] targetPort https is not a named port of StatefulSet/remindmeapi-statefulset',
    ]);
  });

  test('volume mounts: a mount of a volume the pod does not have', () => {
    const manifests = chapter('per-replica');
    container(manifests, 'StatefulSet').volumeMounts.push({ name: 'cache', mountPath: '/cache' });
    expect(violations(manifests, 'volume-mounts')).toEqual([
      'StatefulSet/default/remindmeapi-statefulset [volume-mounts] container backend mounts cache at /cache, which is not a volume of the pod',
    ]);
  });

  test('claims: another class, a size the volume does not hold, an access mode it does not offer', () => {
    const manifests = chapter();
    Object.assign(only(manifests, 'PersistentVolumeClaim').spec, {
      storageClassName: 'fast', accessModes: ['ReadWriteMany'], resources: { requests: { storage: '20Gi' } },
    });
    expect(violations(manifests, 'claims')).toEqual([
      'PersistentVolumeClaim/default/remind-me-api-pv-claim [claims] the claim asks for class \'fast\', volume remind-me-api-pv-volume has class \'hostpath\'',
      'PersistentVolumeClaim/default/remind-me-api-pv-claim [claims] the claim asks for ReadWriteMany, volume remind-me-api-pv-volume offers ReadWriteOnce',
      'PersistentVolumeClaim/default/remind-me-api-pv-claim [claims] the claim asks for 20Gi, volume remind-me-api-pv-volume holds 10Gi',
    ]);
  });

  test('claims: a claim and a volume that point elsewhere; per-replica claim templates too', () => {
    const shared = chapter();
    only(shared, 'PersistentVolume').spec.claimRef.name = 'other-claim';
    expect(violations(shared, 'claims')).toEqual([
      'PersistentVolumeClaim/default/remind-me-api-pv-claim [claims] the claim names volume remind-me-api-pv-volume, which is reserved for default/other-claim',
    ]);
    const perReplica = chapter('per-replica');
    only(perReplica, 'StatefulSet').spec.volumeClaimTemplates[0].spec.resources.requests.storage = '1Ti';
    expect(violations(perReplica, 'claims')).toEqual([0, 1, 2].map((i) => expect.stringMatching(
      new RegExp(`^StatefulSet/default/remindmeapi-statefulset \\[claims\\] claim \\S+-remindmeapi-statefulset-${i} asks for 1Ti, volume remind-me-api-pv-volume-${i} holds \\S+$`))));
  });
});

describe('options', () => {
  test('kubernetesVersions picks the schemas; an unknown one names the prop and the choices', () => {
    const rules = new Set(checkManifests([{ apiVersion: 'v1', kind: 'Nope', metadata: { name: 'x' } }], { kubernetesVersions: ['v1.35.0'] }).map((v) => v.rule));
    expect([...rules]).toEqual(['kubernetes-v1.35.0-schema']);
    expect(() => checkManifests([], { kubernetesVersions: ['v1.20.0' as any] }))
      .toThrow('kubernetesVersions: v1.20.0 not shipped. Fix: choose from v1.27.0, v1.35.0.');
  });
});

describe('ManifestChecks, the cdk8s validation plugin, with cdk8s-cli\'s own context and report', () => {
  function contextFor(files: Record<string, Manifest[]>): ValidationContext {
    const dir = mkdtempSync(join(tmpdir(), 'checks-'));
    const paths = Object.entries(files).map(([name, manifests]) => {
      const path = join(dir, name);
      writeFileSync(path, manifests.map((m) => stringify(m)).join('---\n'));
      return path;
    });
    return new ValidationContext(paths, 'remind-me-checks', '1.0.0', { 'remindmeweb-deployment': { path: 'webspec/Web/Deployment' } }, false);
  }

  test('is a cdk8s-cli Validation (checked by the compiler)', () => {
    const plugin: Validation = new ManifestChecks();
    expect(typeof plugin.validate).toBe('function');
  });

  test('passes the chapter\'s output', async () => {
    const manifests = chapter();
    const context = contextFor({ 'api.k8s.yaml': manifests.filter((m) => m.metadata.labels?.app !== 'remindmeweb'), 'web.k8s.yaml': manifests.filter((m) => m.metadata.labels?.app === 'remindmeweb') });
    await new ManifestChecks().validate(context);
    expect(context.report.success).toBe(true);
    expect(context.report.toJson().violations).toEqual([]);
  });

  test('fails a broken output, one violation per rule with the object, its file and construct path', async () => {
    const manifests = chapter();
    const web = container(manifests, 'Deployment');
    web.image = 'nginx:latest';
    delete web.readinessProbe;
    const context = contextFor({ 'all.k8s.yaml': manifests });
    await new ManifestChecks().validate(context);
    expect(context.report.success).toBe(false);
    const { violations: found } = context.report.toJson();
    expect(found.map((v) => v.ruleName)).toEqual(['probes', 'pinned-images']);
    expect(found[1].violatingConstructs).toEqual([{
      resourceName: 'remindmeweb-deployment',
      constructPath: 'webspec/Web/Deployment',
      manifestPath: expect.stringMatching(/all\.k8s\.yaml$/),
      locations: ['container frontend2 runs nginx:latest'],
    }]);
    expect(context.report.toString()).toContain('How to fix: Name the image with a tag such as :1.4.2, or with @sha256:<digest>.');
  });
});
