import { Testing } from 'cdk8s';
import { RestrictedNamespace } from '../../lib/index';
import { only, synth } from '../support/manifests';

describe('RestrictedNamespace', () => {
  test('enforces, warns and audits the "restricted" Pod Security Standard', () => {
    const chart = Testing.chart();
    new RestrictedNamespace(chart, 'Ns', { name: 'shop', labels: { team: 'payments' } });
    expect(only(synth(chart), 'Namespace').metadata).toEqual({
      name: 'shop',
      labels: {
        'team': 'payments',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      },
    });
  });

  test.each(['kube-system', 'kube-public', 'default'])('refuses to take over %s', (name) => {
    expect(() => new RestrictedNamespace(Testing.chart(), 'Ns', { name }))
      .toThrow(new RegExp(`name: '${name}' is a namespace Kubernetes itself manages.*Fix: choose a namespace of your own`));
  });

  test('refuses a name that is not DNS-1123', () => {
    expect(() => new RestrictedNamespace(Testing.chart(), 'Ns', { name: 'Shop' })).toThrow(/name: 'Shop' is not a DNS-1123 label/);
  });
});
