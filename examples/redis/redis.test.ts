import { backupObjects, componentsByApp, envOf, only, synthExampleWithRestore } from '../../test/support/manifests';
import { redisImageContract as image } from './image';
import { exampleApp } from './main';

describe('the Redis example', () => {
  const { restoreApp, manifests, restores, pod, container } = synthExampleWithRestore(exampleApp('out'), 'redis');
  const conf: string = only(manifests, 'ConfigMap', 'redis-config').data['redis.conf'];

  test("labels every namespaced object of the server as the cache it is, the backup's as its own", () => {
    expect(componentsByApp(manifests)).toEqual({ redis: ['cache'], 'redis-backup': ['backup', 'job'] });
  });

  test('is the namespace redis, a StatefulSet redis with a claim each on /data/redis/<ordinal>', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Namespace/redis', 'Service/redis-headless', 'Service/redis', 'ConfigMap/redis-config',
      'PersistentVolume/redis-data-volume-0', 'StatefulSet/redis', 'PodDisruptionBudget/redis-pdb', 'NetworkPolicy/redis-ingress',
      'PersistentVolume/redis-backup-volume', 'PersistentVolumeClaim/redis-backup', 'CronJob/redis-backup',
    ]);
    expect(only(manifests, 'PersistentVolume', 'redis-data-volume-0').spec).toMatchObject({
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

  test("serves clients on the ClusterIP Service redis, port 6379, to labelled pods of any namespace only, and to the backup's pods", () => {
    expect(only(manifests, 'Service', 'redis').spec.ports).toEqual([{ name: 'redis', port: 6379, targetPort: 'redis', protocol: 'TCP' }]);
    // The restore Job writes the claim with Redis scaled to zero: no connection, not admitted.
    expect(only(manifests, 'NetworkPolicy').spec.ingress).toEqual([{
      from: [
        { namespaceSelector: { matchLabels: {} }, podSelector: { matchLabels: { 'redis-client': 'true' } } },
        { podSelector: { matchLabels: { app: 'redis-backup' } } },
      ],
      ports: [{ port: 6379, protocol: 'TCP' }],
    }]);
  });

  describe('the backup: an RDB snapshot through the server, restored onto the claim with Redis scaled to zero', () => {
    const { cronJob, backupPod, restorePod } = backupObjects(manifests, restores, 'redis');

    test('nightly at 03:00 UTC, 7 kept: redis-cli --rdb against redis-0, checked by redis-check-rdb; no data claim, any node', () => {
      expect(cronJob.spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
      const [sh, , , name, prefix, suffix, write, ready] = backupPod.containers[0].command;
      expect([sh, name, prefix, suffix]).toEqual(['sh', 'backup', 'redis', '.rdb']);
      // Until the server answers: its NetworkPolicy may refuse a new pod's first connections.
      expect(ready).toBe('redis-cli -h "$SERVER_HOST" -p "$SERVER_PORT" ping');
      expect(write).toBe('redis-cli -h "$SERVER_HOST" -p "$SERVER_PORT" --rdb "$BACKUP_FILE"\nredis-check-rdb "$BACKUP_FILE"');
      expect(envOf(backupPod)).toEqual({
        SERVER_HOST: 'redis-0.redis-headless.redis.svc.cluster.local', SERVER_PORT: '6379', BACKUP_DIR: '/backups', BACKUP_KEEP: '7',
      });
      expect(backupPod.volumes.map((v: any) => v.persistentVolumeClaim?.claimName).filter(Boolean)).toEqual(['redis-backup']);
      expect(backupPod.affinity).toBeUndefined();
      expect(only(manifests, 'PersistentVolume', 'redis-backup-volume').spec.hostPath).toEqual({ path: '/backups/redis', type: 'Directory' });
    });

    test("the restore Job, under restore/, makes the snapshot the base of a new append-only directory on redis-0's claim", () => {
      expect(restoreApp.outdir).toBe('out/restore');
      const [, , , name, prefix, suffix, load, ready] = restorePod.containers[0].command;
      // No server to wait for: Redis is scaled to zero.
      expect([name, prefix, suffix, ready]).toEqual(['restore', 'redis', '.rdb', '']);
      const lines = load.split('\n');
      expect(lines[0]).toBe('redis-check-rdb "$BACKUP_FILE"');
      expect(lines).toEqual(expect.arrayContaining([
        'cp "$BACKUP_FILE" "$aof.restore/appendonly.aof.1.base.rdb"',
        "echo 'file appendonly.aof.1.base.rdb seq 1 type b' > \"$aof.restore/appendonly.aof.manifest\"",
        'mv "$aof.restore" "$aof"',
      ]));
      // The directory Redis reads is the one redis.conf names (the default appenddirname in dir).
      expect(conf).toContain('dir /data\n');
      expect(conf).not.toMatch(/appenddirname|appendfilename/);
      expect(restorePod.containers[0].volumeMounts.slice(1)).toEqual([
        { name: 'redis-data-redis-0', mountPath: '/data' },
        { name: 'redis-backup', mountPath: '/backups', readOnly: true },
      ]);
      expect(envOf(restorePod)).toEqual({ DATA_DIR: '/data', BACKUP_DIR: '/backups', BACKUP_KEEP: '7', RESTORE_FROM: '' });
    });
  });
});
