import { k8s } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { addWarning } from '../warnings';
import { Probe, ProbeOrPath, ProbeProps, ProbeTiming } from './probe-props';

const DEFAULT_STARTUP_SECONDS = 60;
/** Readiness is asked more often than liveness, and liveness gives up later: a slow dependency takes a pod out of rotation long before it gets restarted. */
const READINESS: ProbeTiming = { periodSeconds: 5, failureThreshold: 3 };
const LIVENESS: ProbeTiming = { periodSeconds: 10, failureThreshold: 6 };

/** @internal A probe in its object form: the string shorthand is an HTTP GET of that path. */
function probeObject(probe: ProbeOrPath | undefined, path?: string): Probe {
  if (typeof probe === 'string') return { http: { path: probe } };
  return probe ?? { http: { path: path ?? '/' } };
}

/** @internal A Kubernetes probe; ports default to `mainPort` (a name, or the number for gRPC). */
export function kubeProbe(probe: Probe, defaults: ProbeTiming, mainPort: { name: string; port: number }): k8s.Probe {
  const port = (value: number | string | undefined) => toIntOrString(value ?? mainPort.name);
  const periodSeconds = probe.periodSeconds ?? defaults.periodSeconds!;
  return {
    httpGet: probe.http && { path: probe.http.path, port: port(probe.http.port), scheme: probe.http.scheme },
    tcpSocket: probe.tcp && { port: port(probe.tcp.port) },
    exec: probe.exec && { command: probe.exec.command },
    grpc: probe.grpc && { port: probe.grpc.port ?? mainPort.port, service: probe.grpc.service },
    initialDelaySeconds: probe.initialDelaySeconds,
    periodSeconds,
    failureThreshold: probe.failureThreshold ?? defaults.failureThreshold,
    successThreshold: probe.successThreshold,
    // Never longer than the period: the startup probe's threshold times its period is its limit.
    timeoutSeconds: probe.timeoutSeconds ?? Math.min(2, periodSeconds),
  };
}

/**
 * @internal
 * The main container's three probes. The startup probe, asked every second, holds both others
 * back until it passes: liveness would fail while the process is still starting.
 */
export function mainProbes(probes: ProbeProps = {}, mainPort: { name: string; port: number }) {
  const liveness = probeObject(probes.liveness, probes.livenessPath);
  const startupDefaults = { periodSeconds: 1, failureThreshold: probes.startupSeconds ?? DEFAULT_STARTUP_SECONDS };
  const startup = probes.startup === undefined
    ? kubeProbe(actionOf(liveness), startupDefaults, mainPort)
    : kubeProbe(probeObject(probes.startup), startupDefaults, mainPort);
  return {
    startupProbe: startup,
    readinessProbe: kubeProbe(probeObject(probes.readiness, probes.readinessPath), READINESS, mainPort),
    livenessProbe: kubeProbe(liveness, LIVENESS, mainPort),
  };
}

/** @internal A sidecar's probe, with the readiness or liveness defaults. */
export function sidecarProbe(probe: ProbeOrPath | undefined, kind: 'readiness' | 'liveness',
  mainPort: { name: string; port: number }): k8s.Probe | undefined {
  return probe === undefined ? undefined : kubeProbe(probeObject(probe), kind === 'readiness' ? READINESS : LIVENESS, mainPort);
}

/** The check of a probe without its timing: the startup probe asks the liveness question on its own schedule. */
function actionOf(probe: Probe): Probe {
  return { http: probe.http, tcp: probe.tcp, exec: probe.exec, grpc: probe.grpc };
}

/** @internal A port number or name as Kubernetes takes it. */
function toIntOrString(value: number | string): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}

/**
 * @internal
 * Warns when a main port named as something other than HTTP gets the default probes (HTTP
 * GETs of /): a server that speaks no HTTP, such as PostgreSQL on a port named `postgres`,
 * would never get Ready.
 */
export function warnDefaultHttpProbes(scope: IConstruct, portName: string | undefined, probes: ProbeProps = {}): void {
  const defaulted = (['readiness', 'liveness'] as const).filter((kind) => probes[kind] === undefined && probes[`${kind}Path`] === undefined);
  if (portName === undefined || /http|web/.test(portName) || defaulted.length === 0) return;
  addWarning(scope, `probes: the ${defaulted.join(' and ')} probe defaults to an HTTP GET of / on port '${portName}'; `
    + 'a server that speaks no HTTP never gets Ready. Give probes.readiness and probes.liveness: { tcp: {} } or { exec: { command: [...] } }.');
}
