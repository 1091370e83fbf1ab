import { KUBERNETES_VERSIONS, KubernetesVersion } from './kubernetes-schema';

/** @internal A Kubernetes version, `v1.27.0`, with its minor number. */
export interface ParsedVersion {
  /** The version as written, such as `v1.27.0`. */
  readonly version: KubernetesVersion;
  /** Its minor number, such as 27. */
  readonly minor: number;
}

/** @internal The minor number of a version such as `v1.27.0`. */
function minorOf(version: string): number {
  return Number(/^v1\.(\d+)\./.exec(version)?.[1] ?? NaN);
}

/** @internal The lowest of the targeted versions (every shipped one by default). */
export function lowestVersion(versions: readonly KubernetesVersion[] = KUBERNETES_VERSIONS): ParsedVersion {
  const sorted = [...versions].sort((a, b) => minorOf(a) - minorOf(b));
  return { version: sorted[0], minor: minorOf(sorted[0]) };
}

/**
 * Fields that are not in Kubernetes 1.27, by the release that added them (alpha or beta
 * behind a gate where noted). Keyed by field name: each name is new only where it appears
 * below (a Container's `restartPolicy`; a Pod's has always been there), so an unknown-field
 * error under 1.27 that names one is that field.
 * @see https://kubernetes.io/releases/
 */
const FIELDS_SINCE: Record<string, string> = {
  restartPolicy: '1.28 (a container\'s: native sidecars, on by default from 1.29)',
  volumeAttributesClassName: '1.29',
  sleep: '1.29',
  matchLabelKeys: '1.29 (in pod affinity terms)',
  trafficDistribution: '1.30',
  recursiveReadOnly: '1.30',
  appArmorProfile: '1.30',
  supplementalGroupsPolicy: '1.31',
  image: '1.31 (image volumes, behind a feature gate)',
  resources: '1.32 (pod-level resources, behind a feature gate)',
  seLinuxChangePolicy: '1.32',
  stopSignal: '1.33',
  restartPolicyRules: '1.34',
  hostnameOverride: '1.34',
  fileKeyRef: '1.34',
};

const UNKNOWN_FIELD = /^(.*) must NOT have additional properties: (.+)$/;

/**
 * @internal
 * Says, for an unknown-field error of `version`, the release that added the field (or the
 * newer shipped version that has it) and how to raise the target. Other errors are returned
 * as they are.
 * @param newerHas whether the schema of a newer version accepts the field
 */
export function explainNewField(message: string, version: KubernetesVersion, newerHas: (newer: KubernetesVersion) => boolean): string {
  const [, path, field] = UNKNOWN_FIELD.exec(message) ?? [];
  if (!field) return message;
  const newer = KUBERNETES_VERSIONS.filter((other) => minorOf(other) > minorOf(version)).find(newerHas);
  const since = FIELDS_SINCE[field] ?? (newer && `a version after ${version}, by ${newer}`);
  if (!since) return message;
  const raise = newer ?? KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1];
  return `${path || '/'}: the field ${field} came in Kubernetes ${since}, newer than the targeted ${version}. `
    + `Fix: raise the lowest targeted version (kubernetesVersions: ['${raise}'] in the construct and the checks) `
    + 'if every cluster runs it, or leave the field out';
}
