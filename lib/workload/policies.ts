import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { PortProps } from './container-props';
import { AllowFromOptions, EgressProps, EgressRuleProps } from './network-props';

/** @internal A PodDisruptionBudget over the workload's pods. */
export function podDisruptionBudget(
  scope: Construct, metadata: k8s.ObjectMeta, selector: Record<string, string>, maxUnavailable: number,
): k8s.KubePodDisruptionBudget {
  return new k8s.KubePodDisruptionBudget(scope, 'Budget', {
    metadata,
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(maxUnavailable), selector: { matchLabels: selector } },
  });
}

/** @internal Pods admitted by `allowFrom`. */
export interface Client {
  /** Labels of the client's pods, which the policy's rule selects. */
  readonly podLabels: Record<string, string>;
  /** Its namespace and the ports it may reach, as given to `allowFrom`. */
  readonly options: AllowFromOptions;
}

/** @internal What the NetworkPolicy admits and lets out. */
export interface NetworkPolicyOptions {
  /** The pods' ports, each admitted. */
  readonly ports: PortProps[];
  /** Without it every source reaches the ports; with it, only the clients it returns, read at synth (none: nothing). */
  readonly clients?: () => Client[];
  /** Restricts egress to these rules and DNS. */
  readonly egress?: EgressProps;
}

/** The label every namespace carries with its name (Kubernetes 1.22 and later). */
const NAMESPACE_NAME = 'kubernetes.io/metadata.name';

/**
 * @internal
 * A NetworkPolicy that admits traffic to the pods' ports and refuses the rest; with egress,
 * lets out DNS and the rules given only. Clients admitted to the same ports share one rule.
 */
export function workloadNetworkPolicy(
  scope: Construct, metadata: k8s.ObjectMeta, selector: Record<string, string>, options: NetworkPolicyOptions,
): k8s.KubeNetworkPolicy {
  const policyPorts = (names?: string[]) => options.ports
    .filter((port) => names === undefined || names.includes(port.name))
    .map((port) => ({ port: k8s.IntOrString.fromNumber(port.port), protocol: port.protocol ?? 'TCP' }));
  const fromClients = (clients: Client[]) => {
    const rules = new Map<string, k8s.NetworkPolicyPeer[]>();
    for (const client of clients) {
      const key = JSON.stringify(client.options.ports ?? null);
      rules.set(key, [...rules.get(key) ?? [], peer(client)]);
    }
    return [...rules].map(([key, from]) => ({ from, ports: policyPorts(JSON.parse(key) ?? undefined) }));
  };
  const clients = options.clients;
  return new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata,
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: options.egress ? ['Ingress', 'Egress'] : ['Ingress'],
      ingress: clients ? Lazy.any({ produce: () => fromClients(clients()) }) : [{ ports: policyPorts() }],
      egress: options.egress && egressRules(options.egress),
    },
  });
}

function peer(client: Client): k8s.NetworkPolicyPeer {
  const { namespace, namespaceLabels } = client.options;
  const namespaceSelector = namespaceLabels ?? (namespace === undefined ? undefined : { [NAMESPACE_NAME]: namespace });
  return { podSelector: { matchLabels: client.podLabels }, namespaceSelector: namespaceSelector && { matchLabels: namespaceSelector } };
}

/** DNS: the cluster's resolver pods in kube-system, on port 53 over UDP and TCP. */
const DNS_RULE: k8s.NetworkPolicyEgressRule = {
  to: [{
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: 'kube-system' } },
    podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
  }],
  ports: ['UDP', 'TCP'].map((protocol) => ({ port: k8s.IntOrString.fromNumber(53), protocol })),
};

function egressRules(egress: EgressProps): k8s.NetworkPolicyEgressRule[] {
  const rules = (egress.to ?? []).map((rule: EgressRuleProps): k8s.NetworkPolicyEgressRule => ({
    to: [rule.cidr !== undefined ? { ipBlock: { cidr: rule.cidr } } : {
      podSelector: rule.podLabels && { matchLabels: rule.podLabels },
      namespaceSelector: rule.namespaceLabels && { matchLabels: rule.namespaceLabels },
    }],
    ports: rule.ports?.map((port) => ({ port: k8s.IntOrString.fromNumber(port.port), protocol: port.protocol ?? 'TCP' })),
  }));
  return [...egress.allowDns === false ? [] : [DNS_RULE], ...rules];
}
