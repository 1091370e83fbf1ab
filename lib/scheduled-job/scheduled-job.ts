import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { PropErrors } from '../prop-errors';
import { workloadLabels } from '../workload/labels';
import { envVars, restrictedPodSpec } from '../workload/pod-template';
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

  get name(): string {
    return this.job.name;
  }
}

/**
 * A CronJob whose pods pass the Pod Security Standard "restricted", as `RestrictedJob`'s, run
 * on a schedule; a run never overlaps the one before it unless `concurrencyPolicy` says so.
 */
export class ScheduledJob extends Construct {
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

  get name(): string {
    return this.cronJob.name;
  }
}

function jobSpec(props: RestrictedJobProps, labels: Record<string, string>, ttlSecondsAfterFinished?: number): k8s.JobSpec {
  const mounts = props.mounts ?? [];
  return {
    backoffLimit: props.backoffLimit ?? 2,
    activeDeadlineSeconds: props.activeDeadlineSeconds ?? 3600,
    ttlSecondsAfterFinished,
    template: {
      metadata: { labels },
      // Never: a failed pod stays, with its logs, and the retry is a new pod.
      spec: restrictedPodSpec(props, {
        name: props.containerName ?? props.name,
        image: props.image,
        imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
        command: props.command,
        args: props.args,
        env: envVars(props.env),
      }, {
        // A claim is mounted by its name, as the StatefulApi mounts its own.
        volumes: mounts.map((mount) => ({
          name: mount.claimName,
          persistentVolumeClaim: { claimName: mount.claimName, readOnly: mount.readOnly || undefined },
        })),
        volumeMounts: mounts.map((mount) => ({ name: mount.claimName, mountPath: mount.mountPath, readOnly: mount.readOnly || undefined })),
        affinity: props.runBeside && { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
          { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: props.runBeside } }] } },
      }, 'Never'),
    },
  };
}
