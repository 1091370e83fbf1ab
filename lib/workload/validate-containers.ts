import { PropErrors } from '../prop-errors';
import { ContainerBaseProps, SidecarProps } from './container-props';
import { allPortsOf } from './containers';
import { EnvValue } from './env-props';
import { Probe, ProbeOrPath, ProbeProps, ProbeTiming } from './probe-props';
import { WorkloadProps } from './workload-props';

/** What `EnvValue.fromField` may read: the downward API's fields for environment variables. */
const POD_FIELD_PATHS = /^(metadata\.(name|namespace|uid)|metadata\.(labels|annotations)\['[^']+'\]|spec\.(nodeName|serviceAccountName)|status\.(hostIP|hostIPs|podIP|podIPs))$/;
/** An IANA service name, as Kubernetes asks of port names. */
const PORT_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;

/** @internal Checks one container's image, resources, environment and mounts; `prefix` names it in messages. */
export function checkContainer(errors: PropErrors, prefix: string, props: ContainerBaseProps, volumes: string[]): void {
  errors.pinnedImage(`${prefix}image`, props.image);
  for (const kind of ['requests', 'limits'] as const) {
    for (const [key, value] of Object.entries(props.resources?.[kind] ?? {})) {
      errors.quantity(`${prefix}resources.${kind}.${key}`, value as string);
    }
  }
  for (const [name, value] of Object.entries(props.env ?? {})) {
    errors.check(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name), `${prefix}env.${name}`, 'is not a valid variable name',
      'use letters, digits, "_", "-" and ".", not starting with a digit');
    const field = value instanceof EnvValue ? value._fieldPath : undefined;
    errors.check(field === undefined || POD_FIELD_PATHS.test(field), `${prefix}env.${name}`,
      `'${field}' is not a pod field the downward API offers`, "use one of POD_FIELDS, or metadata.labels['<key>']");
  }
  (props.envFrom ?? []).forEach((source, index) => {
    errors.check((source.configMap === undefined) !== (source.secret === undefined), `${prefix}envFrom[${index}]`,
      'names neither or both of configMap and secret', 'set exactly one of them');
  });
  const paths: string[] = [];
  (props.volumeMounts ?? []).forEach((mount, index) => {
    const prop = `${prefix}volumeMounts[${index}]`;
    errors.check(volumes.includes(mount.name), `${prop}.name`, `'${mount.name}' is not a volume of the pod`,
      `add it to volumes, or mount one of ${volumes.join(', ')}`);
    errors.absolutePath(`${prop}.mountPath`, mount.mountPath);
    errors.check(!paths.includes(mount.mountPath) && mount.mountPath !== '/tmp', `${prop}.mountPath`,
      `'${mount.mountPath}' is mounted twice in the container`, 'mount each path once (/tmp is always the tmp volume)');
    paths.push(mount.mountPath);
  });
}

/** @internal Checks the ports of the pod: valid, and no name or number twice. */
export function checkPorts(errors: PropErrors, props: WorkloadProps): void {
  const names = new Set<string>();
  const numbers = new Set<string>();
  allPortsOf(props).forEach((port, index) => {
    const prop = index === 0 ? 'portName' : `ports.${port.name}`;
    errors.check(PORT_NAME.test(port.name), prop, `'${port.name}' is not a port name`,
      'use at most 15 lower-case letters, digits and single "-", with at least one letter');
    errors.check(!names.has(port.name), prop, `the port name '${port.name}' is used twice in the pod`,
      'give every port (portName, extraPorts, sidecars[].ports) its own name');
    if (index > 0) errors.port(`ports.${port.name}.port`, port.port);
    const number = `${port.port}/${port.protocol ?? 'TCP'}`;
    errors.check(!numbers.has(number), prop, `port ${number} is declared twice in the pod`, 'declare each port once');
    names.add(port.name);
    numbers.add(number);
  });
}

/** @internal Checks the main container's probes, or a sidecar's. */
export function checkProbes(errors: PropErrors, prefix: string, probes: ProbeProps | SidecarProps, ports: string[]): void {
  const shorthand = probes as ProbeProps;
  for (const kind of ['readiness', 'liveness'] as const) {
    const path = shorthand[`${kind}Path`];
    errors.check(path === undefined || probes[kind] === undefined, `${prefix}.${kind}Path`,
      `is set together with ${prefix}.${kind}`, `keep one: ${kind}Path is the shorthand of ${kind}: '<path>'`);
    if (path !== undefined) checkProbe(errors, `${prefix}.${kind}Path`, path, ports, kind);
    if (probes[kind] !== undefined) checkProbe(errors, `${prefix}.${kind}`, probes[kind], ports, kind);
  }
  if (shorthand.startup !== undefined) checkProbe(errors, `${prefix}.startup`, shorthand.startup, ports, 'startup');
  const startupSeconds = shorthand.startupSeconds;
  errors.check(startupSeconds === undefined || (Number.isInteger(startupSeconds) && startupSeconds > 0), `${prefix}.startupSeconds`,
    `${startupSeconds} is not a number of seconds`, 'use a whole number above 0, such as 60');
}

function checkProbe(errors: PropErrors, prop: string, probe: ProbeOrPath, ports: string[], kind: string): void {
  if (typeof probe === 'string') {
    errors.check(probe.startsWith('/'), prop, `'${probe}' is not an HTTP path`,
      'start it with "/", or give a tcp, exec or grpc probe: { tcp: {} }, { exec: { command: [...] } }');
    return;
  }
  const actions = (['http', 'tcp', 'exec', 'grpc'] as const).filter((action) => probe[action] !== undefined);
  errors.check(actions.length === 1, prop, `has ${actions.length ? actions.join(' and ') : 'no check'}`,
    'set exactly one of http, tcp, exec and grpc');
  if (probe.http) {
    errors.check(probe.http.path.startsWith('/'), `${prop}.http.path`, `'${probe.http.path}' is not an HTTP path`, 'start it with "/"');
  }
  for (const [action, port] of [['http', probe.http?.port], ['tcp', probe.tcp?.port], ['grpc', probe.grpc?.port]] as const) {
    errors.check(probe[action] === undefined || port !== undefined || ports.length > 0, `${prop}.${action}.port`,
      'is not given, and the container has no port to default to', 'give the port, or declare the container\'s ports');
    errors.check(typeof port !== 'string' || ports.includes(port), `${prop}.${action}.port`,
      `'${port}' is not a port of the container`, `use a port number, or one of ${ports.join(', ') || 'its port names'}`);
  }
  if (probe.grpc?.port !== undefined) errors.port(`${prop}.grpc.port`, probe.grpc.port);
  errors.check(!probe.exec || (probe.exec.command.length > 0 && probe.exec.command[0] !== ''), `${prop}.exec.command`,
    'is empty', "name the program and its arguments, such as ['pg_isready', '-U', 'postgres']");
  checkTiming(errors, prop, probe, kind);
}

function checkTiming(errors: PropErrors, prop: string, probe: Probe, kind: string): void {
  const fields: (keyof ProbeTiming)[] = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold', 'successThreshold'];
  for (const field of fields) {
    const value = probe[field];
    const least = field === 'initialDelaySeconds' ? 0 : 1;
    errors.check(value === undefined || (Number.isInteger(value) && value >= least), `${prop}.${field}`,
      `${value} is not a whole number of ${least} or more`, `use a whole number, ${least} or more`);
  }
  errors.check(kind === 'readiness' || (probe.successThreshold ?? 1) === 1, `${prop}.successThreshold`,
    `must be 1 for a ${kind} probe`, 'leave it unset');
}
