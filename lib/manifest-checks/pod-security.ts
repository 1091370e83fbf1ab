/**
 * The Pod Security Standard "restricted" (which includes "baseline"), as the Kubernetes
 * documentation defines it, checked over one pod spec. Returns the violations, empty when
 * the pod passes.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const SAFE_SYSCTLS = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];

export function restrictedViolations(pod: any): string[] {
  const violations: string[] = [];
  const fail = (ok: boolean, message: string) => { if (!ok) violations.push(message); };
  const podSecurity = pod.securityContext ?? {};
  const containers: any[] = [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];

  // baseline
  fail(!pod.hostNetwork && !pod.hostPID && !pod.hostIPC, 'host namespaces are shared');
  for (const sysctl of podSecurity.sysctls ?? []) fail(SAFE_SYSCTLS.includes(sysctl.name), `unsafe sysctl ${sysctl.name}`);
  fail(!['Unconfined'].includes(podSecurity.seccompProfile?.type), 'pod seccomp profile is Unconfined');
  // restricted
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    fail(ALLOWED_VOLUMES.includes(type ?? ''), `volume ${volume.name} has the type ${type}`);
  }
  fail(podSecurity.runAsUser !== 0, 'pod runAsUser is 0');
  for (const container of containers) {
    const name = `container ${container.name}`;
    const security = container.securityContext ?? {};
    fail(!security.privileged, `${name} is privileged`);
    fail(!(container.ports ?? []).some((port: any) => port.hostPort), `${name} uses a hostPort`);
    fail(security.procMount === undefined || security.procMount === 'Default', `${name} sets procMount`);
    fail(security.allowPrivilegeEscalation === false, `${name} does not set allowPrivilegeEscalation: false`);
    fail(security.runAsNonRoot === true || (podSecurity.runAsNonRoot === true && security.runAsNonRoot !== false),
      `${name} does not run as non-root`);
    fail(security.runAsUser !== 0, `${name} runAsUser is 0`);
    const seccomp = security.seccompProfile?.type ?? podSecurity.seccompProfile?.type;
    fail(seccomp === 'RuntimeDefault' || seccomp === 'Localhost', `${name} has no RuntimeDefault or Localhost seccomp profile`);
    fail((security.capabilities?.drop ?? []).includes('ALL'), `${name} does not drop ALL capabilities`);
    const added: string[] = security.capabilities?.add ?? [];
    fail(added.every((capability) => capability === 'NET_BIND_SERVICE'), `${name} adds capabilities ${added.join(', ')}`);
  }
  return violations;
}
