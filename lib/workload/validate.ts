import { PropErrors } from '../prop-errors';
import { WorkloadProps } from './workload-props';

/** @internal Checks the props both workloads share; problems go to `errors`. */
export function checkWorkloadProps(errors: PropErrors, props: WorkloadProps): void {
  errors.dnsLabel('name', props.name);
  errors.port('port', props.port);
  errors.replicas('replicas', props.replicas ?? 1);
  errors.replicas('maxUnavailable', props.maxUnavailable ?? 1);
  checkPodProps(errors, props);
  const { startupSeconds, ...paths } = props.probes ?? {};
  for (const [key, path] of Object.entries(paths)) {
    errors.check(path.startsWith('/'), `probes.${key}`, `'${path}' is not an HTTP path`, 'start it with "/"');
  }
  if (startupSeconds !== undefined) {
    errors.check(
      Number.isInteger(startupSeconds) && startupSeconds > 0,
      'probes.startupSeconds',
      `${startupSeconds} is not a number of seconds`,
      'use a whole number above 0, such as 60',
    );
  }
}

/** @internal Checks what every restricted pod has: image, container name, resources, ids. */
export function checkPodProps(errors: PropErrors, props: Pick<WorkloadProps, 'namespace' | 'containerName' | 'image' | 'resources' | 'securityContext'>): void {
  if (props.namespace !== undefined) errors.dnsLabel('namespace', props.namespace);
  if (props.containerName !== undefined) errors.dnsLabel('containerName', props.containerName);
  errors.pinnedImage('image', props.image);
  for (const kind of ['requests', 'limits'] as const) {
    for (const [key, value] of Object.entries(props.resources?.[kind] ?? {})) {
      errors.quantity(`resources.${kind}.${key}`, value);
    }
  }
  for (const [key, id] of Object.entries(props.securityContext ?? {})) {
    errors.check(
      Number.isInteger(id) && id > 0,
      `securityContext.${key}`,
      `${id} is not a non-root id; the "restricted" Pod Security Standard forbids root`,
      'use a whole number above 0, such as 10001',
    );
  }
}
