import { Chart, Testing } from 'cdk8s';

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
