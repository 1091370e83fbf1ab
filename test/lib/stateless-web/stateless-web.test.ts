import { Testing } from 'cdk8s';
import { StatelessWeb, StatelessWebProps } from '../../../lib/index';
import { Manifest, only, synth } from '../../support/manifests';

const MINIMAL: StatelessWebProps = { name: 'storefront', image: 'storefront:3.1.0', port: 8080 };

function build(props: Partial<StatelessWebProps> = {}): { web: StatelessWeb; manifests: Manifest[] } {
  const chart = Testing.chart();
  const web = new StatelessWeb(chart, 'Web', { ...MINIMAL, ...props });
  return { web, manifests: synth(chart) };
}

describe('StatelessWeb with minimal props', () => {
  // GIVEN a name, an image and a port
  const { web, manifests } = build();
  const deployment = only(manifests, 'Deployment');
  const pod = deployment.spec.template.spec;

  test('makes a NodePort Service to the named container port, before the Deployment', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Service/storefront-svc', 'Deployment/storefront', 'PodDisruptionBudget/storefront-pdb', 'NetworkPolicy/storefront-ingress',
    ]);
    const service = only(manifests, 'Service');
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(pod.containers[0].ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(web.service.name).toBe('storefront-svc');
  });

  test('selects its pods by a fixed label, which it offers to backends', () => {
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'storefront' } });
    expect(deployment.spec.template.metadata.labels).toMatchObject({ app: 'storefront' });
    expect(web.selectorLabels).toEqual({ app: 'storefront' });
    expect(JSON.stringify(manifests)).not.toContain('cdk8s.io/metadata.addr');
  });

  test('runs one restricted replica with probes, requests and limits', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(pod.containers[0].readinessProbe.httpGet).toEqual({ path: '/', port: 'http' });
    expect(pod.containers[0].startupProbe.httpGet).toEqual({ path: '/', port: 'http' });
    expect(pod.containers[0].resources.limits).toEqual({ 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '256Mi' });
    expect(pod.containers[0].env).toBeUndefined();
  });

  test('admits traffic to the web port only', () => {
    expect(only(manifests, 'NetworkPolicy').spec).toEqual({
      podSelector: { matchLabels: { app: 'storefront' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }] }],
    });
  });

  test('exposes its budget and policy, as StatefulApi does', () => {
    expect(web.podDisruptionBudget.name).toBe('storefront-pdb');
    expect(web.networkPolicy.name).toBe('storefront-ingress');
  });
});

describe('StatelessWeb with all props', () => {
  const { manifests } = build({
    namespace: 'shop',
    deploymentName: 'storefront-deployment',
    containerName: 'frontend',
    replicas: 4,
    env: { API_URL: 'http://api:8080', MODE: 'live' },
    resources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '100m', memory: '100Mi' } },
    probes: { readinessPath: '/health/ready', livenessPath: '/health/live' },
    service: { name: 'storefront-public', port: 80, nodePort: 31000 },
    maxUnavailable: 2,
  });
  const deployment = only(manifests, 'Deployment', 'storefront-deployment');
  const container = deployment.spec.template.spec.containers[0];

  test('applies each setting', () => {
    expect(deployment.metadata.namespace).toBe('shop');
    expect(deployment.spec.replicas).toBe(4);
    expect(container.name).toBe('frontend');
    expect(container.env).toEqual([{ name: 'API_URL', value: 'http://api:8080' }, { name: 'MODE', value: 'live' }]);
    expect(container.resources.requests).toMatchObject({ cpu: '100m', memory: '100Mi' });
    expect(container.resources.limits).toMatchObject({ cpu: '100m', memory: '100Mi' });
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    expect(only(manifests, 'PodDisruptionBudget').spec.maxUnavailable).toBe(2);
  });

  test('maps the Service port to the container port on the chosen node port', () => {
    const service = only(manifests, 'Service', 'storefront-public');
    expect(service.metadata.namespace).toBe('shop');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', nodePort: 31000, protocol: 'TCP' }]);
    expect(container.ports[0]).toEqual({ name: 'http', containerPort: 8080, protocol: 'TCP' });
  });
});

describe('StatelessWeb refuses impossible configurations with the prop and the fix', () => {
  test.each<[string, Partial<StatelessWebProps>, RegExp]>([
    ['a nodePort below the range', { service: { nodePort: 8080 } },
      /service.nodePort: 8080 is outside the default NodePort range. Fix: use a whole number from 30000 to 32767/],
    ['a nodePort above the range', { service: { nodePort: 32768 } }, /service.nodePort: 32768 is outside/],
    ['a Service port out of range', { service: { port: 65536 } }, /service.port: 65536 is not a port number/],
    ['a container port of 0', { port: 0 }, /port: 0 is not a port number/],
    ['negative replicas', { replicas: -3 }, /replicas: -3 is not a replica count/],
    ['an unpinned image', { image: 'kubernetessuccinctly/remind-me-web' }, /image: 'kubernetessuccinctly\/remind-me-web' is not pinned/],
    ['a Deployment name in capitals', { deploymentName: 'Front' }, /deploymentName: 'Front' is not a DNS-1123 label/],
    ['a Service name with a dot', { service: { name: 'web.svc' } }, /service.name: 'web.svc' is not a valid Service name/],
  ])('%s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('accepts a digest as a pinned image', () => {
    const digest = `storefront@sha256:${'a'.repeat(64)}`;
    const { manifests } = build({ image: digest });
    expect(only(manifests, 'Deployment').spec.template.spec.containers[0].image).toBe(digest);
    expect(only(manifests, 'Deployment').metadata.labels['app.kubernetes.io/version']).toBeUndefined();
  });
});
