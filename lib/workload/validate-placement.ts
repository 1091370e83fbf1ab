import { PropErrors } from '../prop-errors';
import { WorkloadProps } from './workload-props';

/** @internal Checks placement and identity. */
export function checkPlacement(errors: PropErrors, props: WorkloadProps): void {
  (props.tolerations ?? []).forEach((toleration, index) => {
    errors.check(toleration.operator !== 'Exists' || toleration.value === undefined, `tolerations[${index}].value`,
      'is set with operator Exists, which matches any value', 'remove the value, or use operator Equal');
    errors.check(toleration.key !== undefined || toleration.operator === 'Exists', `tolerations[${index}].key`,
      'is required with operator Equal', 'name the taint key, or use operator Exists to tolerate every taint');
  });
  (props.topologySpread ?? []).forEach((spread, index) => {
    errors.check(spread.maxSkew === undefined || (Number.isInteger(spread.maxSkew) && spread.maxSkew > 0),
      `topologySpread[${index}].maxSkew`, `${spread.maxSkew} is not a whole number above 0`, 'use 1 or more');
  });
  if (props.priorityClassName !== undefined) errors.dnsLabel('priorityClassName', props.priorityClassName, 253);
  if (props.serviceAccountName !== undefined) errors.dnsLabel('serviceAccountName', props.serviceAccountName, 253);
  (props.imagePullSecrets ?? []).forEach((name, index) => errors.dnsLabel(`imagePullSecrets[${index}]`, name, 253));
  errors.check(!Object.keys(props.podLabels ?? {}).some((key) => key === 'app' || key.startsWith('app.kubernetes.io/')),
    'podLabels', 'sets a label the construct owns (app, app.kubernetes.io/*)', 'use labels of your own; name and partOf set those');
}

/** @internal Checks egress: every rule names a destination, and names resolve unless every destination is an address. */
export function checkNetwork(errors: PropErrors, props: WorkloadProps): void {
  const rules = props.egress?.to ?? [];
  rules.forEach((rule, index) => {
    const labels = rule.podLabels !== undefined || rule.namespaceLabels !== undefined;
    errors.check(labels !== (rule.cidr !== undefined), `egress.to[${index}]`,
      labels ? 'has both labels and a cidr' : 'names no destination', 'set podLabels and/or namespaceLabels, or a cidr');
    (rule.ports ?? []).forEach((port, portIndex) => errors.port(`egress.to[${index}].ports[${portIndex}].port`, port.port));
  });
  errors.check(props.egress?.allowDns !== false || rules.every((rule) => rule.cidr !== undefined), 'egress.allowDns',
    'is false, so DNS egress is blocked and the pods cannot resolve the Service names their pod and namespace rules point to',
    'leave egress.allowDns unset (DNS allowed), or reach only address ranges (cidr)');
}
