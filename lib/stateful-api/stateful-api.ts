import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { HostPathVolume } from '../host-path-volume';
import { PropErrors } from '../prop-errors';
import { addWarning } from '../warnings';
import { workloadLabels } from '../workload/labels';
import { preferOneReplicaPerNode, restrictedPodTemplate } from '../workload/pod-template';
import { ingressNetworkPolicy, podDisruptionBudget } from '../workload/policies';
import { StatefulApiBackup } from './backup';
import { StatefulApiBackupProps } from './backup-props';
import { readSecretData } from './secret-data';
import { StatefulApiProps } from './stateful-api-props';
import { validate } from './validate';

/**
 * A stateful HTTP service: a headless Service governing a StatefulSet, its storage (one shared
 * claim or one claim per replica, on static hostPath volumes or dynamically provisioned), a
 * Secret mounted as files, a ConfigMap, a PodDisruptionBudget and a NetworkPolicy that admits
 * only the clients named with `allowFrom`. Every object has a fixed, readable name.
 */
export class StatefulApi extends Construct {
  readonly service: k8s.KubeService;
  readonly statefulSet: k8s.KubeStatefulSet;
  /** The shared claim; undefined in `perReplica` mode, where the StatefulSet creates them. */
  readonly claim?: k8s.KubePersistentVolumeClaim;
  /** Static volumes, one per claim; empty with dynamic provisioning. */
  readonly volumes: HostPathVolume[];
  /** The Secret this construct created; undefined when it mounts an existing one. */
  readonly secret?: k8s.KubeSecret;
  readonly configMap?: k8s.KubeConfigMap;
  readonly podDisruptionBudget: k8s.KubePodDisruptionBudget;
  /** Admits the pods named with `allowFrom` to the port; refuses every other pod. */
  readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** Labels that select this service's pods. */
  readonly selectorLabels: Record<string, string>;
  readonly namespace: string;
  readonly port: number;

  private readonly props: StatefulApiProps;
  private readonly clients: Record<string, string>[] = [];

