import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { afterToJson } from '../final-json';
import { HostPathVolume } from '../host-path-volume';
import { PropErrors } from '../prop-errors';
import { addWarning } from '../warnings';
import { AllowFromOptions } from '../workload';
import { allPortsOf, servicePorts } from '../workload/containers';
import { workloadLabels } from '../workload/labels';
import { affinityOf } from '../workload/placement';
import { warnDefaultHttpProbes } from '../workload/probes';
import { markNativeSidecars, restrictedPodTemplate } from '../workload/pod-template';
import { Client, podDisruptionBudget, workloadNetworkPolicy } from '../workload/policies';
import { StatefulApiBackup } from './backup';
import { StatefulApiBackupProps } from './backup-props';
import { configMapPart, mergeParts, PodPart, secretPart } from './pod-parts';
import { claimSpec, hostPathVolumes } from './storage';
import { readSecretData } from './secret-data';
import { StatefulApiProps } from './stateful-api-props';
import { validate } from './validate';

/**
 * A stateful service: a headless Service governing a StatefulSet, its storage (one shared
 * claim or one claim per replica, on static hostPath volumes, dynamically provisioned, or an
 * existing claim), a Secret mounted as files, a ConfigMap, an optional ClusterIP Service for
 * clients, a PodDisruptionBudget and a NetworkPolicy that admits only the clients named with
 * `allowFrom`. Every object has a fixed, readable name.
 */
export class StatefulApi extends Construct {
  /** The governing headless Service: one DNS name per replica. */
  readonly service: k8s.KubeService;
  /** The ClusterIP Service for clients; undefined without `clientService`. */
  readonly clientService?: k8s.KubeService;
  /** The StatefulSet. */
  readonly statefulSet: k8s.KubeStatefulSet;
  /** The shared claim; undefined in `perReplica` mode, where the StatefulSet creates them, and with `existingClaim`. */
  readonly claim?: k8s.KubePersistentVolumeClaim;
  /** Static volumes, one per claim; empty with dynamic provisioning. */
  readonly volumes: HostPathVolume[];
  /** The Secret this construct created; undefined when it mounts an existing one. */
  readonly secret?: k8s.KubeSecret;
  /** The ConfigMap of `config`; undefined without it. */
  readonly configMap?: k8s.KubeConfigMap;
  /** Keeps all but `maxUnavailable` replicas up during drains. */
  readonly podDisruptionBudget: k8s.KubePodDisruptionBudget;
  /** Admits the pods named with `allowFrom` to the ports; refuses every other pod. */
  readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** Labels that select this service's pods. */
  readonly selectorLabels: Record<string, string>;
  /** The namespace of every object. */
  readonly namespace: string;
  /** The main port. */
  readonly port: number;

  private readonly props: StatefulApiProps;
  private readonly labels: ReturnType<typeof workloadLabels>;
  private readonly clients: Client[] = [];

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
    this.labels = workloadLabels(props, 'api');
    this.selectorLabels = this.labels.selector;
    warnDefaultHttpProbes(this, props.portName, props.probes);

