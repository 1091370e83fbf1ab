/**
 * Lets pods run on nodes with a matching taint.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export interface TolerationProps {
  /** Taint key. @default every key (with operator `Exists`) */
  readonly key?: string;
  /** @default 'Equal' */
  readonly operator?: 'Equal' | 'Exists';
  /** Taint value, with operator `Equal`. @default '' */
  readonly value?: string;
  /** @default every effect */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** With `NoExecute`: seconds the pod stays after the taint appears. @default forever */
  readonly tolerationSeconds?: number;
}

/**
 * Spreads the workload's pods evenly over a topology (zones, nodes).
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export interface TopologySpreadProps {
  /** Node label that defines the domains, such as `topology.kubernetes.io/zone`. */
  readonly topologyKey: string;
  /** Largest difference in pod count between two domains. @default 1 */
  readonly maxSkew?: number;
  /** @default 'ScheduleAnyway' */
  readonly whenUnsatisfiable?: 'DoNotSchedule' | 'ScheduleAnyway';
}

/**
 * Replicas on separate nodes: `soft` prefers it (a one-node cluster still runs them all),
 * `hard` requires it (a replica stays Pending without a free node), `none` leaves it to the
 * scheduler.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
 */
export type AntiAffinity = 'soft' | 'hard' | 'none';

/**
 * Where the pods run and who they run as, in the cluster's eyes.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/
 */
export interface PlacementProps {
  /**
   * Node labels the node must have.
   * @default any node
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector
   */
  readonly nodeSelector?: Record<string, string>;
  /** Taints the pods tolerate. @default none */
  readonly tolerations?: TolerationProps[];
  /** Replicas on separate nodes. @default 'soft' (StatefulApi with one shared ReadWriteOnce claim: together on one node) */
  readonly antiAffinity?: AntiAffinity;
  /** Spread constraints over topology domains. @default none */
  readonly topologySpread?: TopologySpreadProps[];
  /**
   * PriorityClass of the pods.
   * @default the cluster's default priority
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
   */
  readonly priorityClassName?: string;
}

/**
 * Who the pods are to the API server and to registries.
 * @see https://kubernetes.io/docs/concepts/security/service-accounts/
 */
export interface IdentityProps {
  /** Service account the pods run as. @default 'default' */
  readonly serviceAccountName?: string;
  /**
   * Mount the service account token: only for pods that call the API server.
   * @default false
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Secrets (type `kubernetes.io/dockerconfigjson`) used to pull the images.
   * @default none
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/
   */
  readonly imagePullSecrets?: string[];
}
