import { JsonPatch, Testing } from 'cdk8s';
import { checkManifests, formatViolation, patchFinalJson, StatefulApi, StatefulApiProps } from '../../lib/index';
import { Manifest, only, synth } from '../support/manifests';
import { tcpStatefulApiProps } from '../support/props';

// The escape hatch: JSON patches on the final Kubernetes JSON. The traps of addJsonPatch on
// the cdk8s-plus-27 L1 objects (patches applied before the conversion to Kubernetes JSON)
// are shown first, then each one surviving patchFinalJson, or failing loudly.

const PROPS: StatefulApiProps = { ...tcpStatefulApiProps('cache', 6379, 'redis', '/data'), writablePaths: ['/run/cache'] };

function build(patch: (api: StatefulApi) => void): Manifest[] {
  const chart = Testing.chart();
  const api = new StatefulApi(chart, 'Cache', PROPS);
  patch(api);
  return synth(chart);
}

const pod = (manifests: Manifest[]) => only(manifests, 'StatefulSet').spec.template.spec;

describe('addJsonPatch on the cdk8s-plus-27 L1 objects (the trap this package documents)', () => {
  test('loses a targetPort, a sizeLimit and a tcpSocket.port without an error, and opens every port of a policy rule', () => {
    const manifests = build((api) => {
      api.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 6380));
      api.statefulSet.addJsonPatch(JsonPatch.replace('/spec/template/spec/volumes/1/emptyDir/sizeLimit', '1Gi'));
      api.statefulSet.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/livenessProbe/tcpSocket/port', 6380));
      api.networkPolicy.addJsonPatch(JsonPatch.add('/spec/ingress', [{ ports: [{ port: 6380, protocol: 'TCP' }] }]));
    });
    expect(only(manifests, 'Service').spec.ports[0].targetPort).toBeUndefined();
    expect(pod(manifests).volumes[1].emptyDir).toEqual({});
    expect(pod(manifests).containers[0].livenessProbe.tcpSocket).toEqual({});
    expect(only(manifests, 'NetworkPolicy').spec.ingress).toEqual([{ ports: [{ protocol: 'TCP' }] }]);
  });

  test('needs clusterIP spelled clusterIp', () => {
    const manifests = build((api) => api.service.addJsonPatch(JsonPatch.replace('/spec/clusterIP', '10.96.0.10')));
    expect(only(manifests, 'Service').spec.clusterIP).toBe('None');
  });
});

describe('patchFinalJson', () => {
  test('keeps a targetPort, a sizeLimit, a tcpSocket.port, a clusterIP and a policy port, and the output passes the checks', () => {
    const manifests = build((api) => {
      patchFinalJson(api.service, [JsonPatch.replace('/spec/ports/0/targetPort', 6380), JsonPatch.replace('/spec/clusterIP', '10.96.0.10')]);
      patchFinalJson(api.statefulSet, [
        JsonPatch.replace('/spec/template/spec/volumes/1/emptyDir/sizeLimit', '1Gi'),
        JsonPatch.replace('/spec/template/spec/containers/0/livenessProbe/tcpSocket/port', 6380),
        JsonPatch.add('/spec/template/spec/containers/0/ports/-', { name: 'replica', containerPort: 6380, protocol: 'TCP' }),
      ]);
      patchFinalJson(api.networkPolicy, [JsonPatch.add('/spec/ingress', [{ ports: [{ port: 6380, protocol: 'TCP' }] }])]);
    });
    expect(only(manifests, 'Service').spec).toMatchObject({ clusterIP: '10.96.0.10', ports: [expect.objectContaining({ targetPort: 6380 })] });
    expect(pod(manifests).volumes[1]).toEqual({ name: 'run-cache', emptyDir: { sizeLimit: '1Gi' } });
    expect(pod(manifests).containers[0].livenessProbe.tcpSocket).toEqual({ port: 6380 });
    expect(only(manifests, 'NetworkPolicy').spec.ingress).toEqual([{ ports: [{ port: 6380, protocol: 'TCP' }] }]);
    expect(checkManifests(manifests).map(formatViolation)).toEqual([]);
  });

  test('runs after addJsonPatch and the conversion: its value wins', () => {
    const manifests = build((api) => {
      patchFinalJson(api.service, [JsonPatch.replace('/spec/publishNotReadyAddresses', true)]);
      api.service.addJsonPatch(JsonPatch.replace('/spec/publishNotReadyAddresses', false));
    });
    expect(only(manifests, 'Service').spec.publishNotReadyAddresses).toBe(true);
  });

  test('fails the synth on a field in cdk8s spelling (clusterIp), naming the object, the field and the fix', () => {
    expect(() => build((api) => patchFinalJson(api.service, [JsonPatch.add('/spec/clusterIp', '10.96.0.10')])))
      .toThrow(/patchFinalJson on 'test\/Cache\/Service'.*not valid for Kubernetes v1\.27\.0: \/spec must NOT have additional properties: clusterIp.*Fix: spell the field as the Kubernetes API reference does \(such as clusterIP/);
  });

  test('fails the synth on a path that does not exist, rather than adding or losing a field', () => {
    expect(() => build((api) => patchFinalJson(api.statefulSet, [JsonPatch.replace('/spec/template/spec/volumes/7/emptyDir/sizeLimit', '1Gi')])))
      .toThrow(/replace \/spec\/template\/spec\/volumes\/7\/emptyDir\/sizeLimit: \/spec\/template\/spec\/volumes\/7\/emptyDir\/sizeLimit does not exist in the object/);
    expect(() => build((api) => patchFinalJson(api.service, [JsonPatch.add('/spec/sessionAffinityConfig/clientIP/timeoutSeconds', 60)])))
      .toThrow(/\/spec\/sessionAffinityConfig\/clientIP does not exist.*add missing parents first/);
  });

  test('fails the synth on a value of the wrong type', () => {
    expect(() => build((api) => patchFinalJson(api.statefulSet, [JsonPatch.replace('/spec/replicas', 'three')])))
      .toThrow(/\/spec\/replicas must be integer/);
  });

  test('checks only the versions given: a 1.35 field passes when 1.35 is the target', () => {
    const manifests = build((api) => patchFinalJson(api.service, [JsonPatch.add('/spec/trafficDistribution', 'PreferClose')],
      { kubernetesVersions: ['v1.35.0'] }));
    expect(only(manifests, 'Service').spec.trafficDistribution).toBe('PreferClose');
    expect(() => build((api) => patchFinalJson(api.service, [JsonPatch.add('/spec/trafficDistribution', 'PreferClose')])))
      .toThrow(/the field trafficDistribution came in Kubernetes 1\.30, newer than the targeted v1\.27\.0.*kubernetesVersions: \['v1\.35\.0'\]/);
  });
});
