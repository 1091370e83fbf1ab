import { StatefulApiProps } from '../../lib/index';

/** The props of a small valid StatefulApi: TCP probes on `port`, one 1Gi claim on `mountPath`. */
export function tcpStatefulApiProps(name: string, port: number, portName: string, mountPath: string): StatefulApiProps {
  return {
    name,
    image: `registry.example.com/${name}:1.0.0`,
    port,
    portName,
    probes: { readiness: { tcp: {} }, liveness: { tcp: {} } },
    storage: { mountPath, size: '1Gi' },
  };
}
