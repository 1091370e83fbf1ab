import { isUnder, PropErrors } from '../prop-errors';
import { checkSecurity } from '../workload/validate';
import { checkContainer } from '../workload/validate-containers';
import { checkVolumes } from '../workload/validate-volumes';
import { JobClaimMount, RestrictedJobProps, ScheduledJobProps } from './scheduled-job-props';

/** Kubernetes' cron macros; any other schedule has five fields. */
const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** @internal Checks the props of a one-off Job; problems go to `errors`. */
export function checkJobProps(errors: PropErrors, props: RestrictedJobProps, maxNameLength: number): void {
  errors.dnsLabel('name', props.name, maxNameLength);
  if (props.namespace !== undefined) errors.dnsLabel('namespace', props.namespace);
  if (props.containerName !== undefined) errors.dnsLabel('containerName', props.containerName);
  const claims = props.claims ?? [];
  checkClaims(errors, claims);
  const volumes = checkVolumes(errors, props, claims.map((claim) => ({ name: claim.claimName, mountPath: claim.mountPath })));
  checkContainer(errors, '', props, volumes);
  checkSecurity(errors, props);
  wholeNumber(errors, 'backoffLimit', props.backoffLimit, 0);
  wholeNumber(errors, 'activeDeadlineSeconds', props.activeDeadlineSeconds, 1);
  wholeNumber(errors, 'ttlSecondsAfterFinished', props.ttlSecondsAfterFinished, 0);
  if (props.runBeside !== undefined) {
    errors.check(Object.keys(props.runBeside).length > 0, 'runBeside', 'has no labels, so it matches no pod',
      'give the labels of the pods to run beside, such as their `app` label, or leave it unset');
  }
}

/** Each claim once, by a name that is also a volume name, on a directory of its own. */
function checkClaims(errors: PropErrors, claims: JobClaimMount[]): void {
  const paths = ['/tmp'];
  claims.forEach((claim, index) => {
    const prop = `claims[${index}]`;
    errors.dnsLabel(`${prop}.claimName`, claim.claimName);
    errors.check(claims.findIndex((other) => other.claimName === claim.claimName) === index,
      `${prop}.claimName`, `'${claim.claimName}' is mounted already`, 'mount each claim once');
    errors.absolutePath(`${prop}.mountPath`, claim.mountPath);
    const overlap = paths.find((path) => isUnder(path, claim.mountPath) || isUnder(claim.mountPath, path));
    errors.check(overlap === undefined, `${prop}.mountPath`, `'${claim.mountPath}' overlaps '${overlap}', mounted already`,
      'mount each claim on a directory of its own, outside /tmp');
    paths.push(claim.mountPath);
  });
}

/** @internal Checks the props of a CronJob; problems go to `errors`. */
export function checkScheduledJobProps(errors: PropErrors, props: ScheduledJobProps): void {
  // The controller names each run `<name>-<11 characters>`, within the 63 of a label.
  checkJobProps(errors, props, 52);
  const fields = props.schedule.trim().split(/\s+/);
  errors.check(MACROS.includes(props.schedule.trim()) || (fields.length === 5 && fields.every((f) => /^[\w*,/?-]+$/.test(f))),
    'schedule', `'${props.schedule}' is not a cron schedule`,
    `give five fields (minute hour day-of-month month day-of-week, such as "0 3 * * *") or one of ${MACROS.join(', ')}; set a zone with timeZone`);
  if (props.timeZone !== undefined) {
    errors.check(isTimeZone(props.timeZone), 'timeZone', `'${props.timeZone}' is not a time zone of the IANA database`,
      'use a name such as "Etc/UTC" or "Europe/Berlin"');
  }
  wholeNumber(errors, 'successfulJobsHistoryLimit', props.successfulJobsHistoryLimit, 0);
  wholeNumber(errors, 'failedJobsHistoryLimit', props.failedJobsHistoryLimit, 0);
  // Below 10 s the controller, which looks every 10 s, may never start a run.
  wholeNumber(errors, 'startingDeadlineSeconds', props.startingDeadlineSeconds, 10);
}

function wholeNumber(errors: PropErrors, prop: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  errors.check(Number.isInteger(value) && value >= min, prop, `${value} is not a whole number of ${min} or more`,
    `use a whole number of ${min} or more, or leave it unset`);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
