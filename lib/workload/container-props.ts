import { EnvFromProps, EnvProps } from './env-props';
import { ProbeOrPath } from './probe-props';
import { VolumeMountProps } from './volume-props';

/** When the kubelet pulls the image. */
export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
/** One of {@link PULL_POLICIES}. */
export type PullPolicy = typeof PULL_POLICIES[number];

/** CPU, memory and ephemeral storage, as Kubernetes quantities. */
export interface ResourceList {
  /** CPU, such as `100m` or `1`. */
  readonly cpu?: string;
  /** Memory, such as `128Mi`. */
  readonly memory?: string;
  /** Disk the container writes outside its volumes (logs, emptyDirs on disk), such as `256Mi`. */
  readonly ephemeralStorage?: string;
}

/**
 * Requests (what the scheduler reserves) and limits (what the container may use).
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
export interface ResourceProps {
  /** @default 100m CPU, 128Mi memory, 64Mi ephemeral storage */
  readonly requests?: ResourceList;
  /** @default 500m CPU, 256Mi memory, 256Mi ephemeral storage */
  readonly limits?: ResourceList;
}

/** The protocols a container port can carry. */
export type PortProtocol = 'TCP' | 'UDP' | 'SCTP';

/**
 * A named port besides the main one (metrics, peers, replication).
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#multi-port-services
 */
export interface PortProps {
  /** Port name (IANA service name: at most 15 characters, lower-case letters, digits, "-"); unique in the pod. */
  readonly name: string;
  /** Port the container listens on; also the Services' port. */
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: PortProtocol;
}

/** What every container of the pod has: the main one, init containers and sidecars. */
export interface ContainerBaseProps {
  /** Container image, pinned to a tag or digest. */
  readonly image: string;
  /** @default 'IfNotPresent' */
  readonly imagePullPolicy?: PullPolicy;
  /**
   * The program run, replacing the image's ENTRYPOINT.
   * @default the image's entrypoint
   * @see https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/
   */
  readonly command?: string[];
  /** Its arguments, replacing the image's CMD. @default the image's CMD */
  readonly args?: string[];
  /** Working directory. @default the image's */
  readonly workingDir?: string;
  /** Environment variables. @default none */
  readonly env?: EnvProps;
  /** Every key of ConfigMaps and Secrets as environment variables. @default none */
  readonly envFrom?: EnvFromProps[];
  /** @default requests 100m CPU, 128Mi memory, 64Mi ephemeral storage; limits 500m, 256Mi, 256Mi */
  readonly resources?: ResourceProps;
  /**
   * Volumes of the pod it mounts (by the names in `volumes`, `writablePaths` or the
   * construct's own: `tmp`, `secrets`, `config`, the data claim). `/tmp` is always mounted.
   * @default only /tmp
   */
  readonly volumeMounts?: VolumeMountProps[];
}

/**
 * A container beside the main one: an init container that runs to completion first
 * (migrations), or a sidecar (log shipping, exporters). It runs with the same "restricted"
 * security context as the main container, and its own resources.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/init-containers/
 */
export interface ContainerProps extends ContainerBaseProps {
  /** Container name, unique in the pod. */
  readonly name: string;
}

/**
 * A container that runs beside the main one for the pod's whole life. Where every targeted
 * Kubernetes version has native sidecars (1.29 and later, see `kubernetesVersions`), it is an
 * init container with `restartPolicy: Always`: started before the main container and stopped
 * after it. Otherwise it is a second container.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
 */
export interface SidecarProps extends ContainerProps {
  /** Ports it listens on; the Services and the NetworkPolicy learn them, and its probes default to the first. @default none */
  readonly ports?: PortProps[];
  /** Passes when the sidecar is ready. @default none */
  readonly readiness?: ProbeOrPath;
  /** Passes while the sidecar is alive. @default none */
  readonly liveness?: ProbeOrPath;
}
