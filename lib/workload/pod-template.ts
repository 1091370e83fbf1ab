import { k8s } from 'cdk8s-plus-27';
import { lowestVersion } from '../manifest-checks/versions';
import { mainPortName, portsOf, restrictedContainer, sidecarContainer } from './containers';
import { placementOf } from './placement';
import { mainProbes } from './probes';
import { podVolumes, TMP_VOLUME } from './volumes';
import { PodSecurityProps } from './security-props';
import { WorkloadProps } from './workload-props';

const DEFAULT_ID = 10001;
/** Native sidecars (init containers with `restartPolicy: Always`) are on by default from 1.29 (beta; generally available in 1.33). */
export const NATIVE_SIDECARS_SINCE = 29;

/** @internal What a workload adds to the pod template. */
export interface PodExtras {
  /** Labels of the pods, the selector's among them. */
  readonly labels: Record<string, string>;
  /** Annotations of the pod template. */
  readonly annotations?: Record<string, string>;
  /** Volumes of the pod, beside those of the props. */
  readonly volumes?: k8s.Volume[];
  /** Where the main container mounts them. */
  readonly volumeMounts?: k8s.VolumeMount[];
  /** Environment variables of the main container, beside those of the props. */
  readonly env?: k8s.EnvVar[];
  /** Sources of environment variables (ConfigMaps, Secrets) of the main container. */
  readonly envFrom?: k8s.EnvFromSource[];
  /** Affinity of the pods, such as spreading the replicas over nodes. */
  readonly affinity?: k8s.Affinity;
}

/** @internal Whether every targeted Kubernetes version runs sidecars natively. */
export function nativeSidecars(props: WorkloadProps): boolean {
  return props.nativeSidecars ?? lowestVersion(props.kubernetesVersions).minor >= NATIVE_SIDECARS_SINCE;
}

/**
 * @internal
 * A pod template that passes the "restricted" Pod Security Standard: non-root ids, no
 * privilege escalation, every capability dropped, the runtime's seccomp profile, a read-only
 * root filesystem with an emptyDir for /tmp, no service account token unless asked, probes,
 * and requests and limits in every container. Native sidecars come first among the init
 * containers, so they also serve the others; their `restartPolicy` is set by
 * {@link markNativeSidecars} after toJson.
 */
export function restrictedPodTemplate(props: WorkloadProps, extras: PodExtras): k8s.PodTemplateSpec {
  const mainPort = { name: mainPortName(props), port: props.port };
  const own = podVolumes(props);
  const sidecars = (props.sidecars ?? []).map(sidecarContainer);
  const native = nativeSidecars(props);
  const initContainers = [
    ...native ? sidecars : [],
    ...(props.initContainers ?? []).map((init) => restrictedContainer(init.name, init)),
  ];
  return {
    metadata: { labels: { ...props.podLabels, ...extras.labels }, annotations: annotationsOf(props, extras) },
    spec: {
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      serviceAccountName: props.serviceAccountName,
      imagePullSecrets: props.imagePullSecrets?.map((name) => ({ name })),
      terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 30,
      securityContext: podSecurityContext(props.securityContext),
      affinity: extras.affinity,
      ...placementOf(props, extras.labels),
      initContainers: initContainers.length ? initContainers : undefined,
      containers: [{
        ...restrictedContainer(props.containerName ?? props.name, props, {
          ports: portsOf(props), env: extras.env, envFrom: extras.envFrom, volumeMounts: [...own.mounts, ...extras.volumeMounts ?? []],
        }),
        ...mainProbes(props.probes, mainPort),
      }, ...native ? [] : sidecars],
      volumes: [TMP_VOLUME, ...own.volumes, ...extras.volumes ?? []],
    },
  };
}

/** @internal The pod's "restricted" identity: non-root ids (10001 by default), the runtime's seccomp profile. */
export function podSecurityContext(security: PodSecurityProps = {}): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: security.runAsUser ?? DEFAULT_ID,
    runAsGroup: security.runAsGroup ?? DEFAULT_ID,
    fsGroup: security.fsGroup ?? DEFAULT_ID,
    supplementalGroups: security.supplementalGroups,
    fsGroupChangePolicy: security.fsGroupChangePolicy ?? 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

function annotationsOf(props: WorkloadProps, extras: PodExtras): Record<string, string> | undefined {
  const annotations = { ...props.podAnnotations, ...extras.annotations };
  return Object.keys(annotations).length ? annotations : undefined;
}

/**
 * @internal
 * Sets `restartPolicy: Always` on the native sidecars of a workload's final JSON: the
 * cdk8s-plus-27 classes know no such field (Kubernetes 1.28 added it) and would drop it.
 */
export function markNativeSidecars(json: { spec: { template: { spec: { initContainers?: { name: string }[] } } } },
  props: WorkloadProps): void {
  const pod = json.spec.template.spec;
  if (!nativeSidecars(props) || !pod.initContainers) return;
  const names = new Set((props.sidecars ?? []).map((sidecar) => sidecar.name));
  // Keys in order, as cdk8s writes every other object.
  pod.initContainers = pod.initContainers.map((container) => !names.has(container.name) ? container
    : Object.fromEntries(Object.entries({ ...container, restartPolicy: 'Always' }).sort(([a], [b]) => (a < b ? -1 : 1))) as typeof container);
}
