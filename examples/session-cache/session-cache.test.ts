import { Testing } from 'cdk8s';
import { SecretValue, warningsOf } from '@remind-me/cdk8s-constructs';
import { only, synth } from '../../test/support/manifests';
import { SessionCacheChart } from './main';

describe('StatefulApi reused for an unrelated stateful service', () => {
  // GIVEN a session cache built from the same construct, with a token read from the environment at synth time
  process.env.SESSION_CACHE_TOKEN = 'cache-token';
  const chart = new SessionCacheChart(Testing.app(), 'cache', { token: SecretValue.fromEnv('SESSION_CACHE_TOKEN') });
  const manifests = synth(chart);
  delete process.env.SESSION_CACHE_TOKEN;
  const sts = only(manifests, 'StatefulSet', 'session-cache');

  test('gets its own names, namespace and objects, none of the reminder system\'s', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Service/session-cache-headless', 'ConfigMap/session-cache-config', 'Secret/session-cache-token',
      'StatefulSet/session-cache', 'PodDisruptionBudget/session-cache-pdb', 'NetworkPolicy/session-cache-ingress',
    ]);
    expect(JSON.stringify(manifests)).not.toMatch(/remind/i);
    expect(new Set(manifests.map((m) => m.metadata.namespace))).toEqual(new Set(['platform']));
  });

  test('runs five replicas in parallel with one 20Gi claim each from the cloud class', () => {
    expect(sts.spec).toMatchObject({ replicas: 5, podManagementPolicy: 'Parallel', serviceName: 'session-cache-headless' });
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({
      storageClassName: 'premium-rwo', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } },
    });
    expect(chart.cache.claimName(4)).toBe('session-cache-data-session-cache-4');
  });

  test('uses its own port, probes, user and the token read at synth time', () => {
    const container = sts.spec.template.spec.containers[0];
    expect(container.ports[0].containerPort).toBe(7070);
    expect(container.readinessProbe.httpGet.path).toBe('/v1/ready');
    expect(sts.spec.template.spec.securityContext.runAsUser).toBe(65532);
    expect(Buffer.from(only(manifests, 'Secret').data.token, 'base64').toString()).toBe('cache-token');
    expect(chart.cache.podUrl(3)).toBe('http://session-cache-3.session-cache-headless.platform.svc.cluster.local:7070');
    expect(only(manifests, 'NetworkPolicy').spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { app: 'checkout' } } }]);
  });

  test('spreads over nodes and warns of nothing', () => {
    expect(sts.spec.template.spec.affinity.podAntiAffinity).toBeDefined();
    expect(warningsOf(chart)).toEqual([]);
  });
});
