import { AccessMode } from '../host-path-volume';
import { SecretValue } from '../secret-value';
import { WorkloadProps } from '../workload';

/** How replicas get their storage: one claim shared by all, or one claim each. */
export const STORAGE_MODES = ['shared', 'perReplica'] as const;
/** One of {@link STORAGE_MODES}. */
export type StorageMode = typeof STORAGE_MODES[number];

/** Static hostPath volumes for development clusters, one per claim. */
export interface HostPathStorageProps {
  /** Directory on the node. In `perReplica` mode each replica gets `<path>/<ordinal>`. */
  readonly path: string;
  /** Size each volume offers; at least the claim's `size`. */
  readonly capacity: string;
  /** PersistentVolume name; `perReplica` appends `-<ordinal>`. @default `<claimName>-volume` */
  readonly volumeName?: string;
  /** Must equal the claim's class. @default storage.storageClassName */
  readonly storageClassName?: string;
  /** Must include the claim's access mode. @default [storage.accessMode] */
  readonly accessModes?: AccessMode[];
  /**
   * The node that holds the directories (its `kubernetes.io/hostname` label): every volume
   * requires it, so the pods always run where their data is. In `perReplica` mode a list
   * gives each replica's node in ordinal order (replica `i` on `node[i % length]`), so the
   * replicas can spread over several nodes.
   * @default no node affinity: any node may mount them, which is safe on a one-node cluster only
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#node-affinity
   */
  readonly node?: string | string[];
}

/**
 * The replicas' persistent storage: claims (or one claim) and, for development clusters,
 * static volumes for them.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates
 */
export interface StatefulApiStorageProps {
  /**
   * `shared`: one claim mounted by every replica (with ReadWriteOnce all replicas must then
   * run on one node). `perReplica`: a claim template, one claim per pod.
   * @default 'perReplica'
   */
  readonly mode?: StorageMode;
  /** Where the volume is mounted in the container. */
  readonly mountPath: string;
  /** Size each claim requests, such as `3Gi`; required unless `existingClaim` is set. */
  readonly size?: string;
  /** @default 'ReadWriteOnce' */
  readonly accessMode?: AccessMode;
  /** Storage class; without `hostPath` it provisions volumes dynamically. @default the cluster's default class */
  readonly storageClassName?: string;
  /** The claim (shared) or claim template (perReplica) name. @default `<name>-data` */
  readonly claimName?: string;
  /** Static hostPath volumes; omit for dynamic provisioning. */
  readonly hostPath?: HostPathStorageProps;
  /**
   * A claim that already exists, mounted by every replica (`shared` mode): no claim, claim
   * template or volume is created.
   * @default a claim of this construct
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#claims-as-volumes
   */
  readonly existingClaim?: string;
  /**
   * What happens to the claims of a claim template when the StatefulSet is deleted or scaled
   * down (`perReplica` mode).
   * @default Retain on both: data is never deleted by accident
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
   */
  readonly persistentVolumeClaimRetentionPolicy?: ClaimRetentionPolicyProps;
}

/** When the claims of a claim template are deleted. */
export interface ClaimRetentionPolicyProps {
  /** When the StatefulSet is deleted. @default 'Retain' */
  readonly whenDeleted?: 'Retain' | 'Delete';
  /** When a scale-down removes a replica. @default 'Retain' */
  readonly whenScaled?: 'Retain' | 'Delete';
}

/**
 * A Secret mounted as files, created from values read at synth time or existing already.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod
 */
export interface StatefulApiSecretProps {
  /** Name of the Secret. */
  readonly name: string;
  /** Directory its keys are mounted in, one file per key. */
  readonly mountPath: string;
  /** Keys and values of a Secret this construct creates. Omit to mount an existing Secret `name`. */
  readonly data?: Record<string, SecretValue>;
  /** Keys mounted as files; each must exist in `data`. @default every key */
  readonly items?: string[];
  /**
   * Mode of the files, such as `0o400` (readable by the owner only; `fsGroup` owns them).
   * @default 0o644
   * @see https://kubernetes.io/docs/concepts/configuration/secret/#secret-files-permissions
   */
  readonly defaultMode?: number;
}

/**
 * A ConfigMap of non-sensitive settings: `data` as environment variables, `files` as files.
 * A checksum annotation rolls the pods when either changes.
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/
 */
export interface StatefulApiConfigProps {
  /** @default `<name>-config` */
  readonly name?: string;
  /** Settings given to the main container as environment variables. @default none */
  readonly data?: Record<string, string>;
  /** Files by name (such as `redis.conf`) and content, mounted in `mountPath`. @default none */
  readonly files?: Record<string, string>;
  /** Directory of the main container the `files` are mounted in; required with `files`. */
  readonly mountPath?: string;
  /**
   * Mount each file on its own (`subPath`) as `<mountPath>/<file>`, so the directory's other
   * files stay visible. Such files are not updated in running pods (the checksum rolls them).
   * @default false: `mountPath` holds the files only
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#using-subpath
   */
  readonly subPath?: boolean;
}

/**
 * A ClusterIP Service over every port, for clients that need any replica rather than one by
 * name (the headless Service gives each replica a DNS name).
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#type-clusterip
 */
export interface ClientServiceProps {
  /** @default the `name` */
  readonly name?: string;
}

export interface StatefulApiProps extends WorkloadProps {
  /** @default the `name` */
  readonly statefulSetName?: string;
  /** Name of the governing headless Service. @default `<name>-headless` */
  readonly serviceName?: string;
  /** Persistent storage of the replicas. */
  readonly storage: StatefulApiStorageProps;
  /** A Secret mounted as files. @default none */
  readonly secret?: StatefulApiSecretProps;
  /** A ConfigMap, as environment variables and files. @default none */
  readonly config?: StatefulApiConfigProps;
  /** A ClusterIP Service for clients, besides the headless one. @default none */
  readonly clientService?: ClientServiceProps;
  /**
   * Paths the application writes that must survive a restart (for example a database file),
   * by setting name; each must lie under `storage.mountPath`.
   */
  readonly persistentPaths?: Record<string, string>;
  /** @default 'OrderedReady' */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
  /** @default 'RollingUpdate' */
  readonly updateStrategy?: 'RollingUpdate' | 'OnDelete';
  /** Publish DNS records of pods that are not ready (peer discovery in clustered stores). @default false */
  readonly publishNotReadyAddresses?: boolean;
  /** @default 'cluster.local' */
  readonly clusterDomain?: string;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
}
