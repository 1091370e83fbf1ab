/** When the kubelet pulls the image. */
export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
export type PullPolicy = typeof PULL_POLICIES[number];

/** CPU, memory and ephemeral storage, as Kubernetes quantities. */
export interface ResourceList {
  readonly cpu?: string;
  readonly memory?: string;
  readonly ephemeralStorage?: string;
}

export interface ResourceProps {
  readonly requests?: ResourceList;
  readonly limits?: ResourceList;
}

export interface ProbeProps {
  /** HTTP path that answers 2xx when the pod may receive traffic. */
  readonly readinessPath?: string;
  /** HTTP path that answers 2xx while the process is alive; failing it restarts the container. */
  readonly livenessPath?: string;
  /**
   * Seconds the process may take to start answering its liveness path. A startup probe on that
   * path holds back the readiness and liveness probes until it answers, so a slow start (a
   * small CPU limit, a busy node) is never taken for a dead process.
   * @default 60
   */
  readonly startupSeconds?: number;
}

/** The pod's identity. Defaults pass the Pod Security Standard "restricted". */
export interface PodSecurityProps {
  /** @default 10001 */
  readonly runAsUser?: number;
  /** @default 10001 */
  readonly runAsGroup?: number;
  /** Group that owns mounted volumes. @default 10001 */
  readonly fsGroup?: number;
}

/** What both workload constructs share. */
export interface WorkloadProps {
  /** Name of the application: the `app` label, and the base of default object names. */
  readonly name: string;
  /** @default 'default' */
  readonly namespace?: string;
  /** Container image, pinned to a tag or digest. */
  readonly image: string;
  /** @default 'IfNotPresent' */
  readonly imagePullPolicy?: PullPolicy;
  /** @default the `name` */
  readonly containerName?: string;
  /** Port the container listens on. */
  readonly port: number;
  /** @default 1 */
  readonly replicas?: number;
  /** Plain environment variables (not for secrets: mount those as files). */
  readonly env?: Record<string, string>;
  /** @default requests 100m CPU, 128Mi memory, 64Mi ephemeral storage; limits 500m, 256Mi, 256Mi */
  readonly resources?: ResourceProps;
  readonly probes?: ProbeProps;
  readonly securityContext?: PodSecurityProps;
  /** Value of `app.kubernetes.io/part-of` on every object. */
  readonly partOf?: string;
  /** Pods that may be down at once during voluntary disruptions (drains). @default 1 */
  readonly maxUnavailable?: number;
  /** @default 30 */
  readonly terminationGracePeriodSeconds?: number;
}

export const DEFAULT_RESOURCES: Required<ResourceProps> = {
  requests: { cpu: '100m', memory: '128Mi', ephemeralStorage: '64Mi' },
  limits: { cpu: '500m', memory: '256Mi', ephemeralStorage: '256Mi' },
};
