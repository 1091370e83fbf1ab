/**
 * How often and how patiently the kubelet asks. Unset fields take the defaults of the probe
 * they belong to (see {@link ProbeProps}).
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#configure-probes
 */
export interface ProbeTiming {
  /** Seconds after the container starts before the first check. @default 0 */
  readonly initialDelaySeconds?: number;
  /** Seconds between checks. @default 5 (readiness), 10 (liveness), 1 (startup) */
  readonly periodSeconds?: number;
  /** Seconds one check may take; at most the period. @default 2, or the period when shorter */
  readonly timeoutSeconds?: number;
  /** Failed checks in a row before the probe fails. @default 3 (readiness), 6 (liveness), `startupSeconds` (startup) */
  readonly failureThreshold?: number;
  /** Passed checks in a row before a failed probe passes again; 1 for liveness and startup. @default 1 */
  readonly successThreshold?: number;
}

/**
 * An HTTP GET that passes on a 2xx or 3xx answer.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-a-liveness-http-request
 */
export interface HttpProbeAction {
  /** Path asked, starting with "/". */
  readonly path: string;
  /** Port number or container port name. @default the main port's name (`portName`) */
  readonly port?: number | string;
  /** @default 'HTTP' */
  readonly scheme?: 'HTTP' | 'HTTPS';
}

/**
 * A TCP connection that passes when it opens: for servers that speak no HTTP (Redis, PostgreSQL).
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-a-tcp-liveness-probe
 */
export interface TcpProbeAction {
  /** Port number or container port name. @default the main port's name (`portName`) */
  readonly port?: number | string;
}

/**
 * A command run in the container that passes when it exits 0, such as `pg_isready`.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-a-liveness-command
 */
export interface ExecProbeAction {
  /** The program and its arguments (no shell unless you name one); not empty. */
  readonly command: string[];
}

/**
 * A gRPC health check (grpc.health.v1), generally available since Kubernetes 1.27.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-a-grpc-liveness-probe
 */
export interface GrpcProbeAction {
  /** Port number (gRPC probes take no port name). @default the main `port` */
  readonly port?: number;
  /** Service name sent in the health check request. @default '' (the server as a whole) */
  readonly service?: string;
}

/**
 * One probe: exactly one of `http`, `tcp`, `exec` or `grpc`, with its timing.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe
 */
export interface Probe extends ProbeTiming {
  /** An HTTP GET. */
  readonly http?: HttpProbeAction;
  /** A TCP connection. */
  readonly tcp?: TcpProbeAction;
  /** A command in the container. */
  readonly exec?: ExecProbeAction;
  /** A gRPC health check. */
  readonly grpc?: GrpcProbeAction;
}

/**
 * A probe, or the HTTP-path shorthand: `'/ready'` is `{ http: { path: '/ready' } }`.
 */
export type ProbeOrPath = string | Probe;

/**
 * The main container's probes. By default all three are HTTP GETs of `/` on the main port; a
 * startup probe (the liveness check, asked every second for up to `startupSeconds`) holds the
 * readiness and liveness probes back while the process starts.
 * @see https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
 */
export interface ProbeProps {
  /** Passes when the pod may receive traffic. @default an HTTP GET of `readinessPath` */
  readonly readiness?: ProbeOrPath;
  /** Passes while the process is alive; failing it restarts the container. @default an HTTP GET of `livenessPath` */
  readonly liveness?: ProbeOrPath;
  /**
   * Holds back readiness and liveness until it passes once.
   * @default the liveness check, every second, `startupSeconds` times
   */
  readonly startup?: ProbeOrPath;
  /** HTTP path of the readiness probe (the shorthand of `readiness`; set one of them). @default '/' */
  readonly readinessPath?: string;
  /** HTTP path of the liveness probe (the shorthand of `liveness`; set one of them). @default '/' */
  readonly livenessPath?: string;
  /**
   * Seconds the process may take to start answering its liveness check. The startup probe
   * asks every second, so a slow start (a small CPU limit, a busy node) is never taken for a
   * dead process. Ignored when `startup` is set.
   * @default 60
   */
  readonly startupSeconds?: number;
}
