import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';

/** @internal A PodDisruptionBudget over the workload's pods. */
export function podDisruptionBudget(
  scope: Construct, metadata: k8s.ObjectMeta, selector: Record<string, string>, maxUnavailable: number,
): k8s.KubePodDisruptionBudget {
  return new k8s.KubePodDisruptionBudget(scope, 'Budget', {
    metadata,
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(maxUnavailable), selector: { matchLabels: selector } },
  });
}

/**
 * @internal
 * A NetworkPolicy that admits traffic to one port of the selected pods and refuses the rest.
 * Without `clients` the port is open to every source; with it, only to pods matching one of
 * the label sets it returns, read at synth time so clients can be added after the policy
 * exists (none: nothing is admitted).
 */
export function ingressNetworkPolicy(
  scope: Construct, metadata: k8s.ObjectMeta, selector: Record<string, string>, port: number,
  clients?: () => Record<string, string>[],
): k8s.KubeNetworkPolicy {
  const ports = [{ port: k8s.IntOrString.fromNumber(port), protocol: 'TCP' }];
  const fromClients = (from: Record<string, string>[]) => from.length === 0 ? [] : [{
    from: from.map((matchLabels) => ({ podSelector: { matchLabels } })),
    ports,
  }];
  return new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata,
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress'],
      ingress: clients ? Lazy.any({ produce: () => fromClients(clients()) }) : [{ ports }],
    },
  });
}
