import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { PropErrors } from './validation';

/** CPU, memory and ephemeral storage, as Kubernetes quantities. */
export interface ResourceList {
  readonly cpu?: string;
  readonly memory?: string;
  readonly ephemeralStorage?: string;
}

export interface ResourceProps {
  readonly requests?: ResourceList;
  readonly limits?: ResourceList;
}

export interface ProbeProps {
  /** HTTP path that answers 2xx when the pod may receive traffic. */
  readonly readinessPath?: string;
  /** HTTP path that answers 2xx while the process is alive; failing it restarts the container. */
  readonly livenessPath?: string;
}

/** The pod's identity. Defaults pass the Pod Security Standard "restricted". */
export interface PodSecurityProps {
  /** @default 10001 */
  readonly runAsUser?: number;
  /** @default 10001 */
  readonly runAsGroup?: number;
  /** Group that owns mounted volumes. @default 10001 */
  readonly fsGroup?: number;
}

/** What both workload constructs share. */
export interface WorkloadProps {
  /** Name of the application: the `app` label, and the base of default object names. */
  readonly name: string;
  /** @default 'default' */
  readonly namespace?: string;
  /** Container image, pinned to a tag or digest. */
  readonly image: string;
  /** @default 'IfNotPresent' */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** @default the `name` */
  readonly containerName?: string;
  /** Port the container listens on. */
  readonly port: number;
  /** @default 1 */
  readonly replicas?: number;
  /** Plain environment variables (not for secrets: mount those as files). */
  readonly env?: Record<string, string>;
  /** @default requests 100m CPU, 128Mi memory, 64Mi ephemeral storage; limits 500m, 256Mi, 256Mi */
  readonly resources?: ResourceProps;
  readonly probes?: ProbeProps;
  readonly securityContext?: PodSecurityProps;
  /** Value of `app.kubernetes.io/part-of` on every object. */
  readonly partOf?: string;
  /** Pods that may be down at once during voluntary disruptions (drains). @default 1 */
  readonly maxUnavailable?: number;
  /** @default 30 */
  readonly terminationGracePeriodSeconds?: number;
}

export const DEFAULT_RESOURCES: Required<ResourceProps> = {
  requests: { cpu: '100m', memory: '128Mi', ephemeralStorage: '64Mi' },
  limits: { cpu: '500m', memory: '256Mi', ephemeralStorage: '256Mi' },
};
const DEFAULT_UID = 10001;
/** /tmp is the one writable place on the read-only root filesystem. */
const TMP_SIZE = '64Mi';

/** Checks the props both workloads share; problems go to `errors`. */
export function checkWorkloadProps(errors: PropErrors, props: WorkloadProps): void {
  errors.dnsLabel('name', props.name);
  if (props.namespace !== undefined) errors.dnsLabel('namespace', props.namespace);
  if (props.containerName !== undefined) errors.dnsLabel('containerName', props.containerName);
  errors.pinnedImage('image', props.image);
  errors.port('port', props.port);
  errors.replicas('replicas', props.replicas ?? 1);
  errors.replicas('maxUnavailable', props.maxUnavailable ?? 1);
  for (const kind of ['requests', 'limits'] as const) {
    for (const [key, value] of Object.entries(props.resources?.[kind] ?? {})) {
      errors.quantity(`resources.${kind}.${key}`, value);
    }
  }
  for (const [key, path] of Object.entries(props.probes ?? {})) {
    errors.check(path.startsWith('/'), `probes.${key}`, `'${path}' is not an HTTP path`, 'start it with "/"');
  }
  for (const [key, id] of Object.entries(props.securityContext ?? {})) {
    errors.check(
      Number.isInteger(id) && id > 0,
      `securityContext.${key}`,
      `${id} is not a non-root id; the "restricted" Pod Security Standard forbids root`,
      'use a whole number above 0, such as 10001',
    );
  }
}

/**
 * Labels of one workload's objects. `selector` selects its pods; `stable` never changes with
 * a release, for fields Kubernetes will not let change (claim templates); `all` adds the version.
 */
