import { KubernetesVersion } from '../manifest-checks/kubernetes-schema';
import { ContainerBaseProps, ContainerProps, PortProps, ResourceProps, SidecarProps } from './container-props';
import { EgressProps } from './network-props';
import { IdentityProps, PlacementProps } from './placement-props';
import { ProbeProps } from './probe-props';
import { PodSecurityProps } from './security-props';
import { VolumeProps, WritablePathProps } from './volume-props';

/** The main container: what it runs and the ports it listens on. */
export interface MainContainerProps extends ContainerBaseProps {
  /** @default the `name` */
  readonly containerName?: string;
  /** Port the main container listens on: the Services' first port. */
  readonly port: number;
  /**
   * Name of the main port: the probes' default port and the Services' `targetPort`.
   * @default 'http'
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports
   */
  readonly portName?: string;
  /** More ports (metrics, peers); the Services and the NetworkPolicy learn them. @default none */
  readonly extraPorts?: PortProps[];
  /** Readiness, liveness and startup probes. @default HTTP GETs of `/` on the main port */
  readonly probes?: ProbeProps;
}

/**
 * Volumes beyond the construct's own, and the writable places on the read-only root.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/
 */
export interface PodVolumeProps {
  /** More volumes of the pod; mount them with `volumeMounts`. @default none */
  readonly volumes?: VolumeProps[];
  /**
   * Writable directories of the main container (emptyDirs): the root filesystem stays
   * read-only. `/tmp` (64Mi) always is one; a path given as a string gets 64Mi on disk.
   * @default only /tmp
   */
  readonly writablePaths?: (string | WritablePathProps)[];
}

/** What both workload constructs share. */
export interface WorkloadProps extends MainContainerProps, PodVolumeProps, PlacementProps, IdentityProps {
  /** Name of the application: the `app` label, and the base of default object names. */
  readonly name: string;
  /** @default 'default' */
  readonly namespace?: string;
  /** @default 1 */
  readonly replicas?: number;
  /** The pod's user and group ids. @default user, group and fsGroup 10001 */
  readonly securityContext?: PodSecurityProps;
  /**
   * Containers run to completion, in order, before the main one starts (migrations, fixing
   * up a volume).
   * @default none
   * @see https://kubernetes.io/docs/concepts/workloads/pods/init-containers/
   */
  readonly initContainers?: ContainerProps[];
  /** Containers beside the main one for the pod's life. @default none */
  readonly sidecars?: SidecarProps[];
  /**
   * Run `sidecars` as native sidecars: init containers with `restartPolicy: Always`, started
   * before and stopped after the main container. Kubernetes turns them on by default from
   * 1.29, so every targeted version (`kubernetesVersions`) must be 1.29 or later.
   * @default true when the lowest targeted version is 1.29 or later
   * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
   */
  readonly nativeSidecars?: boolean;
  /** Value of `app.kubernetes.io/part-of` on every object. */
  readonly partOf?: string;
  /**
   * More annotations of the pod template (not of the other objects).
   * @default none
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * More labels of the pod template; the construct's own labels win.
   * @default none
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/
   */
  readonly podLabels?: Record<string, string>;
  /** Pods that may be down at once during voluntary disruptions (drains). @default 1 */
  readonly maxUnavailable?: number;
  /** @default 30 */
  readonly terminationGracePeriodSeconds?: number;
  /** Restrict the pods' outgoing traffic. @default every destination allowed */
  readonly egress?: EgressProps;
  /**
   * The Kubernetes versions the output must run on. The lowest decides which fields may be
   * used (native sidecars need 1.29): check the output with the same list.
   * @default every version the checks ship: v1.27.0 and v1.35.0
   * @see https://kubernetes.io/releases/version-skew-policy/
   */
  readonly kubernetesVersions?: readonly KubernetesVersion[];
}

/** @internal The container resources when none are given. */
export const DEFAULT_RESOURCES: Required<ResourceProps> = {
  requests: { cpu: '100m', memory: '128Mi', ephemeralStorage: '64Mi' },
  limits: { cpu: '500m', memory: '256Mi', ephemeralStorage: '256Mi' },
};
