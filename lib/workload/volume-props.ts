/**
 * Where a container mounts one volume of the pod.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#using-subpath
 */
export interface VolumeMountProps {
  /** Name of the volume. */
  readonly name: string;
  /** Absolute path in the container. */
  readonly mountPath: string;
  /** Mount one file or directory of the volume rather than its root. @default the volume's root */
  readonly subPath?: string;
  /** @default false, except for Secrets, ConfigMaps and projected volumes, which are always read-only */
  readonly readOnly?: boolean;
}

/**
 * A scratch directory that lives as long as the pod.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
 */
export interface EmptyDirProps {
  /** Largest size, a Kubernetes quantity such as `64Mi`; counted against the memory limit when `medium` is `Memory`. @default '64Mi' */
  readonly sizeLimit?: string;
  /** `Memory`: a tmpfs, as `/dev/shm` needs. @default '' (the node's disk) */
  readonly medium?: 'Memory';
}

/** One key of a ConfigMap or Secret as a file. */
export interface KeyToPathProps {
  /** The key. */
  readonly key: string;
  /** Relative file path in the volume. @default the key */
  readonly path?: string;
  /** File mode, such as `0o400`. @default the volume's `defaultMode` */
  readonly mode?: number;
}

/**
 * A ConfigMap's keys as files.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#configmap
 */
export interface ConfigMapVolumeProps {
  /** Name of the ConfigMap. */
  readonly name: string;
  /** Keys mounted. @default every key, as a file of its name */
  readonly items?: KeyToPathProps[];
  /** File mode. @default 0o644 */
  readonly defaultMode?: number;
}

/**
 * A Secret's keys as files.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#secret
 */
export interface SecretVolumeProps {
  /** Name of the Secret. */
  readonly secretName: string;
  /** Keys mounted. @default every key, as a file of its name */
  readonly items?: KeyToPathProps[];
  /** File mode, such as `0o400` (readable by the owner only). @default 0o644 */
  readonly defaultMode?: number;
}

/** One field of the pod as a file of a projected volume. */
export interface DownwardApiFileProps {
  /** Relative file path. */
  readonly path: string;
  /** Field of the pod, such as `metadata.labels` or `metadata.name`. */
  readonly fieldPath: string;
}

/**
 * One source of a projected volume: set exactly one field.
 * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/
 */
export interface ProjectionProps {
  /** Keys of a ConfigMap. */
  readonly configMap?: ConfigMapVolumeProps;
  /** Keys of a Secret (`defaultMode` is the projected volume's). */
  readonly secret?: SecretVolumeProps;
  /** Fields of the pod. */
  readonly downwardApi?: DownwardApiFileProps[];
  /** A service account token for an audience, rotated by the kubelet. */
  readonly serviceAccountToken?: ServiceAccountTokenProjectionProps;
}

/**
 * A bound service account token in a projected volume.
 * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken
 */
export interface ServiceAccountTokenProjectionProps {
  /** Relative file path. */
  readonly path: string;
  /** Who the token is for. @default the API server */
  readonly audience?: string;
  /** Lifetime in seconds, at least 600. @default 3600 */
  readonly expirationSeconds?: number;
}

/**
 * Several sources in one directory.
 * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/
 */
export interface ProjectedVolumeProps {
  /** The sources. */
  readonly sources: ProjectionProps[];
  /** File mode. @default 0o644 */
  readonly defaultMode?: number;
}

/**
 * A volume of the pod, of a type Pod Security "restricted" allows: set exactly one of
 * `emptyDir`, `configMap`, `secret` or `projected`.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/
 */
export interface VolumeProps {
  /** Volume name, unique in the pod (a DNS label). */
  readonly name: string;
  /** A scratch directory. */
  readonly emptyDir?: EmptyDirProps;
  /** A ConfigMap's keys as files. */
  readonly configMap?: ConfigMapVolumeProps;
  /** A Secret's keys as files. */
  readonly secret?: SecretVolumeProps;
  /** Several sources in one directory. */
  readonly projected?: ProjectedVolumeProps;
}

/**
 * A writable directory on the read-only root filesystem: an emptyDir mounted at `path`
 * (named after the path: `/var/run/postgresql` is volume `var-run-postgresql`).
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
 */
export interface WritablePathProps extends EmptyDirProps {
  /** Absolute path in the main container. */
  readonly path: string;
}
