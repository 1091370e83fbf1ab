import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { PropErrors } from '../prop-errors';
import { workloadLabels } from '../workload/labels';
import { afterToJson } from '../final-json';
import { allPortsOf, servicePorts } from '../workload/containers';
import { affinityOf } from '../workload/placement';
import { warnDefaultHttpProbes } from '../workload/probes';
import { markNativeSidecars, restrictedPodTemplate } from '../workload/pod-template';
import { podDisruptionBudget, workloadNetworkPolicy } from '../workload/policies';
import { StatelessWebProps } from './stateless-web-props';
import { validate } from './validate';

/**
 * A stateless web front end: a Deployment reachable from outside the cluster through a
 * NodePort Service, with a PodDisruptionBudget and a NetworkPolicy that admits traffic to
 * its port only.
 */
export class StatelessWeb extends Construct {
  /** The NodePort Service. */
  readonly service: k8s.KubeService;
  /** The Deployment. */
  readonly deployment: k8s.KubeDeployment;
  /** Keeps all but `maxUnavailable` replicas up during drains. */
  readonly podDisruptionBudget: k8s.KubePodDisruptionBudget;
  /** Opens the pods' ports to every source (a NodePort takes traffic from outside), nothing else. */
  readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** Labels that select this front end's pods: give them to a backend's `allowFrom`. */
  readonly selectorLabels: Record<string, string>;

  constructor(scope: Construct, id: string, props: StatelessWebProps) {
    super(scope, id);
    const errors = new PropErrors(`StatelessWeb '${this.node.path}'`);
    validate(errors, props);
    errors.throwIfAny();
    const namespace = props.namespace ?? 'default';
    const labels = workloadLabels(props, 'web');
    this.selectorLabels = labels.selector;
    warnDefaultHttpProbes(this, props.portName, props.probes);
    const metadata = (name: string) => ({ name, namespace, labels: labels.all });

    // The Service comes first, so pods started after it see its environment variables.
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: metadata(props.service?.name ?? `${props.name}-svc`),
      spec: {
        type: 'NodePort',
        selector: labels.selector,
        // The main port as `service.port` (and `nodePort`), then the others.
        ports: servicePorts(props).map((port, index) => index > 0 ? port
          : { ...port, port: props.service?.port ?? props.port, nodePort: props.service?.nodePort }),
      },
    });

    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: metadata(props.deploymentName ?? props.name),
      spec: {
        replicas: props.replicas ?? 1,
        selector: { matchLabels: labels.selector },
        template: restrictedPodTemplate(props, {
          labels: labels.all,
          affinity: affinityOf(props.antiAffinity ?? 'soft', labels.selector),
        }),
      },
    });
    afterToJson(this.deployment, (json) => markNativeSidecars(json, props));

    this.podDisruptionBudget = podDisruptionBudget(
      this, metadata(`${props.name}-pdb`), labels.selector, props.maxUnavailable ?? 1);
    this.networkPolicy = workloadNetworkPolicy(this, metadata(`${props.name}-ingress`), labels.selector, {
      ports: allPortsOf(props), egress: props.egress,
    });
  }
}
