import { AccessMode } from '../host-path-volume';
import { EnvProps, ResourceProps } from '../workload';
import { HostPathStorageProps } from './stateful-api-props';

/** Where the backups are kept: a claim of their own, one per data claim. */
export interface StatefulApiBackupStorageProps {
  /**
   * Size each backup claim requests, such as `5Gi`: room for `keep` backups and one more being
   * written.
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#resources
   */
  readonly size: string;
  /**
   * How the backup claim is mounted.
   * @default 'ReadWriteOnce'
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
   */
  readonly accessMode?: AccessMode;
  /**
   * Storage class of the backup claims; without `hostPath` it provisions them dynamically.
   * @default the cluster's default class
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/
   */
  readonly storageClassName?: string;
  /**
   * Name of the backup claim; in `perReplica` mode `-<ordinal>` is appended.
   * @default `<name>-backup`
   */
  readonly claimName?: string;
  /**
   * Static hostPath volumes for development clusters, prepared on the node like the data's;
   * in `perReplica` mode each claim gets `<path>/<ordinal>`.
   * @default dynamic provisioning
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
   */
  readonly hostPath?: HostPathStorageProps;
}

/**
 * Scheduled backups of a StatefulApi's data. The backup command is the service's own; it runs
 * in a "restricted" pod beside the service's pod (on the node that holds its claim), with
 *
 * - `DATA_DIR`: where the data claim is mounted (the service's `storage.mountPath`),
 * - `BACKUP_DIR`: where the backup claim is mounted,
 * - `BACKUP_KEEP`: how many backups to keep,
 *
 * and must write each backup under a temporary name in `BACKUP_DIR`, rename it when complete
 * (a failed run leaves no truncated backup under a final name), then delete all but the
 * newest `BACKUP_KEEP` (`ShellBackup` makes such a command from a shell line). The restore
 * command runs, with the service scaled to zero, with the same variables and `RESTORE_FROM`
 * (a backup's file name; empty: the newest).
 *
 * A command that goes through the running server instead (`backupThroughServer`,
 * `restoreThroughServer`: a dump over the network) gets no data mount and no `DATA_DIR`, but
 * `SERVER_HOST` and `SERVER_PORT`: the replica whose data it backs up or restores.
 */
export interface StatefulApiBackupProps {
  /**
   * The program that writes one backup, and its arguments.
   * @see https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/
   */
  readonly command: string[];
  /**
   * The program that restores a backup onto the data claim, and its arguments.
   * @see https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/
   */
  readonly restoreCommand: string[];
  /** Where the backups are kept. */
  readonly storage: StatefulApiBackupStorageProps;
  /**
   * Image of both commands, pinned to a tag or digest.
   * @default the service's image
   */
  readonly image?: string;
  /**
   * Name of the CronJob; in `perReplica` mode `-<ordinal>` is appended.
   * @default `<name>-backup`
   */
  readonly name?: string;
  /**
   * When backups run, in cron syntax.
   * @default '0 3 * * *' (03:00 every day)
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
   */
  readonly schedule?: string;
  /**
   * Time zone of the schedule, from the IANA database.
   * @default 'Etc/UTC'
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
   */
  readonly timeZone?: string;
  /**
   * How many backups to keep; older ones are deleted after each successful run.
   * @default 7
   */
  readonly keep?: number;
  /**
   * Mount the data claim read-only in the backup pod. Turn it off only for a service whose
   * consistent backup needs to write beside the data (SQLite's online backup takes the
   * database's locks, in its -shm file).
   * @default true
   */
  readonly readOnlyData?: boolean;
  /**
   * The backup command asks the running server for the backup over the network (such as
   * `pg_dump`, or `redis-cli --rdb`) rather than reading its files: the backup pod mounts no
   * data claim, so it runs on any node; it gets `SERVER_HOST` (the replica's DNS name; the
   * headless Service's with a shared claim) and `SERVER_PORT`, and the service's
   * NetworkPolicy admits it to the service's ports.
   * @default false
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   */
  readonly backupThroughServer?: boolean;
  /**
   * The restore command loads the backup through the running server over the network (such
   * as `pg_restore`), as `backupThroughServer` does: the restore pod mounts no data claim,
   * and the service stays up while it runs instead of being scaled to zero.
   * @default false
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   */
  readonly restoreThroughServer?: boolean;
  /**
   * Plain environment variables of both commands, besides the ones above.
   * @default none
   * @see https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/
   */
  readonly env?: EnvProps;
  /**
   * Requests and limits of the backup and restore containers.
   * @default requests 100m CPU, 128Mi memory, 64Mi ephemeral storage; limits 500m, 256Mi, 256Mi
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   */
  readonly resources?: ResourceProps;
  /**
   * Seconds a backup run may take, a Pending pod included (the service is down, or its node
   * is full), before it is stopped and marked failed.
   * @default 3600
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup
   */
  readonly activeDeadlineSeconds?: number;
}
