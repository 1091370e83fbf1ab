import { PropErrors } from '../prop-errors';
import { checkWorkloadProps } from '../workload/validate';
import { StatelessWebProps } from './stateless-web-props';

/** @internal Checks every prop; problems go to `errors`. */
export function validate(errors: PropErrors, props: StatelessWebProps): void {
  checkWorkloadProps(errors, props);
  if (props.deploymentName !== undefined) errors.dnsLabel('deploymentName', props.deploymentName);
  if (props.service?.name !== undefined) errors.serviceName('service.name', props.service.name);
  if (props.service?.port !== undefined) errors.port('service.port', props.service.port);
  if (props.service?.nodePort !== undefined) errors.nodePort('service.nodePort', props.service.nodePort);
}
