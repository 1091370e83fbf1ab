import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { HostPathVolume } from '../host-path-volume';
import { HostPathStorageProps, StatefulApiProps, StatefulApiStorageProps } from './stateful-api-props';

/** @internal What each claim asks for: the class, the access mode and the size. */
export function claimSpec(storage: Pick<StatefulApiStorageProps, 'storageClassName' | 'accessMode' | 'size'>): k8s.PersistentVolumeClaimSpec {
  return {
    storageClassName: storage.storageClassName,
    accessModes: [storage.accessMode ?? 'ReadWriteOnce'],
    resources: { requests: { storage: k8s.Quantity.fromString(storage.size!) } },
  };
}

/**
 * @internal
 * The static volumes of `storage.hostPath`, one per claim named in `claims` (one shared
 * claim, or one per replica: `<path>/<ordinal>`); none without `hostPath`.
 */
export function hostPathVolumes(scope: Construct, props: StatefulApiProps, claims: string[], labels: Record<string, string>): HostPathVolume[] {
  const storage = props.storage;
  const hostPath = storage.hostPath;
  if (!hostPath) return [];
  const name = hostPath.volumeName ?? `${storage.claimName ?? `${props.name}-data`}-volume`;
  const one = claims.length === 1 && storage.mode === 'shared';
  return claims.map((claim, ordinal) => new HostPathVolume(scope, `Volume${ordinal}`, {
    name: one ? name : `${name}-${ordinal}`,
    path: one ? hostPath.path : `${hostPath.path}/${ordinal}`,
    capacity: hostPath.capacity,
    storageClassName: hostPath.storageClassName ?? storage.storageClassName!,
    accessModes: hostPath.accessModes ?? [storage.accessMode ?? 'ReadWriteOnce'],
    claim: { name: claim, namespace: props.namespace ?? 'default' },
    labels,
    node: volumeNode(hostPath, ordinal),
  }));
}

/** @internal The node that holds volume `ordinal`'s directory: `hostPath.node`, taken in turn. */
export function volumeNode(hostPath: HostPathStorageProps, ordinal: number): string | undefined {
  const nodes = hostPath.node === undefined ? [] : [hostPath.node].flat();
  return nodes[ordinal % nodes.length];
}
