/* eslint-disable @typescript-eslint/no-explicit-any */
import { parseQuantity } from '../quantities';
import { containersOf, Manifest, namespaceOf, podTemplateOf, PodTemplate, podTemplatesOf } from './manifest';

/** A problem found on one object. */
export interface Finding {
  /** The object the problem is on. */
  manifest: Manifest;
  /** What is wrong, and how to put it right. */
  message: string;
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Whether a label selector selects a set of labels, as Kubernetes evaluates it. */
function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  return byLabels && (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In': return key in labels && values.includes(labels[key]);
      case 'NotIn': return !(key in labels) || !values.includes(labels[key]);
      case 'Exists': return key in labels;
      case 'DoesNotExist': return !(key in labels);
      default: return false;
    }
  });
}

/** The label selector an object applies to pods, if it has one. */
function podSelectorOf(manifest: Manifest): LabelSelector | undefined {
  switch (manifest.kind) {
    case 'Service': return manifest.spec?.selector ? { matchLabels: manifest.spec.selector } : undefined;
    case 'NetworkPolicy': return manifest.spec?.podSelector;
    case 'PodDisruptionBudget': return manifest.spec?.selector;
    default: return podTemplateOf(manifest) ? manifest.spec?.selector : undefined; // workloads; a Pod has none
  }
}

function isEmpty(selector: LabelSelector): boolean {
  return !Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length;
}

/** The pod templates of the same namespace that a selector selects. */
function selectedPods(manifest: Manifest, selector: LabelSelector, pods: PodTemplate[]): PodTemplate[] {
  return pods.filter((pod) => namespaceOf(pod.owner) === namespaceOf(manifest) && selects(selector, pod.labels));
}

/**
 * Services, budgets, network policies and workloads whose selector selects no pod of the
 * output (a workload: not its own template).
 */
export function unmatchedSelectors(manifests: Manifest[]): Finding[] {
  const pods = podTemplatesOf(manifests);
  return manifests.flatMap((manifest) => {
    const selector = podSelectorOf(manifest);
    if (!selector || isEmpty(selector)) return [];
    const own = podTemplateOf(manifest);
    const candidates = own ? [own] : pods;
    if (selectedPods(manifest, selector, candidates).length > 0) return [];
    const what = own ? 'its own pod template' : 'any pod template in its namespace';
    return [{ manifest, message: `selector ${JSON.stringify(selector)} does not select ${what}` }];
  });
}

/** Named Service target ports that a selected pod does not declare. */
export function unresolvedTargetPorts(manifests: Manifest[]): Finding[] {
  const pods = podTemplatesOf(manifests);
  return manifests.filter((m) => m.kind === 'Service' && m.spec?.selector).flatMap((service) => {
    const selected = selectedPods(service, { matchLabels: service.spec.selector }, pods);
    return (service.spec.ports ?? [])
      .filter((port: any) => typeof port.targetPort === 'string')
      .flatMap((port: any) => selected
        .filter((pod) => !servingContainers(pod.spec).some((c: any) => (c.ports ?? []).some((p: any) => p.name === port.targetPort)))
        .map((pod) => ({ manifest: service, message: `targetPort ${port.targetPort} is not a named port of ${pod.owner.kind}/${pod.owner.metadata.name}` })));
  });
}

/** Volume mounts that name neither a volume of the pod nor a claim template of its StatefulSet. */
export function unresolvedMounts(pod: PodTemplate): string[] {
  const names = [...(pod.spec.volumes ?? []).map((volume: { name: string }) => volume.name), ...pod.claimTemplates];
  return containersOf(pod.spec).flatMap((container: any) =>
    (container.volumeMounts ?? [])
      .filter((mount: { name: string }) => !names.includes(mount.name))
      .map((mount: { name: string; mountPath: string }) =>
        `container ${container.name} mounts ${mount.name} at ${mount.mountPath}, which is not a volume of the pod`));
}

