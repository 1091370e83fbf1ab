import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { PropErrors } from '../prop-errors';
import { workloadLabels } from '../workload/labels';
import { restrictedContainer } from '../workload/containers';
import { podSecurityContext } from '../workload/pod-template';
import { besidePods } from '../workload/placement';
import { podVolumes, TMP_VOLUME } from '../workload/volumes';
import { RestrictedJobProps, ScheduledJobProps } from './scheduled-job-props';
import { checkJobProps, checkScheduledJobProps } from './validate';

/** A finished one-off Job stays a day, for its logs; then it goes with its pods. */
const DEFAULT_TTL_SECONDS = 86400;

/**
 * A one-off Job whose pod passes the Pod Security Standard "restricted" (non-root, no
 * capabilities, the runtime's seccomp profile, a read-only root with /tmp writable), with
 * requests and limits, a pinned image, bounded retries and a deadline.
 */
export class RestrictedJob extends Construct {
  /** The Job object. */
  readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: RestrictedJobProps) {
    super(scope, id);
    const errors = new PropErrors(`RestrictedJob '${this.node.path}'`);
    checkJobProps(errors, props, 63);
    errors.throwIfAny();
    const labels = workloadLabels(props, 'job').all;
    this.job = new k8s.KubeJob(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace ?? 'default', labels },
      spec: jobSpec(props, labels, props.ttlSecondsAfterFinished ?? DEFAULT_TTL_SECONDS),
    });
  }

  /** The Job's name. */
  get name(): string {
    return this.job.name;
  }
}

/**
 * A CronJob whose pods pass the Pod Security Standard "restricted", as `RestrictedJob`'s, run
 * on a schedule; a run never overlaps the one before it unless `concurrencyPolicy` says so.
 */
export class ScheduledJob extends Construct {
  /** The CronJob object. */
  readonly cronJob: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const errors = new PropErrors(`ScheduledJob '${this.node.path}'`);
    checkScheduledJobProps(errors, props);
    errors.throwIfAny();
    const labels = workloadLabels(props, 'job').all;
    this.cronJob = new k8s.KubeCronJob(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace ?? 'default', labels },
      spec: {
        schedule: props.schedule,
        timeZone: props.timeZone,
        concurrencyPolicy: props.concurrencyPolicy ?? 'Forbid',
        successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? 3,
        failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? 3,
        startingDeadlineSeconds: props.startingDeadlineSeconds,
        suspend: props.suspend ?? false,
        jobTemplate: { metadata: { labels }, spec: jobSpec(props, labels, props.ttlSecondsAfterFinished) },
      },
    });
  }

  /** The CronJob's name. */
  get name(): string {
    return this.cronJob.name;
  }
}

function jobSpec(props: RestrictedJobProps, labels: Record<string, string>, ttlSecondsAfterFinished?: number): k8s.JobSpec {
  const claims = props.claims ?? [];
  const own = podVolumes(props);
  return {
    backoffLimit: props.backoffLimit ?? 2,
    activeDeadlineSeconds: props.activeDeadlineSeconds ?? 3600,
    ttlSecondsAfterFinished,
    template: {
      metadata: { labels },
      spec: {
        automountServiceAccountToken: false,
        // Never: a failed pod stays, with its logs, and the retry is a new pod.
        restartPolicy: 'Never',
        securityContext: podSecurityContext(props.securityContext),
        affinity: props.runBeside && besidePods(props.runBeside),
        containers: [restrictedContainer(props.containerName ?? props.name, props, {
          volumeMounts: [...own.mounts, ...claims.map((claim) => ({
            name: claim.claimName, mountPath: claim.mountPath, readOnly: claim.readOnly || undefined,
          }))],
        })],
        // A claim is mounted by its name, as the StatefulApi mounts its own.
        volumes: [TMP_VOLUME, ...own.volumes, ...claims.map((claim) => ({
          name: claim.claimName, persistentVolumeClaim: { claimName: claim.claimName, readOnly: claim.readOnly || undefined },
        }))],
      },
    },
  };
}
