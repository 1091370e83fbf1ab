import { WorkloadProps } from '../workload';

/**
 * The NodePort Service that takes traffic from outside the cluster.
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
 */
export interface StatelessWebServiceProps {
  /** @default `<name>-svc` */
  readonly name?: string;
  /** Port of the Service inside the cluster. @default the container port */
  readonly port?: number;
  /** Port opened on every node, 30000-32767. @default chosen by Kubernetes */
  readonly nodePort?: number;
}

/** A stateless web front end: the workload props and its Service. */
export interface StatelessWebProps extends WorkloadProps {
  /** @default the `name` */
  readonly deploymentName?: string;
  /** The NodePort Service. @default `<name>-svc` on the container port, the node port chosen by Kubernetes */
  readonly service?: StatelessWebServiceProps;
}
