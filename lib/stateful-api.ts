import { createHash } from 'crypto';
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { AccessMode, HostPathVolume } from './host-path-volume';
import { SecretValue, SecretValueError } from './secret-value';
import { isUnder, parseQuantity, PropErrors } from './validation';
import { addWarning } from './warnings';
import {
  checkWorkloadProps, podDisruptionBudget, preferOneReplicaPerNode, restrictedPodTemplate,
  workloadLabels, WorkloadProps,
} from './workload';

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
   * `shared`: one claim mounted by every replica (the chapter's layout; with ReadWriteOnce all
   * replicas must run on one node). `perReplica`: a claim template, one claim per pod.
   * @default 'perReplica'
   */
  readonly mode?: 'shared' | 'perReplica';
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
  readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** Labels that select this service's pods. */
  readonly selectorLabels: Record<string, string>;
  readonly namespace: string;
  readonly port: number;

  private readonly props: StatefulApiProps;
  private readonly clients: Record<string, string>[] = [];

  constructor(scope: Construct, id: string, props: StatefulApiProps) {
    super(scope, id);
    const secretData = validate(this, props);
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

    podDisruptionBudget(this, props, metadata(`${props.name}-pdb`), labels.selector);

    this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: metadata(`${props.name}-ingress`),
      spec: {
        podSelector: { matchLabels: labels.selector },
        policyTypes: ['Ingress'],
        // Resolved at synth: charts call allowFrom after this construct exists.
        ingress: Lazy.any({
          produce: () => this.clients.length === 0 ? [] : [{
            from: this.clients.map((matchLabels) => ({ podSelector: { matchLabels } })),
            ports: [{ port: k8s.IntOrString.fromNumber(props.port), protocol: 'TCP' }],
          }],
        }),
      },
    });
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

/** Checks every prop, throwing once with all problems; returns the resolved Secret data. */
function validate(scope: Construct, props: StatefulApiProps): Record<string, string> | undefined {
  const errors = new PropErrors(`StatefulApi '${scope.node.path}'`);
  checkWorkloadProps(errors, props);
  const replicas = props.replicas ?? 1;
  if (props.statefulSetName !== undefined) errors.dnsLabel('statefulSetName', props.statefulSetName);
  // Pod names add "-<ordinal>" and the revision label a hash: Kubernetes advises at most 52.
  errors.check((props.statefulSetName ?? props.name).length <= 52, 'statefulSetName',
    'is longer than 52 characters', 'shorten it (or `name`)');
  if (props.serviceName !== undefined) errors.serviceName('serviceName', props.serviceName);
  if (props.config?.name !== undefined) errors.dnsLabel('config.name', props.config.name);

  const storage = props.storage;
  const accessMode = storage.accessMode ?? 'ReadWriteOnce';
  errors.absolutePath('storage.mountPath', storage.mountPath);
  errors.quantity('storage.size', storage.size);
  if (storage.claimName !== undefined) errors.dnsLabel('storage.claimName', storage.claimName);
  errors.check(!(storage.mode === 'shared' && accessMode === 'ReadWriteOncePod' && replicas > 1),
    'storage.accessMode', `a shared ReadWriteOncePod claim can be used by one pod, not ${replicas}`,
    'use ReadWriteOnce or ReadWriteMany, or storage.mode perReplica');
  const hostPath = storage.hostPath;
  if (hostPath) {
    errors.absolutePath('storage.hostPath.path', hostPath.path);
    errors.quantity('storage.hostPath.capacity', hostPath.capacity);
    if (hostPath.volumeName !== undefined) errors.dnsLabel('storage.hostPath.volumeName', hostPath.volumeName);
    errors.check(storage.storageClassName !== undefined, 'storage.storageClassName',
      'is required with static hostPath volumes, or the default class is stamped on the claim and it never binds',
      'set the class the volumes carry, such as "hostpath"');
    const capacity = parseQuantity(hostPath.capacity);
    const size = parseQuantity(storage.size);
    errors.check(capacity === undefined || size === undefined || size <= capacity, 'storage.size',
      `the claim asks for ${storage.size} but its static volume offers only ${hostPath.capacity}`,
      'lower storage.size or raise storage.hostPath.capacity');
    errors.check(hostPath.storageClassName === undefined || hostPath.storageClassName === storage.storageClassName,
      'storage.hostPath.storageClassName',
      `the volume's class '${hostPath.storageClassName}' differs from the claim's '${storage.storageClassName}', so it never binds`,
      'use the same class for both, or leave storage.hostPath.storageClassName unset');
    errors.check(hostPath.accessModes === undefined || hostPath.accessModes.includes(accessMode),
      'storage.hostPath.accessModes', `the volume offers ${hostPath.accessModes?.join(', ')} but the claim asks for ${accessMode}`,
      `add ${accessMode} to storage.hostPath.accessModes or change storage.accessMode`);
  }

  for (const [setting, path] of Object.entries(props.persistentPaths ?? {})) {
    errors.check(isUnder(path, storage.mountPath) && !isUnder(storage.mountPath, path), `persistentPaths.${setting}`,
      `'${path}' is not on the persistent volume mounted at '${storage.mountPath}', so it is lost when the pod restarts`,
      `move it under '${storage.mountPath}/' or change storage.mountPath`);
  }

  const secret = props.secret;
  let secretData: Record<string, string> | undefined;
  if (secret) {
    errors.dnsLabel('secret.name', secret.name, 253);
    errors.absolutePath('secret.mountPath', secret.mountPath);
    errors.check(!isUnder(secret.mountPath, storage.mountPath) && !isUnder(storage.mountPath, secret.mountPath),
      'secret.mountPath', `'${secret.mountPath}' overlaps the data volume at '${storage.mountPath}'`,
      'mount the Secret and the data in separate directories');
    if (secret.data) {
      secretData = {};
      for (const [key, value] of Object.entries(secret.data)) {
        try {
          secretData[key] = value.resolve();
        } catch (error) {
          if (!(error instanceof SecretValueError)) throw error;
          errors.check(false, `secret.data.${key}`, error.problem, error.fix);
        }
      }
      for (const item of secret.items ?? []) {
        errors.check(item in secret.data, 'secret.items', `key '${item}' does not exist in the Secret '${secret.name}' `
          + `(it has: ${Object.keys(secret.data).join(', ') || 'no keys'})`, `add '${item}' to secret.data or remove it from secret.items`);
      }
    }
  }
  errors.throwIfAny();
  return secretData;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, ordinal) => ordinal);
}

function checksum(data: Record<string, string>): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex');
}
