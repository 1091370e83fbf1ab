import { KUBERNETES_VERSIONS } from '../manifest-checks/kubernetes-schema';
import { lowestVersion } from '../manifest-checks/versions';
import { PropErrors } from '../prop-errors';
import { SidecarProps } from './container-props';
import { allPortsOf } from './containers';
import { NATIVE_SIDECARS_SINCE } from './pod-template';
import { checkContainer, checkPorts, checkProbes } from './validate-containers';
import { checkNetwork, checkPlacement } from './validate-placement';
import { checkVolumes } from './validate-volumes';
import { WorkloadProps } from './workload-props';

/** @internal Checks the props both workloads share; problems go to `errors`. */
export function checkWorkloadProps(errors: PropErrors, props: WorkloadProps,
  constructVolumes: { name: string; mountPath?: string }[] = []): void {
  errors.dnsLabel('name', props.name);
  if (props.namespace !== undefined) errors.dnsLabel('namespace', props.namespace);
  if (props.containerName !== undefined) errors.dnsLabel('containerName', props.containerName);
  errors.port('port', props.port);
  errors.replicas('replicas', props.replicas ?? 1);
  errors.replicas('maxUnavailable', props.maxUnavailable ?? 1);
  checkVersions(errors, props);
  const volumes = checkVolumes(errors, props, constructVolumes);
  checkContainer(errors, '', props, volumes);
  checkPorts(errors, props);
  const mainPorts = allPortsOf({ ...props, sidecars: [] }).map((port) => port.name);
  checkProbes(errors, 'probes', props.probes ?? {}, mainPorts);
  const names = [props.containerName ?? props.name];
  for (const [kind, containers] of [['initContainers', props.initContainers ?? []], ['sidecars', props.sidecars ?? []]] as const) {
    containers.forEach((container, index) => {
      const prop = `${kind}[${index}]`;
      errors.dnsLabel(`${prop}.name`, container.name);
      errors.check(!names.includes(container.name), `${prop}.name`, `'${container.name}' is the name of another container of the pod`,
        'give every container its own name');
      names.push(container.name);
      checkContainer(errors, `${prop}.`, container, volumes);
      if (kind === 'sidecars') checkProbes(errors, prop, container, ((container as SidecarProps).ports ?? []).map((port) => port.name));
    });
  }
  checkSidecars(errors, props);
  checkSecurity(errors, props);
  checkPlacement(errors, props);
  checkNetwork(errors, props);
}

function checkVersions(errors: PropErrors, props: WorkloadProps): void {
  const versions = props.kubernetesVersions;
  if (versions === undefined) return;
  const unknown = versions.filter((version) => !KUBERNETES_VERSIONS.includes(version));
  errors.check(versions.length > 0 && unknown.length === 0, 'kubernetesVersions',
    `${versions.length ? unknown.join(', ') : 'no version'} is not a version the checks ship`, `choose from ${KUBERNETES_VERSIONS.join(', ')}`);
}

function checkSidecars(errors: PropErrors, props: WorkloadProps): void {
  const lowest = lowestVersion(props.kubernetesVersions?.length ? props.kubernetesVersions : undefined);
  const native = props.nativeSidecars ?? lowest.minor >= NATIVE_SIDECARS_SINCE;
  errors.check(!native || lowest.minor >= NATIVE_SIDECARS_SINCE, 'nativeSidecars',
    `native sidecars came in Kubernetes 1.29 (on by default), but the lowest targeted version is ${lowest.version}`,
    `raise the lowest of kubernetesVersions to 1.29 or later (such as ['v1.35.0']), or set nativeSidecars: false`);
  if (native) return;
  (props.sidecars ?? []).forEach((sidecar, index) => {
    errors.check(sidecar.readiness !== undefined && sidecar.liveness !== undefined, `sidecars[${index}]`,
      'runs as a regular container (no native sidecars), which needs a readiness and a liveness probe',
      'set readiness and liveness, or target Kubernetes 1.29 or later for native sidecars');
  });
}

/** @internal Checks the pod's user and group ids. */
export function checkSecurity(errors: PropErrors, props: Pick<WorkloadProps, 'securityContext'>): void {
  const { runAsUser, runAsGroup, fsGroup, supplementalGroups } = props.securityContext ?? {};
  if (runAsUser !== undefined) {
    errors.check(Number.isInteger(runAsUser) && runAsUser > 0, 'securityContext.runAsUser',
      `${runAsUser} is not a non-root user id; the "restricted" Pod Security Standard forbids user 0`,
      'use a whole number above 0, such as 10001');
  }
  const groups: [string, number | undefined][] = [['runAsGroup', runAsGroup], ['fsGroup', fsGroup],
    ...(supplementalGroups ?? []).map((group, index): [string, number] => [`supplementalGroups[${index}]`, group])];
  for (const [key, id] of groups) {
    errors.check(id === undefined || (Number.isInteger(id) && id >= 0), `securityContext.${key}`,
      `${id} is not a group id`, 'use a whole number, 0 or more');
  }
}