    // Services before workloads, Secrets and claims before the pods that use them:
    // output follows creation order.
    this.service = this.createHeadlessService();
    this.clientService = this.createClientService();
    const config = configMapPart(this, props, this.metadata(props.config?.name ?? `${props.name}-config`));
    this.configMap = config.configMap;
    const secret = secretPart(this, props, this.metadata(props.secret?.name ?? ''), secretData);
    this.secret = secret.secret;
    this.volumes = this.createHostPathVolumes();
    this.claim = this.createSharedClaim();
    this.statefulSet = this.createStatefulSet([config.part, secret.part, this.dataPart()]);
    this.podDisruptionBudget = podDisruptionBudget(
      this, this.metadata(`${props.name}-pdb`), this.selectorLabels, props.maxUnavailable ?? 1);
    // Clients are read at synth: charts call allowFrom after this construct exists.
    this.networkPolicy = workloadNetworkPolicy(this, this.metadata(`${props.name}-ingress`), this.selectorLabels, {
      ports: allPortsOf(props), clients: () => this.clients, egress: props.egress,
    });
  }

  /** Name of the StatefulSet (and the prefix of its pods' names). */
  get statefulSetName(): string {
    return this.props.statefulSetName ?? this.props.name;
  }

  /** Name of the governing headless Service. */
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

  /** Name of the claim replica `ordinal` mounts (the same shared or existing claim for all, in `shared` mode). */
  claimName(ordinal: number): string {
    return this.shared
      ? this.props.storage.existingClaim ?? this.claimBaseName
      : `${this.claimBaseName}-${this.statefulSetName}-${ordinal}`;
  }

  /**
   * Admits pods with these labels to the ports (all of them, or `options.ports`); every other
   * pod is refused. With `options.namespace` or `options.namespaceLabels` the pods are those
   * of that namespace: both selectors in one peer, so both must match.
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   */
  allowFrom(podLabels: Record<string, string>, options: AllowFromOptions = {}): void {
    const errors = new PropErrors(`StatefulApi '${this.node.path}'.allowFrom`);
    const names = allPortsOf(this.props).map((port) => port.name);
    for (const port of options.ports ?? []) {
      errors.check(names.includes(port), 'ports', `'${port}' is not a port of the pods`, `use one of ${names.join(', ')}`);
    }
    errors.check(options.namespace === undefined || options.namespaceLabels === undefined, 'namespace',
      'is set together with namespaceLabels', 'select the namespace by name or by labels, not both');
    errors.throwIfAny();
    this.clients.push({ podLabels, options });
  }

  /**
   * Adds scheduled backups of the data: for each data claim (one per replica in `perReplica`
   * mode) a backup claim and a CronJob that runs `props.command` on the node of the pod that
   * mounts it, or, with `backupThroughServer`, anywhere as a client of that pod's server. The
   * returned construct makes the restore Jobs.
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
   */
  addBackup(props: StatefulApiBackupProps): StatefulApiBackup {
    const podOf = (ordinal: number) => ({ ...this.selectorLabels, 'statefulset.kubernetes.io/pod-name': `${this.statefulSetName}-${ordinal}` });
    const domain = this.props.clusterDomain ?? 'cluster.local';
    return new StatefulApiBackup(this, 'Backup', props, {
      ...this.props, namespace: this.namespace, dataMountPath: this.props.storage.mountPath,
      // Every pod mounts a shared claim, and any of them serves its data; a claim of its own only the pod of its ordinal.
      claims: this.claimOrdinals.map((ordinal) => this.shared
        ? { claimName: this.claimName(ordinal), podLabels: this.selectorLabels, serverHost: `${this.serviceName}.${this.namespace}.svc.${domain}` }
        : { claimName: this.claimName(ordinal), podLabels: podOf(ordinal), serverHost: this.podDnsName(ordinal) }),
      admit: (podLabels) => this.allowFrom(podLabels),
    });
  }

  /** The ordinals of the data claims: 0 alone for a shared claim, else one per replica. */
  private get claimOrdinals(): number[] {
    return this.shared ? [0] : Array.from({ length: this.props.replicas ?? 1 }, (_, ordinal) => ordinal);
  }

  private metadata(name: string): k8s.ObjectMeta {
    return { name, namespace: this.namespace, labels: this.labels.all };
  }

  private createHeadlessService(): k8s.KubeService {
    return new k8s.KubeService(this, 'Service', {
      metadata: this.metadata(this.serviceName),
      spec: {
        clusterIp: 'None',
        publishNotReadyAddresses: this.props.publishNotReadyAddresses ?? false,
        selector: this.selectorLabels,
        ports: servicePorts(this.props),
      },
    });
  }

  private createClientService(): k8s.KubeService | undefined {
    const client = this.props.clientService;
    return client && new k8s.KubeService(this, 'ClientService', {
      metadata: this.metadata(client.name ?? this.props.name),
      spec: { type: 'ClusterIP', selector: this.selectorLabels, ports: servicePorts(this.props) },
    });
  }

  /** The static volumes reserved for the claims: one shared, or one per replica. */
  private createHostPathVolumes(): HostPathVolume[] {
    return hostPathVolumes(this, this.props, this.claimOrdinals.map((ordinal) => this.claimName(ordinal)), this.labels.stable);
  }

  private createSharedClaim(): k8s.KubePersistentVolumeClaim | undefined {
    if (!this.shared || this.props.storage.existingClaim) return undefined;
    return new k8s.KubePersistentVolumeClaim(this, 'Claim', {
      metadata: { name: this.claimBaseName, namespace: this.namespace, labels: this.labels.stable },
      spec: { ...claimSpec(this.props.storage), volumeName: this.volumes[0]?.name },
    });
  }

  /** The data volume's mount; a claim template is mounted by its name, the shared claim's volume takes the same name. */
  private dataPart(): PodPart {
    const name = this.claimBaseName;
    return {
      volumes: this.shared ? [{ name, persistentVolumeClaim: { claimName: this.claimName(0) } }] : [],
      mounts: [{ name, mountPath: this.props.storage.mountPath }],
    };
  }

  private createStatefulSet(parts: PodPart[]): k8s.KubeStatefulSet {
    const props = this.props;
    const pod = mergeParts(parts);
    const retention = props.storage.persistentVolumeClaimRetentionPolicy;
    const statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: this.metadata(this.statefulSetName),
      spec: {
        serviceName: this.service.name,
        replicas: props.replicas ?? 1,
        podManagementPolicy: props.podManagementPolicy ?? 'OrderedReady',
        updateStrategy: { type: props.updateStrategy ?? 'RollingUpdate' },
        selector: { matchLabels: this.selectorLabels },
        template: restrictedPodTemplate(props, { ...pod, labels: this.labels.all, affinity: this.affinity() }),
        volumeClaimTemplates: this.shared ? undefined : [{
          metadata: { name: this.claimBaseName, labels: this.labels.stable },
          spec: claimSpec(this.props.storage),
        }],
        // Claims outlive the set and scale-downs unless asked: data is never deleted by accident.
        persistentVolumeClaimRetentionPolicy: this.shared ? undefined
          : { whenDeleted: retention?.whenDeleted ?? 'Retain', whenScaled: retention?.whenScaled ?? 'Retain' },
      },
    });
    afterToJson(statefulSet, (json) => markNativeSidecars(json, props));
    return statefulSet;
  }

  /**
   * One ReadWriteOnce volume attaches to one node: replicas sharing it stay together.
   * Otherwise they spread, so a node failure takes down one replica only.
   */
  private affinity(): k8s.Affinity | undefined {
    const { storage, replicas = 1 } = this.props;
    const accessMode = storage.accessMode ?? 'ReadWriteOnce';
    const colocate = this.shared && accessMode !== 'ReadWriteMany' && replicas > 1;
    if (colocate) {
      addWarning(this, `storage: one ${accessMode} claim '${this.claimName(0)}' is shared by ${replicas} replicas: `
        + 'all of them must run on one node (pod affinity keeps them together). '
        + 'For replicas on several nodes use storage.mode perReplica or a ReadWriteMany class.');
    }
    return affinityOf(this.props.antiAffinity ?? 'soft', this.selectorLabels, colocate);
  }

  /** One claim for every replica, rather than one each. */
  private get shared(): boolean {
    return this.props.storage.mode === 'shared' || this.props.storage.existingClaim !== undefined;
  }

  private get claimBaseName(): string {
    return this.props.storage.claimName ?? `${this.props.name}-data`;
  }
}