  constructor(scope: Construct, id: string, props: StatefulApiProps) {
    super(scope, id);
    const errors = new PropErrors(`StatefulApi '${this.node.path}'`);
    validate(errors, props);
    // Read after the checks, and reported with them: one error lists every problem.
    const secretData = props.secret?.data && readSecretData(errors, props.secret.data);
    errors.throwIfAny();
    this.props = props;
    this.namespace = props.namespace ?? 'default';
    this.port = props.port;
    const replicas = props.replicas ?? 1;
    const storage = props.storage;
    const shared = this.shared;
    const accessMode = storage.accessMode ?? 'ReadWriteOnce';
    const labels = workloadLabels(props, 'api');
    this.selectorLabels = labels.selector;
    const metadata = (name: string) => ({ name, namespace: this.namespace, labels: labels.all });

    // Services before workloads, Secrets and claims before the pods that use them:
    // output follows creation order.
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: metadata(this.serviceName),
      spec: {
        clusterIp: 'None',
        publishNotReadyAddresses: props.publishNotReadyAddresses ?? false,
        selector: labels.selector,
        ports: [{ name: 'http', port: props.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }],
      },
    });

    const annotations: Record<string, string> = {};
    const volumes: k8s.Volume[] = [];
    const volumeMounts: k8s.VolumeMount[] = [];

    if (props.config) {
      this.configMap = new k8s.KubeConfigMap(this, 'Config', {
        metadata: metadata(props.config.name ?? `${props.name}-config`),
        data: props.config.data,
      });
      annotations['checksum/config'] = checksum(props.config.data);
    }

    if (props.secret) {
      if (secretData) {
        this.secret = new k8s.KubeSecret(this, 'Secret', {
          metadata: metadata(props.secret.name),
          type: 'Opaque',
          data: Object.fromEntries(
            Object.entries(secretData).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
          ),
        });
        // Pods roll when the Secret's content changes, as they would not on their own.
        annotations['checksum/secret'] = checksum(secretData);
      }
      volumes.push({
        name: 'secrets',
        secret: {
          secretName: props.secret.name,
          items: props.secret.items?.map((key) => ({ key, path: key })),
        },
      });
      volumeMounts.push({ name: 'secrets', mountPath: props.secret.mountPath, readOnly: true });
    }

    const claimName = this.claimBaseName;
    const ordinals = shared ? [0] : range(replicas);
    this.volumes = storage.hostPath ? ordinals.map((ordinal) => this.hostPathVolume(ordinal, labels.stable)) : [];

    const claimSpec: k8s.PersistentVolumeClaimSpec = {
      storageClassName: storage.storageClassName,
      accessModes: [accessMode],
      resources: { requests: { storage: k8s.Quantity.fromString(storage.size) } },
    };
    if (shared) {
      this.claim = new k8s.KubePersistentVolumeClaim(this, 'Claim', {
        metadata: { name: claimName, namespace: this.namespace, labels: labels.stable },
        spec: { ...claimSpec, volumeName: this.volumes[0]?.name },
      });
      volumes.push({ name: claimName, persistentVolumeClaim: { claimName } });
    }
    // A claim template is mounted by its name; the shared claim's volume takes the same name.
    volumeMounts.push({ name: claimName, mountPath: storage.mountPath });

    // One ReadWriteOnce volume attaches to one node: keep the replicas together. Otherwise
    // spread them, so a node failure takes down one replica only.
    const colocate = shared && accessMode !== 'ReadWriteMany' && replicas > 1;
    if (colocate) {
      addWarning(this, `storage: one ${accessMode} claim '${claimName}' is shared by ${replicas} replicas: `
        + 'all of them must run on one node (pod affinity keeps them together). '
        + 'For replicas on several nodes use storage.mode perReplica or a ReadWriteMany class.');
    }
    const affinity = colocate
      ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
        { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels.selector } }] } }
      : preferOneReplicaPerNode(labels.selector);

    this.statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: metadata(this.statefulSetName),
      spec: {
        serviceName: this.service.name,
        replicas,
        podManagementPolicy: props.podManagementPolicy ?? 'OrderedReady',
        updateStrategy: { type: props.updateStrategy ?? 'RollingUpdate' },
        selector: { matchLabels: labels.selector },
        template: restrictedPodTemplate(props, {
          labels: labels.all,
          annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
          envFrom: this.configMap ? [{ configMapRef: { name: this.configMap.name } }] : undefined,
          volumes,
          volumeMounts,
          affinity,
        }),
        volumeClaimTemplates: shared ? undefined : [{
          metadata: { name: claimName, labels: labels.stable },
          spec: claimSpec,
        }],
        // Claims outlive the set and scale-downs: data is never deleted by accident.
        persistentVolumeClaimRetentionPolicy: shared ? undefined : { whenDeleted: 'Retain', whenScaled: 'Retain' },
      },
    });

    this.podDisruptionBudget = podDisruptionBudget(
      this, metadata(`${props.name}-pdb`), labels.selector, props.maxUnavailable ?? 1);
    // Clients are read at synth: charts call allowFrom after this construct exists.
    this.networkPolicy = ingressNetworkPolicy(
      this, metadata(`${props.name}-ingress`), labels.selector, props.port, () => this.clients);
  }

  get statefulSetName(): string {
    return this.props.statefulSetName ?? this.props.name;
  }

  get serviceName(): string {
    return this.props.serviceName ?? `${this.props.name}-headless`;
  }

  /** Stable DNS name of one replica, through the governing headless Service. */
  podDnsName(ordinal: number): string {
    if (!Number.isInteger(ordinal) || ordinal < 0) {
      throw new RangeError(`podDnsName: ordinal ${ordinal} is not a whole number, 0 or more`);
    }
    const domain = this.props.clusterDomain ?? 'cluster.local';
    return `${this.statefulSetName}-${ordinal}.${this.serviceName}.${this.namespace}.svc.${domain}`;
  }

  /** URL of one replica: scheme, its DNS name and the port, left out only where it is the scheme's default. */
  podUrl(ordinal: number): string {
    const scheme = this.props.scheme ?? 'http';
    const defaultPort = scheme === 'http' ? 80 : 443;
    return `${scheme}://${this.podDnsName(ordinal)}${this.port === defaultPort ? '' : `:${this.port}`}`;
  }

  /** Name of the claim replica `ordinal` mounts (the same shared claim for all, in `shared` mode). */
  claimName(ordinal: number): string {
    return this.shared
      ? this.claimBaseName
      : `${this.claimBaseName}-${this.statefulSetName}-${ordinal}`;
  }

  /** Admits pods with these labels to the API port; every other pod is refused. */
  allowFrom(podLabels: Record<string, string>): void {
    this.clients.push(podLabels);
  }

  /**
   * Adds scheduled backups of the data: for each data claim (one per replica in `perReplica`
   * mode) a backup claim and a CronJob that runs `props.command` on the node of the pod that
   * mounts it. The returned construct makes the restore Job.
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
   */
  addBackup(props: StatefulApiBackupProps): StatefulApiBackup {
    const ordinals = this.shared ? [0] : range(this.props.replicas ?? 1);
    return new StatefulApiBackup(this, 'Backup', props, {
      ...this.props,
      namespace: this.namespace,
      dataMountPath: this.props.storage.mountPath,
      claims: ordinals.map((ordinal) => ({
        claimName: this.claimName(ordinal),
        // Every pod mounts the shared claim; a claim of its own only the pod of its ordinal.
        podLabels: this.shared ? this.selectorLabels
          : { ...this.selectorLabels, 'statefulset.kubernetes.io/pod-name': `${this.statefulSetName}-${ordinal}` },
      })),
    });
  }

  /** The static volume reserved for the claim of replica `ordinal`. */
  private hostPathVolume(ordinal: number, labels: Record<string, string>): HostPathVolume {
    const storage = this.props.storage;
    const hostPath = storage.hostPath!;
    const shared = this.shared;
    const name = hostPath.volumeName ?? `${this.claimBaseName}-volume`;
    return new HostPathVolume(this, `Volume${ordinal}`, {
      name: shared ? name : `${name}-${ordinal}`,
      path: shared ? hostPath.path : `${hostPath.path}/${ordinal}`,
      capacity: hostPath.capacity,
      storageClassName: hostPath.storageClassName ?? storage.storageClassName!,
      accessModes: hostPath.accessModes ?? [storage.accessMode ?? 'ReadWriteOnce'],
      claim: { name: this.claimName(ordinal), namespace: this.namespace },
      labels,
    });
  }

  /** One claim for every replica, rather than one each. */
  private get shared(): boolean {
    return this.props.storage.mode === 'shared';
  }

  private get claimBaseName(): string {
    return this.props.storage.claimName ?? `${this.props.name}-data`;
  }
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, ordinal) => ordinal);
}

function checksum(data: Record<string, string>): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex');
}
