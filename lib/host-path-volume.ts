import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';

/** The ways a PersistentVolume can be mounted. */
export const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] as const;
export type AccessMode = typeof ACCESS_MODES[number];

export interface HostPathVolumeProps {
  /** Name of the PersistentVolume (cluster-scoped: no namespace). */
  readonly name: string;
  /** Directory on the node; created when missing. */
  readonly path: string;
  /** Size the volume offers, such as `10Gi`. */
  readonly capacity: string;
  readonly storageClassName: string;
  readonly accessModes: AccessMode[];
  /** The one claim this volume is reserved for: both name and namespace, or it may never bind. */
  readonly claim: { readonly name: string; readonly namespace: string };
  readonly labels?: Record<string, string>;
}

/**
 * A static hostPath PersistentVolume for development clusters, pre-bound to one claim.
 * The claimRef carries the namespace (cdk8s-plus leaves it out, and such claims can stay
 * Pending), and `Retain` keeps the data when the claim is deleted.
 */
export class HostPathVolume extends Construct {
  readonly volume: k8s.KubePersistentVolume;

  constructor(scope: Construct, id: string, props: HostPathVolumeProps) {
    super(scope, id);
    this.volume = new k8s.KubePersistentVolume(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels, type: 'local' } },
      spec: {
        storageClassName: props.storageClassName,
        capacity: { storage: k8s.Quantity.fromString(props.capacity) },
        accessModes: props.accessModes,
        persistentVolumeReclaimPolicy: 'Retain',
        hostPath: { path: props.path, type: 'DirectoryOrCreate' },
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...props.claim },
      },
    });
  }

  get name(): string {
    return this.volume.name;
  }
}
