import { App, Chart, Testing } from 'cdk8s';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; [key: string]: any }; [key: string]: any };

/** The objects a chart synthesizes, in output order. */
export function synth(chart: Chart): Manifest[] {
  return Testing.synth(chart) as Manifest[];
}

/** The one object of a kind (and name, when given); fails the test when there is not exactly one. */
export function only(manifests: Manifest[], kind: string, name?: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` '${name}'` : ''}, found ${found.length}`);
  }
  return found[0];
}

/** The pod specs of every workload among the manifests. */
export function podSpecs(manifests: Manifest[]): { owner: string; spec: any }[] {
  return manifests
    .filter((m) => m.spec?.template?.spec)
    .map((m) => ({ owner: `${m.kind}/${m.metadata.name}`, spec: m.spec.template.spec }));
}

/** The components (`app.kubernetes.io/component`) of the namespaced objects, by their `app` label, each once, in order. */
export function componentsByApp(manifests: Manifest[]): Record<string, string[]> {
  const byApp: Record<string, string[]> = {};
  for (const { metadata } of manifests.filter((m) => m.metadata.namespace)) {
    const components = byApp[metadata.labels.app] ??= [];
    const component = metadata.labels['app.kubernetes.io/component'];
    if (!components.includes(component)) components.push(component);
  }
  return byApp;
}

/** A service's backup CronJob `<name>-backup` and restore Job `<name>-restore` (among `restores`), with their pod specs. */
export function backupObjects(manifests: Manifest[], restores: Manifest[], name: string) {
  const cronJob = only(manifests, 'CronJob', `${name}-backup`);
  const restore = only(restores, 'Job', `${name}-restore`);
  return { cronJob, restore, backupPod: cronJob.spec.jobTemplate.spec.template.spec, restorePod: restore.spec.template.spec };
}

/** The environment of a pod spec's first container: each variable's value, or its `valueFrom`. */
export function envOf(pod: any): Record<string, unknown> {
  return Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

/** The volume a pod spec's first container mounts at `path`, or undefined. */
export function volumeAt(pod: any, path: string): any {
  const mount = pod.containers[0].volumeMounts?.find((m: any) => m.mountPath === path);
  return pod.volumes?.find((v: any) => v.name === mount?.name);
}

/**
 * An example's apps with a restore app (examples/restore-app.ts), synthesized: the main chart's
 * manifests, the restore chart's, and the StatefulSet `name` with its pod spec and first container.
 */
export function synthExampleWithRestore([app, restoreApp]: App[], name: string) {
  const manifests = synth(app.node.children[0] as Chart);
  const restores = synth(restoreApp.node.children[0] as Chart);
  const sts = only(manifests, 'StatefulSet', name);
  const pod = sts.spec.template.spec;
  return { restoreApp, manifests, restores, sts, pod, container: pod.containers[0] };
}
