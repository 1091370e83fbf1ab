import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { SecretValue, StatefulApi } from '../../lib';

/**
 * A second stateful service that has nothing to do with reminders: an HTTP session cache with
 * one disk per replica from a cloud storage class, a token read from the environment at synth
 * time, and its own ports, probes and names. It proves StatefulApi is reusable as it is.
 */
export class SessionCacheChart extends Chart {
  readonly cache: StatefulApi;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.cache = new StatefulApi(this, 'Cache', {
      name: 'session-cache',
      namespace: 'platform',
      image: 'ghcr.io/example/session-cache:0.9.3',
      port: 7070,
      replicas: 5,
      podManagementPolicy: 'Parallel',
      publishNotReadyAddresses: true,
      probes: { readinessPath: '/v1/ready', livenessPath: '/v1/alive' },
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      securityContext: { runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532 },
      storage: { mode: 'perReplica', mountPath: '/var/cache/sessions', size: '20Gi', storageClassName: 'premium-rwo' },
      secret: { name: 'session-cache-token', mountPath: '/etc/session-cache', data: { token: SecretValue.fromEnv('SESSION_CACHE_TOKEN') } },
      config: { data: { EVICTION: 'lru', MAX_ENTRIES: '100000' } },
      persistentPaths: { snapshot: '/var/cache/sessions/snapshot.bin' },
    });
    this.cache.allowFrom({ app: 'checkout' });
  }
}
