/**
 * Redis 7 from Debian's package (image.ts), its redis.conf from a ConfigMap, the append-only
 * file on its claim, on a static hostPath volume under /data/redis on the node. A nightly RDB
 * snapshot to /backups/redis on the node, and its restore Job in restore/.
 *   npx tsx examples/redis/main.ts      # writes dist-examples/redis/ (npm run examples: every example)
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { RestrictedNamespace, ShellBackup, StatefulApi, StatefulApiBackup } from '@remind-me/cdk8s-constructs';
import { redisImageContract as image } from './image';
import { withRestoreApp } from '../restore-app';

const CONFIG_DIR = '/etc/redis';
const DATA_DIR = '/data';

// Every write is in the append-only file on the claim before a restart loses the process. No
// password: the NetworkPolicy admits only labelled clients (and `redis-cli ping` in the pod
// needs none).
const REDIS_CONF = `bind 0.0.0.0
port ${image.port}
protected-mode no
daemonize no
dir ${DATA_DIR}
appendonly yes
appendfsync everysec
save ""
maxmemory 192mb
`;

// Backups through the server: `redis-cli --rdb` asks it for a snapshot as a replica would
// (the server forks and streams it), checked by redis-check-rdb. Restored with Redis scaled
// to zero: at start Redis reads only its append-only files (appendonly yes), never a
// dump.rdb, so the snapshot becomes the base file of a new append-only directory, with the
// manifest Redis 7 writes for one; the old directory is replaced only once the new one is
// complete, and a snapshot that fails its check changes nothing.
const BACKUP_FILES = { prefix: 'redis', suffix: '.rdb' };
const SERVER_READY = 'redis-cli -h "$SERVER_HOST" -p "$SERVER_PORT" ping';
const REDIS_CLI_RDB = `redis-cli -h "$SERVER_HOST" -p "$SERVER_PORT" --rdb "$BACKUP_FILE"
redis-check-rdb "$BACKUP_FILE"`;
const RESTORE_RDB = `redis-check-rdb "$BACKUP_FILE"
aof="$DATA_DIR/appendonlydir"
rm -rf "$aof.restore" "$aof.old"
mkdir "$aof.restore"
cp "$BACKUP_FILE" "$aof.restore/appendonly.aof.1.base.rdb"
echo 'file appendonly.aof.1.base.rdb seq 1 type b' > "$aof.restore/appendonly.aof.manifest"
sync "$aof.restore"/* "$aof.restore"
if [ -e "$aof" ]; then mv "$aof" "$aof.old"; fi
mv "$aof.restore" "$aof"
rm -rf "$aof.old"
sync "$DATA_DIR"`;

export class RedisChart extends Chart {
  readonly redis: StatefulApi;
  /** The nightly backup: its CronJob `redis-backup`, and the restore Job it makes. */
  readonly backup: StatefulApiBackup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Every object below goes into this namespace, named once here.
    const { name: namespace } = new RestrictedNamespace(this, 'Namespace', { name: 'redis' }).namespace;
    this.redis = new StatefulApi(this, 'Redis', {
      name: 'redis',
      component: 'cache',
      namespace,
      image: `${image.imageName}:${image.imageTag}`,
      // The image's entrypoint is redis-server; its first argument is the configuration file.
      args: [`${CONFIG_DIR}/redis.conf`],
      port: image.port,
      portName: 'redis',
      replicas: 1,
      probes: {
        startup: { tcp: {}, periodSeconds: 1, failureThreshold: 60 },
        readiness: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 5, timeoutSeconds: 2 },
        liveness: { tcp: {}, periodSeconds: 10, failureThreshold: 6 },
      },
      securityContext: { runAsUser: image.uid, runAsGroup: image.gid, fsGroup: image.gid },
      storage: {
        mode: 'perReplica', mountPath: DATA_DIR, size: '1Gi', storageClassName: 'hostpath',
        hostPath: { path: '/data/redis', capacity: '1Gi' },
      },
      config: { files: { 'redis.conf': REDIS_CONF }, mountPath: CONFIG_DIR },
      clientService: { name: 'redis' },
    });
    // Pods labelled redis-client=true, of any namespace, reach port 6379; no one else (and the backup's pods, below).
    this.redis.allowFrom({ 'redis-client': 'true' }, { namespaceLabels: {} });

    // At 03:00 UTC, kept 7 days, on a static hostPath volume at /backups/redis on the node.
    this.backup = this.redis.addBackup({
      command: ShellBackup.command({ ...BACKUP_FILES, write: REDIS_CLI_RDB, ready: SERVER_READY }),
      restoreCommand: ShellBackup.restoreCommand({ ...BACKUP_FILES, restore: RESTORE_RDB }),
      backupThroughServer: true,
      storage: { size: '1Gi', storageClassName: 'hostpath', hostPath: { path: '/backups/redis', capacity: '1Gi' } },
    });
  }
}

/** The example's apps: the chart, and its restore Job in `restore/`. `outdir` is where `synth()` writes. */
export function exampleApp(outdir?: string): App[] {
  return withRestoreApp('redis', outdir, (app) => new RedisChart(app, 'redis').backup);
}

if (require.main === module) exampleApp('dist-examples/redis').forEach((app) => app.synth());
