import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';

/** The ways a PersistentVolume can be mounted. */
export const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] as const;
/**
 * One of {@link ACCESS_MODES}.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
 */
export type AccessMode = typeof ACCESS_MODES[number];

/**
 * A static hostPath volume reserved for one claim.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
 */
export interface HostPathVolumeProps {
  /** Name of the PersistentVolume (cluster-scoped: no namespace). */
  readonly name: string;
  /**
   * Directory on the node. It must exist (type `Directory`): the operators prepare it for
   * the pod's user, and a node without it refuses the mount, where `DirectoryOrCreate` would
   * start the pod on a new, empty directory owned by root.
   */
  readonly path: string;
  /** Size the volume offers, such as `10Gi`. */
  readonly capacity: string;
  /** Storage class; the claim's must be the same, or it never binds. */
  readonly storageClassName: string;
  /** Access modes the volume offers; they must include the claim's. */
  readonly accessModes: AccessMode[];
  /** The one claim this volume is reserved for: both name and namespace, or it may never bind. */
  readonly claim: {
    /** Name of the claim. */
    readonly name: string;
    /** Namespace of the claim. */
    readonly namespace: string;
  };
  /** Labels of the PersistentVolume (`type: local` is always added). @default only `type: local` */
  readonly labels?: Record<string, string>;
  /**
   * The node that holds the directory (its `kubernetes.io/hostname` label, usually its name).
   * The volume then requires that node, so the scheduler puts every pod that uses it there
   * and nowhere else: a drain leaves such a pod Pending rather than starting it elsewhere on
   * another node's directory.
   * @default no node affinity: any node may mount it, which is safe on a one-node cluster only
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#node-affinity
   */
  readonly node?: string;
}

/**
 * A static hostPath PersistentVolume for development clusters, pre-bound to one claim.
 * The claimRef carries the namespace (cdk8s-plus leaves it out, and such claims can stay
 * Pending), `Retain` keeps the data when the claim is deleted, the directory must exist,
 * and with `node` the volume is usable on that node only.
 */
export class HostPathVolume extends Construct {
  /** The PersistentVolume. */
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
        hostPath: { path: props.path, type: 'Directory' },
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...props.claim },
        nodeAffinity: props.node === undefined ? undefined : {
          required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [props.node] }] }] },
        },
      },
    });
  }

  /** Name of the PersistentVolume. */
  get name(): string {
    return this.volume.name;
  }
}
