import { WorkloadProps } from '../workload';

export interface StatelessWebServiceProps {
  /** @default `<name>-svc` */
  readonly name?: string;
  /** Port of the Service inside the cluster. @default the container port */
  readonly port?: number;
  /** Port opened on every node, 30000-32767. @default chosen by Kubernetes */
  readonly nodePort?: number;
}

export interface StatelessWebProps extends WorkloadProps {
  /** @default the `name` */
  readonly deploymentName?: string;
  readonly service?: StatelessWebServiceProps;
}
