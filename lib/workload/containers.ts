import { k8s } from 'cdk8s-plus-27';
import { ContainerBaseProps, PortProps, ResourceList, SidecarProps } from './container-props';
import { EnvFromProps, EnvProps, EnvValue } from './env-props';
import { sidecarProbe } from './probes';
import { VolumeMountProps } from './volume-props';
import { DEFAULT_RESOURCES, WorkloadProps } from './workload-props';

/** Every container runs like this: what the Pod Security Standard "restricted" asks. */
const RESTRICTED: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** @internal The emptyDir mount every container gets: /tmp is writable on the read-only root. */
export const TMP_MOUNT: k8s.VolumeMount = { name: 'tmp', mountPath: '/tmp' };

/** @internal The main port and the extra ones, as container ports. */
export function portsOf(props: WorkloadProps): PortProps[] {
  return [{ name: mainPortName(props), port: props.port, protocol: 'TCP' }, ...props.extraPorts ?? []];
}

/** @internal Every port of the pod: the main one, the extra ones, the sidecars'. What Services and the NetworkPolicy expose. */
export function allPortsOf(props: WorkloadProps): PortProps[] {
  return [...portsOf(props), ...(props.sidecars ?? []).flatMap((sidecar) => sidecar.ports ?? [])];
}

/** @internal Service ports for every port, each targeting the container port by name. */
export function servicePorts(props: WorkloadProps): k8s.ServicePort[] {
  return allPortsOf(props).map((port) => ({
    name: port.name, port: port.port, targetPort: k8s.IntOrString.fromString(port.name), protocol: port.protocol ?? 'TCP',
  }));
}

/** @internal The name of the main port. */
export function mainPortName(props: WorkloadProps): string {
  return props.portName ?? 'http';
}

/** @internal A container of the pod, restricted, with resources and the /tmp mount first. */
export function restrictedContainer(name: string, props: ContainerBaseProps, extras: {
  ports?: PortProps[]; env?: k8s.EnvVar[]; envFrom?: k8s.EnvFromSource[]; volumeMounts?: k8s.VolumeMount[];
} = {}): k8s.Container {
  const resources = props.resources ?? {};
  const env = [...envVars(props.env), ...extras.env ?? []];
  const envFrom = [...extras.envFrom ?? [], ...(props.envFrom ?? []).map(envFromSource)];
  return {
    name,
    image: props.image,
    imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
    command: props.command,
    args: props.args,
    workingDir: props.workingDir,
    ports: extras.ports?.map((port) => ({ name: port.name, containerPort: port.port, protocol: port.protocol ?? 'TCP' })),
    env: env.length ? env : undefined,
    envFrom: envFrom.length ? envFrom : undefined,
    resources: {
      requests: quantities({ ...DEFAULT_RESOURCES.requests, ...resources.requests }),
      limits: quantities({ ...DEFAULT_RESOURCES.limits, ...resources.limits }),
    },
    securityContext: RESTRICTED,
    volumeMounts: [TMP_MOUNT, ...extras.volumeMounts ?? [], ...(props.volumeMounts ?? []).map(volumeMount)],
  };
}

/**
 * @internal
 * A sidecar, with its ports and probes; a probe without a port asks its first one.
 * `restartPolicy: Always`, when native, is set after toJson (cdk8s-plus-27 has no such field).
 */
export function sidecarContainer(sidecar: SidecarProps): k8s.Container {
  const [first] = sidecar.ports ?? [];
  const mainPort = { name: first?.name ?? '', port: first?.port ?? 0 };
  return {
    ...restrictedContainer(sidecar.name, sidecar, { ports: sidecar.ports }),
    readinessProbe: sidecarProbe(sidecar.readiness, 'readiness', mainPort),
    livenessProbe: sidecarProbe(sidecar.liveness, 'liveness', mainPort),
  };
}

function envVars(env: EnvProps | undefined): k8s.EnvVar[] {
  return Object.entries(env ?? {}).map(([name, value]) =>
    (typeof value === 'string' ? EnvValue.fromValue(value) : value)._toEnvVar(name));
}

function envFromSource(source: EnvFromProps): k8s.EnvFromSource {
  const ref = (name: string | undefined) => name === undefined ? undefined : { name, optional: source.optional };
  return { configMapRef: ref(source.configMap), secretRef: ref(source.secret), prefix: source.prefix };
}

function volumeMount(mount: VolumeMountProps): k8s.VolumeMount {
  return { name: mount.name, mountPath: mount.mountPath, subPath: mount.subPath, readOnly: mount.readOnly };
}

function quantities(list: ResourceList): Record<string, k8s.Quantity> {
  const names: Record<keyof ResourceList, string> = {
    cpu: 'cpu', memory: 'memory', ephemeralStorage: 'ephemeral-storage',
  };
  return Object.fromEntries(
    Object.entries(list).map(([key, value]) => [names[key as keyof ResourceList], k8s.Quantity.fromString(value as string)]),
  );
}
