import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { PropErrors } from './prop-errors';

/**
 * A Namespace that enforces Pod Security "restricted".
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export interface RestrictedNamespaceProps {
  /** Name of the Namespace; not `default` nor `kube-*`. */
  readonly name: string;
  /** More labels (the pod-security labels are always set). @default only the pod-security labels */
  readonly labels?: Record<string, string>;
}

/**
 * A Namespace whose admission enforces the Pod Security Standard "restricted": a pod that
 * does not meet it is refused by the API server, not merely flagged.
 */
export class RestrictedNamespace extends Construct {
  /** The Namespace. */
  readonly namespace: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: RestrictedNamespaceProps) {
    super(scope, id);
    const errors = new PropErrors(`RestrictedNamespace '${this.node.path}'`);
    errors.dnsLabel('name', props.name);
    errors.check(props.name !== 'default' && !props.name.startsWith('kube-'), 'name',
      `'${props.name}' is a namespace Kubernetes itself manages; relabelling it would change what runs there`,
      'choose a namespace of your own');
    errors.throwIfAny();
    this.namespace = new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          ...props.labels,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
      },
    });
  }
}