/** A claim as the cluster will see it: made by the output, or by a StatefulSet's claim template. */
interface Claim {
  name: string;
  namespace: string;
  spec: any;
  manifest: Manifest;
}

function claimsOf(manifests: Manifest[]): Claim[] {
  const claims = manifests.filter((m) => m.kind === 'PersistentVolumeClaim')
    .map((m) => ({ name: m.metadata.name, namespace: namespaceOf(m), spec: m.spec ?? {}, manifest: m }));
  for (const sts of manifests.filter((m) => m.kind === 'StatefulSet')) {
    for (const template of sts.spec?.volumeClaimTemplates ?? []) {
      for (let ordinal = 0; ordinal < (sts.spec.replicas ?? 1); ordinal++) {
        claims.push({ name: `${template.metadata.name}-${sts.metadata.name}-${ordinal}`, namespace: namespaceOf(sts), spec: template.spec ?? {}, manifest: sts });
      }
    }
  }
  return claims;
}

/**
 * Claims and the static volumes of the output that are meant for each other (by the claim's
 * `volumeName` or the volume's `claimRef`) but cannot bind: the other side points elsewhere,
 * or class, access modes or size do not fit.
 */
export function mismatchedClaims(manifests: Manifest[]): Finding[] {
  const volumes = manifests.filter((m) => m.kind === 'PersistentVolume');
  return claimsOf(manifests).flatMap((claim) => {
    const byName = volumes.find((volume) => volume.metadata.name === claim.spec.volumeName);
    const byRef = volumes.filter((volume) => volume.spec?.claimRef?.name === claim.name
      && (volume.spec.claimRef.namespace ?? 'default') === claim.namespace);
    const subject = claim.manifest.kind === 'StatefulSet' ? `claim ${claim.name}` : 'the claim';
    const findings: string[] = [];
    if (byName && byName.spec?.claimRef && !byRef.includes(byName)) {
      findings.push(`${subject} names volume ${byName.metadata.name}, which is reserved for ${byName.spec.claimRef.namespace ?? 'default'}/${byName.spec.claimRef.name}`);
    }
    for (const volume of byRef.filter((v) => claim.spec.volumeName && v !== byName)) {
      findings.push(`volume ${volume.metadata.name} reserves ${subject}, which names volume ${claim.spec.volumeName}`);
    }
    for (const volume of new Set([...(byName ? [byName] : []), ...byRef])) {
      findings.push(...misfits(subject, claim.spec, volume));
    }
    return findings.map((message) => ({ manifest: claim.manifest, message }));
  });
}

/** Why a claim cannot bind to a volume: class, access modes, size. */
function misfits(subject: string, claim: any, volume: Manifest): string[] {
  const problems: string[] = [];
  const name = `volume ${volume.metadata.name}`;
  const [claimClass, volumeClass] = [claim.storageClassName ?? '', volume.spec?.storageClassName ?? ''];
  if (claimClass !== volumeClass) problems.push(`${subject} asks for class '${claimClass}', ${name} has class '${volumeClass}'`);
  const offered: string[] = volume.spec?.accessModes ?? [];
  const missing = (claim.accessModes ?? []).filter((mode: string) => !offered.includes(mode));
  if (missing.length) problems.push(`${subject} asks for ${missing.join(', ')}, ${name} offers ${offered.join(', ') || 'no access mode'}`);
  const [wanted, capacity] = [claim.resources?.requests?.storage, volume.spec?.capacity?.storage];
  if (wanted !== undefined && capacity !== undefined && (parseQuantity(String(wanted)) ?? 0) > (parseQuantity(String(capacity)) ?? Infinity)) {
    problems.push(`${subject} asks for ${wanted}, ${name} holds ${capacity}`);
  }
  return problems;
}

/** The containers that serve for the pod's life: the regular ones and native sidecars (init containers with `restartPolicy: Always`). */
function servingContainers(spec: any): any[] {
  return [...(spec.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always'), ...(spec.containers ?? [])];
}