export function workloadLabels(props: WorkloadProps, component: string) {
  const selector = { app: props.name };
  const stable: Record<string, string> = {
    ...selector,
    'app.kubernetes.io/name': props.name,
    'app.kubernetes.io/component': component,
    ...(props.partOf ? { 'app.kubernetes.io/part-of': props.partOf } : {}),
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
  const version = props.image.split(/[:@]/).pop() ?? '';
  // Label values allow at most 63 characters: a digest does not fit, so it is left out.
  const all = version.length <= 63 ? { ...stable, 'app.kubernetes.io/version': version } : stable;
  return { selector, stable, all };
}

export interface PodExtras {
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly volumes?: k8s.Volume[];
  readonly volumeMounts?: k8s.VolumeMount[];
  readonly envFrom?: k8s.EnvFromSource[];
  readonly affinity?: k8s.Affinity;
}

/**
 * A pod template that passes the "restricted" Pod Security Standard: non-root ids, no
 * privilege escalation, every capability dropped, the runtime's seccomp profile, a read-only
 * root filesystem with an emptyDir for /tmp, no service account token, HTTP probes on the
 * named port, and requests and limits.
 */
export function restrictedPodTemplate(props: WorkloadProps, extras: PodExtras): k8s.PodTemplateSpec {
  const security = props.securityContext ?? {};
  const resources = props.resources ?? {};
  const probe = (path: string | undefined, periodSeconds: number, failureThreshold: number): k8s.Probe => ({
    httpGet: { path: path ?? '/', port: k8s.IntOrString.fromString('http') },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 2,
  });
  return {
    metadata: { labels: extras.labels, annotations: extras.annotations },
    spec: {
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 30,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: security.runAsUser ?? DEFAULT_UID,
        runAsGroup: security.runAsGroup ?? DEFAULT_UID,
        fsGroup: security.fsGroup ?? DEFAULT_UID,
        fsGroupChangePolicy: 'OnRootMismatch',
        seccompProfile: { type: 'RuntimeDefault' },
      },
      affinity: extras.affinity,
      containers: [{
        name: props.containerName ?? props.name,
        image: props.image,
        imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
        ports: [{ name: 'http', containerPort: props.port, protocol: 'TCP' }],
        env: props.env && Object.entries(props.env).map(([name, value]) => ({ name, value })),
        envFrom: extras.envFrom,
        resources: {
          requests: quantities({ ...DEFAULT_RESOURCES.requests, ...resources.requests }),
          limits: quantities({ ...DEFAULT_RESOURCES.limits, ...resources.limits }),
        },
        // Readiness is checked more often than liveness, and liveness gives up later:
        // a slow dependency takes a pod out of rotation long before it gets restarted.
        readinessProbe: probe(props.probes?.readinessPath, 5, 3),
        livenessProbe: probe(props.probes?.livenessPath, 10, 6),
        securityContext: {
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...(extras.volumeMounts ?? [])],
      }],
      volumes: [
        { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString(TMP_SIZE) } },
        ...(extras.volumes ?? []),
      ],
    },
  };
}

/** Spreads replicas over nodes when it can; never required, so a one-node cluster still runs them all. */
export function preferOneReplicaPerNode(selector: Record<string, string>): k8s.Affinity {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: 100,
        podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector } },
      }],
    },
  };
}

/** A PodDisruptionBudget over the workload's pods. */
export function podDisruptionBudget(
  scope: Construct, props: WorkloadProps, metadata: k8s.ObjectMeta, selector: Record<string, string>,
): k8s.KubePodDisruptionBudget {
  return new k8s.KubePodDisruptionBudget(scope, 'Budget', {
    metadata,
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(props.maxUnavailable ?? 1), selector: { matchLabels: selector } },
  });
}

function quantities(list: ResourceList): Record<string, k8s.Quantity> {
  const names: Record<keyof ResourceList, string> = {
    cpu: 'cpu', memory: 'memory', ephemeralStorage: 'ephemeral-storage',
  };
  return Object.fromEntries(
    Object.entries(list).map(([key, value]) => [names[key as keyof ResourceList], k8s.Quantity.fromString(value)]),
  );
}
