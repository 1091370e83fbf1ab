import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { loadValues, remindMeApp } from '../charts';
import { isPinnedImage } from '../lib';
import { KUBERNETES_VERSIONS, KubernetesSchema } from './support/k8s-schema';
import { Manifest, podSpecs, synth } from './support/manifests';
import { restrictedViolations } from './support/pod-security';
import { SessionCacheChart } from './support/session-cache-chart';

/** Every configuration this repository supports, and the reused construct, as manifests. */
function configurations(): [string, Manifest[]][] {
  const remindMe = (overlay?: string) => {
    const { apiChart, webChart } = remindMeApp(loadValues(overlay && join(__dirname, '..', 'config', 'examples', `${overlay}.yaml`)));
    return [...synth(apiChart), ...synth(webChart)];
  };
  process.env.SESSION_CACHE_TOKEN = 'token';
  const cache = synth(new SessionCacheChart(Testing.app(), 'cache'));
  delete process.env.SESSION_CACHE_TOKEN;
  return [
    ['the chapter\'s layout', remindMe()],
    ['per-replica storage', remindMe('per-replica')],
    ['a non-default namespace', remindMe('namespace')],
    ['dynamic provisioning', remindMe('dynamic')],
    ['the book\'s web image', remindMe('book-web')],
    ['a reused StatefulApi (session cache)', cache],
  ];
}
const CONFIGURATIONS = configurations();

describe.each(KUBERNETES_VERSIONS)('every object is valid against Kubernetes %s, unknown fields rejected', (version) => {
  const schema = new KubernetesSchema(version);

  test.each(CONFIGURATIONS)('%s', (_, manifests) => {
    const problems = manifests.flatMap((m) => schema.errorsOf(m).map((e) => `${m.kind}/${m.metadata.name}: ${e}`));
    expect(problems).toEqual([]);
  });

  test('the check can fail: a misspelt field and a wrong type are reported', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { clusterIp: 'None', ports: [{ port: '80' }] } };
    const problems = schema.errorsOf(service);
    expect(problems).toContain('/spec must NOT have additional properties: clusterIp');
    expect(problems).toContain('/spec/ports/0/port must be integer');
  });
});

describe.each(CONFIGURATIONS)('pods of %s', (_, manifests) => {
  const pods = podSpecs(manifests);

  test('pass the Pod Security Standard "restricted"', () => {
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.flatMap(({ owner, spec }) => restrictedViolations(spec).map((v) => `${owner}: ${v}`))).toEqual([]);
  });

  test('have probes, requests and limits and a pinned image in every container', () => {
    for (const { spec } of pods) {
      for (const container of spec.containers) {
        expect(container.readinessProbe).toBeDefined();
        expect(container.livenessProbe).toBeDefined();
        for (const resource of ['cpu', 'memory', 'ephemeral-storage']) {
          expect(container.resources.requests[resource]).toBeDefined();
          expect(container.resources.limits[resource]).toBeDefined();
        }
        expect(isPinnedImage(container.image)).toBe(true);
      }
    }
  });

  test('are selected by their workload, their Services, budgets and policies', () => {
    const matches = (selector: Record<string, string>) => pods.filter(({ owner }) => {
      const workload = manifests.find((m) => `${m.kind}/${m.metadata.name}` === owner)!;
      return Object.entries(selector).every(([k, v]) => workload.spec.template.metadata.labels[k] === v);
    });
    for (const m of manifests) {
      const selector = m.kind === 'Service' ? m.spec.selector
        : m.kind === 'NetworkPolicy' ? m.spec.podSelector.matchLabels
          : m.spec?.selector?.matchLabels;
      if (selector) expect([`${m.kind}/${m.metadata.name}`, matches(selector).length]).toEqual([`${m.kind}/${m.metadata.name}`, 1]);
    }
  });

  test('mount only volumes the pod has or its StatefulSet claims', () => {
    for (const workload of manifests.filter((m) => m.spec?.template?.spec)) {
      const names = [
        ...(workload.spec.template.spec.volumes ?? []),
        ...(workload.spec.volumeClaimTemplates ?? []).map((t: Manifest) => t.metadata),
      ].map((v: { name: string }) => v.name);
      for (const container of workload.spec.template.spec.containers) {
        for (const mount of container.volumeMounts ?? []) expect(names).toContain(mount.name);
      }
    }
  });

  test('every Service target port is a port some selected container declares', () => {
    for (const service of manifests.filter((m) => m.kind === 'Service')) {
      const workload = manifests.find((m) => m.spec?.template?.metadata.labels.app === service.spec.selector.app)!;
      const ports = workload.spec.template.spec.containers.flatMap((c: { ports: { name: string }[] }) => c.ports.map((p) => p.name));
      for (const port of service.spec.ports) expect(ports).toContain(port.targetPort);
    }
  });
});

test('the restricted check can fail: cdk8s-plus-27\'s own defaults do not pass it', () => {
  const chart = new Chart(Testing.app(), 'plain');
  new kplus.Deployment(chart, 'Plain', { containers: [{ image: 'nginx:1.25.3', portNumber: 8080 }] });
  const [{ spec }] = podSpecs(synth(chart));
  expect(restrictedViolations(spec)).toEqual(expect.arrayContaining([
    expect.stringMatching(/no RuntimeDefault or Localhost seccomp profile/),
    expect.stringMatching(/does not drop ALL capabilities/),
  ]));
});
