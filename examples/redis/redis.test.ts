import { Testing } from 'cdk8s';
import { checkManifests, formatViolation } from '@remind-me/cdk8s-constructs';
import { only, synth } from '../../test/support/manifests';
import { redisImageContract as image } from './image';
import { RedisChart } from './main';

describe('the Redis example', () => {
  const manifests = synth(new RedisChart(Testing.app(), 'redis'));
  const sts = only(manifests, 'StatefulSet', 'redis');
  const pod = sts.spec.template.spec;
  const container = pod.containers[0];
  const conf: string = only(manifests, 'ConfigMap', 'redis-config').data['redis.conf'];

  test('labels every namespaced object as the cache it is', () => {
    const namespaced = manifests.filter((m) => m.kind !== 'Namespace' && m.kind !== 'PersistentVolume');
    expect(namespaced.map((m) => m.metadata.labels['app.kubernetes.io/component'])).toEqual(namespaced.map(() => 'cache'));
  });

  test('passes every manifest check', () => {
    expect(checkManifests(manifests).map(formatViolation)).toEqual([]);
  });

  test('is the namespace redis, a StatefulSet redis with a claim each on /data/redis/<ordinal>', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Namespace/redis', 'Service/redis-headless', 'Service/redis', 'ConfigMap/redis-config',
      'PersistentVolume/redis-data-volume-0', 'StatefulSet/redis', 'PodDisruptionBudget/redis-pdb', 'NetworkPolicy/redis-ingress',
    ]);
    expect(only(manifests, 'PersistentVolume').spec).toMatchObject({
      hostPath: { path: '/data/redis/0' }, claimRef: { name: 'redis-data-redis-0', namespace: 'redis' },
    });
    expect(container.image).toBe(`remind-me-redis:${image.imageTag}`);
    expect(pod.securityContext).toMatchObject({ runAsUser: image.uid, runAsGroup: image.gid });
  });

  test('names redis.conf, mounted from the ConfigMap as a file, in args; the append-only file is on the claim', () => {
    expect(container.command).toBeUndefined();
    expect(container.args).toEqual(['/etc/redis/redis.conf']);
    expect(pod.volumes).toContainEqual({ name: 'config', configMap: { name: 'redis-config', items: [{ key: 'redis.conf', path: 'redis.conf' }] } });
    expect(container.volumeMounts).toEqual(expect.arrayContaining([
      { name: 'config', mountPath: '/etc/redis', readOnly: true },
      { name: 'redis-data', mountPath: '/data' },
    ]));
    expect(conf.split('\n')).toEqual(expect.arrayContaining(['dir /data', 'appendonly yes', 'daemonize no']));
    expect(container.envFrom).toBeUndefined();
  });

  test('is ready on redis-cli ping, started and alive on TCP: no HTTP probe', () => {
    expect(container.readinessProbe).toMatchObject({ exec: { command: ['redis-cli', 'ping'] } });
    expect(container.startupProbe).toMatchObject({ tcpSocket: { port: 'redis' } });
    expect(container.livenessProbe).toMatchObject({ tcpSocket: { port: 'redis' } });
    expect(JSON.stringify(manifests)).not.toContain('httpGet');
  });

  test('serves clients on the ClusterIP Service redis, port 6379, to labelled pods of any namespace only', () => {
    expect(only(manifests, 'Service', 'redis').spec.ports).toEqual([{ name: 'redis', port: 6379, targetPort: 'redis', protocol: 'TCP' }]);
    expect(only(manifests, 'NetworkPolicy').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: {} }, podSelector: { matchLabels: { 'redis-client': 'true' } } }],
      ports: [{ port: 6379, protocol: 'TCP' }],
    }]);
  });
});
