import { k8s } from 'cdk8s-plus-27';
import { AntiAffinity, PlacementProps } from './placement-props';

/**
 * @internal
 * The pods' affinity. `colocate` keeps the replicas on one node (they share one ReadWriteOnce
 * volume); otherwise `antiAffinity` spreads them: preferred (`soft`: a one-node cluster still
 * runs them all), required (`hard`), or not at all.
 */
export function affinityOf(antiAffinity: AntiAffinity, selector: Record<string, string>, colocate = false): k8s.Affinity | undefined {
  if (colocate) return besidePods(selector);
  const term = sameNode(selector);
  switch (antiAffinity) {
    case 'soft': return { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
    case 'hard': return { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
    case 'none': return undefined;
  }
}

/** A pod term: the node of the pods `selector` picks. */
const sameNode = (selector: Record<string, string>): k8s.PodAffinityTerm =>
  ({ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector } });

/** @internal A required affinity to the node of the pods `selector` picks. */
export function besidePods(selector: Record<string, string>): k8s.Affinity {
  return { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [sameNode(selector)] } };
}

/** @internal Node selector, tolerations, topology spread and priority of the pod spec. */
export function placementOf(props: PlacementProps, selector: Record<string, string>): Partial<k8s.PodSpec> {
  return {
    nodeSelector: props.nodeSelector,
    tolerations: props.tolerations,
    topologySpreadConstraints: props.topologySpread?.map((spread) => ({
      topologyKey: spread.topologyKey,
      maxSkew: spread.maxSkew ?? 1,
      whenUnsatisfiable: spread.whenUnsatisfiable ?? 'ScheduleAnyway',
      labelSelector: { matchLabels: selector },
    })),
    priorityClassName: props.priorityClassName,
  };
}
