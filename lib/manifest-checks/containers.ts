import { isPinnedImage } from '../image-reference';
import { containersOf, PodTemplate } from './manifest';

const RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

/** Containers of long-running pods without a readiness or a liveness probe. */
export function missingProbes(pod: PodTemplate): string[] {
  if (!pod.longRunning) return [];
  return (pod.spec.containers ?? []).flatMap((container: { name: string; [probe: string]: unknown }) =>
    ['readinessProbe', 'livenessProbe']
      .filter((probe) => container[probe] === undefined)
      .map((probe) => `container ${container.name} has no ${probe}`));
}

/** Containers without a request or a limit for CPU, memory or ephemeral storage. */
export function missingResources(pod: PodTemplate): string[] {
  return containersOf(pod.spec).flatMap((container) => ['requests', 'limits'].flatMap((kind) =>
    RESOURCES
      .filter((resource) => container.resources?.[kind]?.[resource] === undefined)
      .map((resource) => `container ${container.name} has no ${resource} in resources.${kind}`)));
}

/** Containers whose image is not pinned to a tag other than `latest` or to a digest. */
export function unpinnedImages(pod: PodTemplate): string[] {
  return containersOf(pod.spec)
    .filter((container) => !isPinnedImage(container.image ?? ''))
    .map((container) => `container ${container.name} runs ${container.image ?? 'no image'}`);
}
