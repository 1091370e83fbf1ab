import { Testing } from 'cdk8s';
import { checkManifests, formatViolation, SecretValue, warningsOf } from '@remind-me/cdk8s-constructs';
import { only, synth } from '../../test/support/manifests';
import { ShopChart } from './main';

describe("the README's shop: orders and a storefront", () => {
  const chart = new ShopChart(Testing.app(), 'shop', { ordersToken: SecretValue.fromLiteral('t0ken') });
  const manifests = synth(chart);

  test('passes every manifest check and warns of nothing', () => {
    expect(checkManifests(manifests).map(formatViolation)).toEqual([]);
    expect(warningsOf(chart)).toEqual([]);
  });

  test('runs three orders replicas with a 20Gi claim each from the cloud class', () => {
    const sts = only(manifests, 'StatefulSet', 'orders');
    expect(sts.spec.replicas).toBe(3);
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({
      storageClassName: 'premium-rwo', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } },
    });
    expect(Buffer.from(only(manifests, 'Secret', 'orders-secret').data.token, 'base64').toString()).toBe('t0ken');
  });

  test('points the storefront at orders-0 and admits only its pods to the orders port', () => {
    const web = only(manifests, 'Deployment', 'storefront').spec.template.spec.containers[0];
    expect(web.env).toContainEqual({ name: 'ORDERS_URL', value: 'http://orders-0.orders-headless.shop.svc.cluster.local:8080' });
    expect(only(manifests, 'Service', 'storefront-svc').spec).toMatchObject({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
    expect(only(manifests, 'NetworkPolicy', 'orders-ingress').spec.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: chart.storefront.selectorLabels } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });

  test('mounts an existing Secret orders-secret when no token is given', () => {
    const existing = synth(new ShopChart(Testing.app(), 'shop'));
    expect(existing.some((m) => m.kind === 'Secret')).toBe(false);
    expect(only(existing, 'StatefulSet').spec.template.spec.volumes).toContainEqual(
      expect.objectContaining({ name: 'secrets', secret: expect.objectContaining({ secretName: 'orders-secret' }) }));
  });
});
