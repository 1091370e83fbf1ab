/**
 * The shop of the package's README: an orders service with a claim per replica, and a
 * storefront that alone may reach it.
 *   npx tsx examples/orders/main.ts   # writes dist-examples/orders/ (npm run examples: every example)
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { RestrictedNamespace, SecretValue, StatefulApi, StatelessWeb } from '@remind-me/cdk8s-constructs';

export interface ShopChartProps {
  /**
   * The orders service's token, in a Secret this chart creates; `SecretValue.fromEnv` reads it
   * at synth time, so nothing sensitive lives in the repository.
   * @default none: a Secret `orders-secret` you create
   */
  readonly ordersToken?: SecretValue;
}

export class ShopChart extends Chart {
  readonly orders: StatefulApi;
  readonly storefront: StatelessWeb;

  constructor(scope: Construct, id: string, props: ShopChartProps = {}) {
    super(scope, id);
    // Every object below goes into this namespace, named once here.
    const { name: namespace } = new RestrictedNamespace(this, 'Namespace', { name: 'shop' }).namespace;
    this.orders = new StatefulApi(this, 'Orders', {
      name: 'orders',
      namespace,
      image: 'registry.example.com/orders:1.4.2',
      port: 8080,
      replicas: 3,
      probes: { readinessPath: '/ready', livenessPath: '/live' },
      storage: { mode: 'perReplica', mountPath: '/var/lib/orders', size: '20Gi', storageClassName: 'premium-rwo' },
      secret: { name: 'orders-secret', mountPath: '/etc/orders', data: props.ordersToken && { token: props.ordersToken } },
      config: { data: { LOG_LEVEL: 'info' } },
      persistentPaths: { database: '/var/lib/orders/orders.db' },
    });
    this.storefront = new StatelessWeb(this, 'Web', {
      name: 'storefront', namespace, image: 'registry.example.com/storefront:2.0.0', port: 8080,
      env: { ORDERS_URL: this.orders.podUrl(0) },
      service: { port: 80, nodePort: 30080 },
    });
    // Only the storefront's pods (same namespace) reach the orders port.
    this.orders.allowFrom(this.storefront.selectorLabels);
  }
}

/** The example's app: `outdir` is where `synth()` writes. */
export function exampleApp(outdir?: string): App {
  const app = new App({ outdir });
  new ShopChart(app, 'shop');
  return app;
}

if (require.main === module) exampleApp('dist-examples/orders').synth();
