/**
 * Redis 7 from Debian's package (image.ts), its redis.conf from a ConfigMap, the append-only
 * file on its claim, on a static hostPath volume under /data/redis on the node.
 *   npx tsx examples/redis/main.ts      # writes dist-examples/redis/ (npm run examples: every example)
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { RestrictedNamespace, StatefulApi } from '@remind-me/cdk8s-constructs';
import { redisImageContract as image } from './image';

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

export class RedisChart extends Chart {
  readonly redis: StatefulApi;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new RestrictedNamespace(this, 'Namespace', { name: 'redis' });
    this.redis = new StatefulApi(this, 'Redis', {
      name: 'redis',
      component: 'cache',
      namespace: 'redis',
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
    // Pods labelled redis-client=true, of any namespace, reach port 6379; no one else.
    this.redis.allowFrom({ 'redis-client': 'true' }, { namespaceLabels: {} });
  }
}

/** The example's app: `outdir` is where `synth()` writes. */
export function exampleApp(outdir?: string): App {
  const app = new App({ outdir });
  new RedisChart(app, 'redis');
  return app;
}

if (require.main === module) exampleApp('dist-examples/redis').synth();
