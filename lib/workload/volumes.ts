import { k8s } from 'cdk8s-plus-27';
import { ConfigMapVolumeProps, EmptyDirProps, KeyToPathProps, ProjectionProps, SecretVolumeProps, VolumeProps, WritablePathProps } from './volume-props';
import { PodVolumeProps } from './workload-props';

/** An emptyDir's size when none is given: /tmp's. */
const DEFAULT_EMPTY_DIR_SIZE = '64Mi';

/** @internal The emptyDir of /tmp, the one writable place every container has. */
export const TMP_VOLUME: k8s.Volume = emptyDirVolume('tmp', {});

/** @internal `writablePaths` in their object form. */
export function writablePaths(props: PodVolumeProps): WritablePathProps[] {
  return (props.writablePaths ?? []).map((entry) => typeof entry === 'string' ? { path: entry } : entry);
}

/** @internal The volume name of a writable path: `/var/run/postgresql` is `var-run-postgresql`. */
export function writablePathVolumeName(path: string): string {
  return path.replace(/^\/+|\/+$/g, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase();
}

/** @internal The pod volumes of `volumes` and `writablePaths`, and the main container's mounts of the writable paths. */
export function podVolumes(props: PodVolumeProps): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
  const paths = writablePaths(props);
  return {
    volumes: [
      ...paths.map((entry) => emptyDirVolume(writablePathVolumeName(entry.path), entry)),
      ...(props.volumes ?? []).map(kubeVolume),
    ],
    mounts: paths.map((entry) => ({ name: writablePathVolumeName(entry.path), mountPath: entry.path })),
  };
}

function emptyDirVolume(name: string, props: EmptyDirProps): k8s.Volume {
  return { name, emptyDir: { medium: props.medium, sizeLimit: k8s.Quantity.fromString(props.sizeLimit ?? DEFAULT_EMPTY_DIR_SIZE) } };
}

function kubeVolume(volume: VolumeProps): k8s.Volume {
  return {
    name: volume.name,
    emptyDir: volume.emptyDir && emptyDirVolume(volume.name, volume.emptyDir).emptyDir,
    configMap: volume.configMap && { ...configMapProjection(volume.configMap), defaultMode: volume.configMap.defaultMode },
    secret: volume.secret && {
      secretName: volume.secret.secretName, items: volume.secret.items?.map(keyToPath), defaultMode: volume.secret.defaultMode,
    },
    projected: volume.projected && { sources: volume.projected.sources.map(projection), defaultMode: volume.projected.defaultMode },
  };
}

function projection(source: ProjectionProps): k8s.VolumeProjection {
  return {
    configMap: source.configMap && configMapProjection(source.configMap),
    secret: source.secret && secretProjection(source.secret),
    downwardApi: source.downwardApi && {
      items: source.downwardApi.map((file) => ({ path: file.path, fieldRef: { fieldPath: file.fieldPath } })),
    },
    serviceAccountToken: source.serviceAccountToken,
  };
}

function configMapProjection(configMap: ConfigMapVolumeProps): k8s.ConfigMapProjection {
  return { name: configMap.name, items: configMap.items?.map(keyToPath) };
}

function secretProjection(secret: SecretVolumeProps): k8s.SecretProjection {
  return { name: secret.secretName, items: secret.items?.map(keyToPath) };
}

function keyToPath(item: KeyToPathProps): k8s.KeyToPath {
  return { key: item.key, path: item.path ?? item.key, mode: item.mode };
}
