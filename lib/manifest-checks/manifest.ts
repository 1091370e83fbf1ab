/* eslint-disable @typescript-eslint/no-explicit-any */

/** A Kubernetes object as synthesized: checked field by field, so the rest stays loose. */
export interface Manifest {
  /** Such as `apps/v1`. */
  apiVersion: string;
  /** Such as `StatefulSet`. */
  kind: string;
  /** Name, namespace, labels and the rest of the object's metadata. */
  metadata: {
    /** Name of the object. */
    name: string;
    /** Namespace; none for cluster-scoped objects and the default namespace. */
    namespace?: string;
    /** Labels of the object. */
    labels?: Record<string, string>;
    [field: string]: any;
  };
  /** The rest of the object, as its kind's schema says (the checks read only some of it). */
  [field: string]: any;
}

/** The pod template of a workload: its labels, its pod spec and the claims it templates. */
export interface PodTemplate {
  /** The workload (Deployment, StatefulSet, Job, CronJob, ...) that holds the template. */
  owner: Manifest;
  /** Labels of the pods, which selectors and policies match. */
  labels: Record<string, string>;
  /** The pod spec. */
  spec: any;
  /** Names of the volume claim templates (a StatefulSet's), which the pods may mount as volumes. */
  claimTemplates: string[];
  /** Whether the pods run until stopped (and so need readiness and liveness probes). */
  longRunning: boolean;
}

/** `Kind/name`, with the namespace when there is one: how violations name an object. */
export function displayName(manifest: Manifest): string {
  const { namespace, name } = manifest.metadata ?? {};
  return `${manifest.kind}/${namespace ? `${namespace}/` : ''}${name}`;
}

/** The namespace an object lives in (namespaced kinds without one land in `default`). */
export function namespaceOf(manifest: Manifest): string {
  return manifest.metadata.namespace ?? 'default';
}

const LONG_RUNNING = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'];

/** The pod template of a Pod, a workload, a Job or a CronJob; undefined for other kinds. */
export function podTemplateOf(manifest: Manifest): PodTemplate | undefined {
  const template = manifest.kind === 'Pod' ? { metadata: manifest.metadata, spec: manifest.spec }
    : manifest.kind === 'CronJob' ? manifest.spec?.jobTemplate?.spec?.template
      : manifest.spec?.template;
  if (!template?.spec) return undefined;
  return {
    owner: manifest,
    labels: template.metadata?.labels ?? {},
    spec: template.spec,
    claimTemplates: (manifest.spec?.volumeClaimTemplates ?? []).map((claim: Manifest) => claim.metadata.name),
    longRunning: LONG_RUNNING.includes(manifest.kind),
  };
}

/** The pod templates of the objects that have one. */
export function podTemplatesOf(manifests: Manifest[]): PodTemplate[] {
  return manifests.map(podTemplateOf).filter((pod): pod is PodTemplate => pod !== undefined);
}

/** Every container of a pod spec, init containers first. */
export function containersOf(spec: any): any[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}
