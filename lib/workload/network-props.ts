/**
 * Pods admitted to the workload's ports. `podLabels` and a namespace (`namespace` or
 * `namespaceLabels`) form one peer: a pod is admitted when both match.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
 */
export interface AllowFromOptions {
  /** Namespace of the client pods, by name. @default the workload's namespace (unless `namespaceLabels` is set) */
  readonly namespace?: string;
  /** Labels of the client pods' namespaces. @default the namespace `namespace` */
  readonly namespaceLabels?: Record<string, string>;
  /** Ports admitted, by name (the main `portName` or an `extraPorts` name). @default every port */
  readonly ports?: string[];
}

/**
 * A destination the pods may reach once egress is restricted.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface EgressRuleProps {
  /** Labels of the destination pods. @default any pod of the matched namespaces */
  readonly podLabels?: Record<string, string>;
  /** Labels of the destination namespaces. @default the workload's namespace */
  readonly namespaceLabels?: Record<string, string>;
  /** An address range outside the cluster, such as `10.0.0.0/8`; instead of the labels. */
  readonly cidr?: string;
  /** Destination ports. @default every port */
  readonly ports?: EgressPortProps[];
}

/** A destination port of an egress rule. */
export interface EgressPortProps {
  /** Port number. */
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/**
 * Restricts the pods' outgoing traffic to the rules given. DNS (port 53 of kube-system's
 * `k8s-app: kube-dns` pods) stays allowed, or no Service name resolves.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic
 */
export interface EgressProps {
  /** Destinations allowed besides DNS. @default none */
  readonly to?: EgressRuleProps[];
  /** Allow DNS; can be off only when every rule is an address range (`cidr`). @default true */
  readonly allowDns?: boolean;
}
