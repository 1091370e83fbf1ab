import { KUBERNETES_VERSIONS, KubernetesVersion } from './kubernetes-schema';

/** @internal A Kubernetes version, `v1.27.0`, with its minor number. */
export interface ParsedVersion {
  readonly version: KubernetesVersion;
  readonly minor: number;
}

/** @internal The minor number of a version such as `v1.27.0`. */
export function minorOf(version: string): number {
  return Number(/^v1\.(\d+)\./.exec(version)?.[1] ?? NaN);
}

/** @internal The lowest of the targeted versions (every shipped one by default). */
export function lowestVersion(versions: readonly KubernetesVersion[] = KUBERNETES_VERSIONS): ParsedVersion {
  const sorted = [...versions].sort((a, b) => minorOf(a) - minorOf(b));
  return { version: sorted[0], minor: minorOf(sorted[0]) };
}
