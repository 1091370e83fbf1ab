import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { PropErrors } from './validation';
import {
  checkWorkloadProps, podDisruptionBudget, preferOneReplicaPerNode, restrictedPodTemplate,
  workloadLabels, WorkloadProps,
} from './workload';

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

/**
 * A stateless web front end: a Deployment reachable from outside the cluster through a
 * NodePort Service, with a PodDisruptionBudget and a NetworkPolicy that admits traffic to
 * its port only.
 */
export class StatelessWeb extends Construct {
  readonly service: k8s.KubeService;
  readonly deployment: k8s.KubeDeployment;
  /** Labels that select this front end's pods: give them to a backend's `allowFrom`. */
  readonly selectorLabels: Record<string, string>;

  constructor(scope: Construct, id: string, props: StatelessWebProps) {
    super(scope, id);
    validate(this, props);
    const namespace = props.namespace ?? 'default';
    const labels = workloadLabels(props, 'web');
    this.selectorLabels = labels.selector;
    const metadata = (name: string) => ({ name, namespace, labels: labels.all });

    // The Service comes first, so pods started after it see its environment variables.
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: metadata(props.service?.name ?? `${props.name}-svc`),
      spec: {
        type: 'NodePort',
        selector: labels.selector,
        ports: [{
          name: 'http',
          port: props.service?.port ?? props.port,
          targetPort: k8s.IntOrString.fromString('http'),
          nodePort: props.service?.nodePort,
          protocol: 'TCP',
        }],
      },
    });

    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: metadata(props.deploymentName ?? props.name),
      spec: {
        replicas: props.replicas ?? 1,
        selector: { matchLabels: labels.selector },
        template: restrictedPodTemplate(props, {
          labels: labels.all,
          affinity: preferOneReplicaPerNode(labels.selector),
        }),
      },
    });

    podDisruptionBudget(this, props, metadata(`${props.name}-pdb`), labels.selector);

    // A NodePort admits traffic from outside the cluster: open the web port to all, nothing else.
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: metadata(`${props.name}-ingress`),
      spec: {
        podSelector: { matchLabels: labels.selector },
        policyTypes: ['Ingress'],
        ingress: [{ ports: [{ port: k8s.IntOrString.fromNumber(props.port), protocol: 'TCP' }] }],
      },
    });
  }
}

function validate(scope: Construct, props: StatelessWebProps): void {
  const errors = new PropErrors(`StatelessWeb '${scope.node.path}'`);
  checkWorkloadProps(errors, props);
  if (props.deploymentName !== undefined) errors.dnsLabel('deploymentName', props.deploymentName);
  if (props.service?.name !== undefined) errors.serviceName('service.name', props.service.name);
  if (props.service?.port !== undefined) errors.port('service.port', props.service.port);
  if (props.service?.nodePort !== undefined) errors.nodePort('service.nodePort', props.service.nodePort);
  errors.throwIfAny();
}
