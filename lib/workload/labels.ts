import { WorkloadProps } from './workload-props';

/**
 * @internal
 * Labels of one workload's objects. `selector` selects its pods; `stable` never changes with
 * a release, for fields Kubernetes will not let change (claim templates); `all` adds the version.
 */
export function workloadLabels(props: Pick<WorkloadProps, 'name' | 'partOf' | 'image' | 'component'>, defaultComponent: string) {
  const selector = { app: props.name };
  const stable: Record<string, string> = {
    ...selector,
    'app.kubernetes.io/name': props.name,
    'app.kubernetes.io/component': props.component ?? defaultComponent,
    ...(props.partOf ? { 'app.kubernetes.io/part-of': props.partOf } : {}),
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
  const version = props.image.split(/[:@]/).pop() ?? '';
  // Label values allow at most 63 characters: a digest does not fit, so it is left out.
  const all = version.length <= 63 ? { ...stable, 'app.kubernetes.io/version': version } : stable;
  return { selector, stable, all };
}
