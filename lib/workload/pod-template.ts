import { k8s } from 'cdk8s-plus-27';
import { DEFAULT_RESOURCES, ResourceList, WorkloadProps } from './workload-props';

const DEFAULT_UID = 10001;
/** /tmp is the one writable place on the read-only root filesystem. */
const TMP_SIZE = '64Mi';
const DEFAULT_STARTUP_SECONDS = 60;

/** @internal What a workload adds to the pod template. */
export interface PodExtras {
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly volumes?: k8s.Volume[];
  readonly volumeMounts?: k8s.VolumeMount[];
  readonly envFrom?: k8s.EnvFromSource[];
  readonly affinity?: k8s.Affinity;
}

/** @internal What a pod needs to pass "restricted": its identity, its resources, its grace period. */
export type RestrictedPodProps = Pick<WorkloadProps, 'securityContext' | 'resources' | 'terminationGracePeriodSeconds'>;

/**
 * @internal
 * A pod spec of one container that passes the "restricted" Pod Security Standard: non-root
 * ids, no privilege escalation, every capability dropped, the runtime's seccomp profile, a
 * read-only root filesystem with an emptyDir for /tmp, no service account token, and requests
 * and limits. Workloads and jobs add the rest (ports, probes, command) in `container`.
 */
export function restrictedPodSpec(
  props: RestrictedPodProps, container: k8s.Container, extras: Omit<PodExtras, 'labels' | 'annotations'>,
  restartPolicy?: string,
): k8s.PodSpec {
  const security = props.securityContext ?? {};
  const resources = props.resources ?? {};
  return {
    automountServiceAccountToken: false,
    terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 30,
    restartPolicy,
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
      ...container,
      envFrom: extras.envFrom,
      resources: {
        requests: quantities({ ...DEFAULT_RESOURCES.requests, ...resources.requests }),
        limits: quantities({ ...DEFAULT_RESOURCES.limits, ...resources.limits }),
      },
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
  };
}

/**
 * @internal
 * The restricted pod template of a long-running workload: the restricted pod spec, with the
 * named HTTP port and its startup, readiness and liveness probes.
 */
export function restrictedPodTemplate(props: WorkloadProps, extras: PodExtras): k8s.PodTemplateSpec {
  const probe = (path: string | undefined, periodSeconds: number, failureThreshold: number): k8s.Probe => ({
    httpGet: { path: path ?? '/', port: k8s.IntOrString.fromString('http') },
    periodSeconds,
    failureThreshold,
    // Never longer than the period: the startup probe's threshold times its period is its limit.
    timeoutSeconds: Math.min(2, periodSeconds),
  });
  return {
    metadata: { labels: extras.labels, annotations: extras.annotations },
    spec: restrictedPodSpec(props, {
      name: props.containerName ?? props.name,
      image: props.image,
      imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
      ports: [{ name: 'http', containerPort: props.port, protocol: 'TCP' }],
      env: envVars(props.env),
      // Liveness would fail while the process is still starting (nothing listens yet): the
      // startup probe, asked every second, holds both other probes back until it answers.
      startupProbe: probe(props.probes?.livenessPath, 1, props.probes?.startupSeconds ?? DEFAULT_STARTUP_SECONDS),
      // Readiness is checked more often than liveness, and liveness gives up later:
      // a slow dependency takes a pod out of rotation long before it gets restarted.
      readinessProbe: probe(props.probes?.readinessPath, 5, 3),
      livenessProbe: probe(props.probes?.livenessPath, 10, 6),
    }, extras),
  };
}

/** @internal Plain environment variables, in the order given. */
export function envVars(env: Record<string, string> | undefined): k8s.EnvVar[] | undefined {
  return env && Object.entries(env).map(([name, value]) => ({ name, value }));
}

/** @internal Spreads replicas over nodes when it can; never required, so a one-node cluster still runs them all. */
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

function quantities(list: ResourceList): Record<string, k8s.Quantity> {
  const names: Record<keyof ResourceList, string> = {
    cpu: 'cpu', memory: 'memory', ephemeralStorage: 'ephemeral-storage',
  };
  return Object.fromEntries(
    Object.entries(list).map(([key, value]) => [names[key as keyof ResourceList], k8s.Quantity.fromString(value)]),
  );
}
