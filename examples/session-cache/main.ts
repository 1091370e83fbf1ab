/**
 * A stateful service that has nothing to do with reminders: an HTTP session cache with one
 * disk per replica from a cloud storage class, a token in a Secret, and its own ports, probes
 * and names. It shows StatefulApi reusable as it is.
 *   npx tsx examples/session-cache/main.ts   # writes dist-examples/session-cache/ (npm run examples: every example)
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { SecretValue, StatefulApi } from '@remind-me/cdk8s-constructs';

export interface SessionCacheChartProps {
  /** The cache's token, in a Secret this chart creates. @default none: a Secret `session-cache-token` you create */
  readonly token?: SecretValue;
}

export class SessionCacheChart extends Chart {
  readonly cache: StatefulApi;

  constructor(scope: Construct, id: string, props: SessionCacheChartProps = {}) {
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
      secret: { name: 'session-cache-token', mountPath: '/etc/session-cache', data: props.token && { token: props.token } },
      config: { data: { EVICTION: 'lru', MAX_ENTRIES: '100000' } },
      persistentPaths: { snapshot: '/var/cache/sessions/snapshot.bin' },
    });
    this.cache.allowFrom({ app: 'checkout' });
  }
}

/** The example's app: `outdir` is where `synth()` writes. */
export function exampleApp(outdir?: string): App {
  const app = new App({ outdir });
  new SessionCacheChart(app, 'session-cache');
  return app;
}

if (require.main === module) exampleApp('dist-examples/session-cache').synth();
