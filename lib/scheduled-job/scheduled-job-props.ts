import { ContainerBaseProps, PodSecurityProps, PodVolumeProps } from '../workload';

/** What a CronJob does when a run is due while the previous one still runs. */
export const CONCURRENCY_POLICIES = ['Forbid', 'Allow', 'Replace'] as const;
/** One of {@link CONCURRENCY_POLICIES}. */
export type ConcurrencyPolicy = typeof CONCURRENCY_POLICIES[number];

/** A persistent volume claim mounted into a job's container. */
export interface JobClaimMount {
  /**
   * Name of the claim, in the job's namespace.
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#claims-as-volumes
   */
  readonly claimName: string;
  /** Directory the claim is mounted on in the container. */
  readonly mountPath: string;
  /**
   * Mount the claim read-only: the job cannot change what it reads.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * What a one-off Job and a scheduled CronJob share: the pod's one container (what it runs, its
 * environment, resources and mounts, as for workloads), its volumes, and how failures are retried.
 */
export interface RestrictedJobProps extends ContainerBaseProps, PodVolumeProps {
  /** Name of the Job (or CronJob), and its pods' `app` label. At most 52 characters for a CronJob. */
  readonly name: string;
  /** @default 'default' */
  readonly namespace?: string;
  /** @default the `name` */
  readonly containerName?: string;
  /**
   * Claims mounted into the container, each by its name, besides `volumes`.
   * @default none
   */
  readonly claims?: JobClaimMount[];
  /**
   * The pod's user and groups; the defaults pass the Pod Security Standard "restricted".
   * @default user, group and fsGroup 10001
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
   */
  readonly securityContext?: PodSecurityProps;
  /** Value of `app.kubernetes.io/part-of` on every object. @default none */
  readonly partOf?: string;
  /**
   * Labels of pods the job's pod must run beside, on the same node: for a ReadWriteOnce claim
   * that those pods hold, which only pods of that node can mount. While none of them runs the
   * job's pod stays Pending, until `activeDeadlineSeconds` ends the run.
   * @default anywhere
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
   */
  readonly runBeside?: Record<string, string>;
  /**
   * Retries of a failed pod before the run is marked failed.
   * @default 2
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-backoff-failure-policy
   */
  readonly backoffLimit?: number;
  /**
   * Seconds a run may take, retries and a Pending pod included, before it is stopped and
   * marked failed.
   * @default 3600
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup
   */
  readonly activeDeadlineSeconds?: number;
  /**
   * Seconds a finished Job is kept before it is deleted, with its pods and their logs.
   * @default 86400 for a one-off Job; unset for a CronJob's Jobs (the history limits apply)
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/
   */
  readonly ttlSecondsAfterFinished?: number;
}

/** A CronJob: the job, and when it runs. */
export interface ScheduledJobProps extends RestrictedJobProps {
  /**
   * When runs start, in cron syntax (minute, hour, day of month, month, day of week), such as
   * `0 3 * * *` for 03:00 every day.
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
   */
  readonly schedule: string;
  /**
   * Time zone of the schedule, from the IANA database, such as `Etc/UTC` or `Europe/Berlin`.
   * @default the kube-controller-manager's time zone
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
   */
  readonly timeZone?: string;
  /**
   * What happens when a run is due while the previous one still runs: `Forbid` skips it,
   * `Allow` runs both, `Replace` stops the old one.
   * @default 'Forbid'
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#concurrency-policy
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * Finished successful Jobs kept (with their pods' logs).
   * @default 3
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#jobs-history-limits
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Failed Jobs kept (with their pods' logs).
   * @default 3
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#jobs-history-limits
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Seconds after its scheduled time a missed run may still start (the controller was down,
   * or `Forbid` held it back); later it is skipped.
   * @default no deadline
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#starting-deadline
   */
  readonly startingDeadlineSeconds?: number;
  /**
   * Start no new runs (those running go on).
   * @default false
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-suspension
   */
  readonly suspend?: boolean;
}
