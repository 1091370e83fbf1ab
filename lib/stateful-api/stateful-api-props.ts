import { AccessMode } from '../host-path-volume';
import { SecretValue } from '../secret-value';
import { WorkloadProps } from '../workload';

/** How replicas get their storage: one claim shared by all, or one claim each. */
export const STORAGE_MODES = ['shared', 'perReplica'] as const;
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
}

export interface StatefulApiStorageProps {
  /**
   * `shared`: one claim mounted by every replica (with ReadWriteOnce all replicas must then
   * run on one node). `perReplica`: a claim template, one claim per pod.
   * @default 'perReplica'
   */
  readonly mode?: StorageMode;
  /** Where the volume is mounted in the container. */
  readonly mountPath: string;
  /** Size each claim requests, such as `3Gi`. */
  readonly size: string;
  /** @default 'ReadWriteOnce' */
  readonly accessMode?: AccessMode;
  /** Storage class; without `hostPath` it provisions volumes dynamically. @default the cluster's default class */
  readonly storageClassName?: string;
  /** The claim (shared) or claim template (perReplica) name. @default `<name>-data` */
  readonly claimName?: string;
  /** Static hostPath volumes; omit for dynamic provisioning. */
  readonly hostPath?: HostPathStorageProps;
}

export interface StatefulApiSecretProps {
  /** Name of the Secret. */
  readonly name: string;
  /** Directory its keys are mounted in, one file per key. */
  readonly mountPath: string;
  /** Keys and values of a Secret this construct creates. Omit to mount an existing Secret `name`. */
  readonly data?: Record<string, SecretValue>;
  /** Keys mounted as files; each must exist in `data`. @default every key */
  readonly items?: string[];
}

export interface StatefulApiConfigProps {
  /** @default `<name>-config` */
  readonly name?: string;
  /** Non-sensitive settings, given to the container as environment variables. */
  readonly data: Record<string, string>;
}

export interface StatefulApiProps extends WorkloadProps {
  /** @default the `name` */
  readonly statefulSetName?: string;
  /** Name of the governing headless Service. @default `<name>-headless` */
  readonly serviceName?: string;
  readonly storage: StatefulApiStorageProps;
  readonly secret?: StatefulApiSecretProps;
  readonly config?: StatefulApiConfigProps;
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
