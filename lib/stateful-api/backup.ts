import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { HostPathVolume } from '../host-path-volume';
import { PropErrors } from '../prop-errors';
import { JobClaimMount, RestrictedJob, ScheduledJob } from '../scheduled-job';
import { PodSecurityProps, PullPolicy } from '../workload';
import { workloadLabels } from '../workload/labels';
import { StatefulApiBackupProps } from './backup-props';
import { claimSpec, volumeNode } from './storage';
import { checkClaimStorage } from './validate';

/** Where the backup claim is mounted in the backup and restore pods. */
const BACKUP_DIR = '/backups';
/** Backups kept when `keep` is not given (its documented default). */
const DEFAULT_KEEP = 7;

/** @internal What a backup needs to know of its service. */
export interface BackupTarget {
  /** The service's name, which the backup objects' default names start with. */
  readonly name: string;
  /** The namespace of the service and of its backup objects. */
  readonly namespace: string;
  /** The service's image, which the backup and restore pods run unless the backup's props name another. */
  readonly image: string;
  /** The service's pull policy for that image. */
  readonly imagePullPolicy?: PullPolicy;
  /** The service's pod security settings, so the backup pods can read and write its files. */
  readonly securityContext?: PodSecurityProps;
  /** The `app.kubernetes.io/part-of` label value of the service. */
  readonly partOf?: string;
  /** Where the service mounts its data claim; the backup pods mount it at the same path. */
  readonly dataMountPath: string;
  /** The service's main port. */
  readonly port: number;
  /** Each data claim, the labels of the pod that mounts it, and the DNS name that reaches that pod's server. */
  readonly claims: { readonly claimName: string; readonly podLabels: Record<string, string>; readonly serverHost: string }[];
  /** Admits pods with these labels to the service's ports (its NetworkPolicy). */
  readonly admit: (podLabels: Record<string, string>) => void;
}

/**
 * Scheduled backups of a StatefulApi's claims (made by `StatefulApi.addBackup`): for each data
 * claim a backup claim and a CronJob that runs the backup command beside the pod that mounts
 * the data (or anywhere, through the server), and, on demand, a Job that restores one.
 */
export class StatefulApiBackup extends Construct {
  /** One per data claim, in ordinal order. */
  readonly scheduledJobs: ScheduledJob[];
  /** The backup claims, one per data claim. */
  readonly claims: k8s.KubePersistentVolumeClaim[];
  /** Static volumes of the backup claims; empty with dynamic provisioning. */
  readonly volumes: HostPathVolume[];

  private readonly props: StatefulApiBackupProps;
  private readonly target: BackupTarget;

  /** @internal */
  constructor(scope: Construct, id: string, props: StatefulApiBackupProps, target: BackupTarget) {
    super(scope, id);
    const errors = new PropErrors(`StatefulApi '${scope.node.path}' backup`);
    const name = props.name ?? `${target.name}-backup`;
    // Checked here with its longest suffix; the CronJobs check the rest of the job's props.
    errors.dnsLabel('name', `${name}${target.claims.length > 1 ? `-${target.claims.length - 1}` : ''}`, 52);
    errors.check(props.command.length > 0, 'command', 'is empty', 'give the program that writes one backup, and its arguments');
    errors.check(props.restoreCommand.length > 0, 'restoreCommand', 'is empty', 'give the program that restores one backup, and its arguments');
    const keep = props.keep ?? DEFAULT_KEEP;
    errors.check(Number.isInteger(keep) && keep >= 1, 'keep', `${props.keep} is not a number of backups`,
      'use a whole number of 1 or more, such as 7');
    errors.check(!(props.backupThroughServer && props.readOnlyData === false), 'readOnlyData',
      'is false, but with backupThroughServer the backup pod mounts no data claim', 'leave readOnlyData unset');
    checkClaimStorage(errors, 'storage', props.storage);
    errors.throwIfAny();
    this.props = props;
    this.target = target;

    const storage = props.storage;
    const labels = workloadLabels({ name, partOf: target.partOf, image: props.image ?? target.image }, 'backup').stable;
    this.volumes = [];
    this.claims = target.claims.map((_, ordinal) => {
      const claimName = this.perClaim(storage.claimName ?? name, ordinal);
      const hostPath = storage.hostPath;
      const volume = hostPath && new HostPathVolume(this, `Volume${ordinal}`, {
        name: this.perClaim(hostPath.volumeName ?? `${name}-volume`, ordinal),
        path: target.claims.length > 1 ? `${hostPath.path}/${ordinal}` : hostPath.path,
        capacity: hostPath.capacity,
        storageClassName: hostPath.storageClassName ?? storage.storageClassName!,
        accessModes: hostPath.accessModes ?? [storage.accessMode ?? 'ReadWriteOnce'],
        claim: { name: claimName, namespace: target.namespace },
        labels,
        node: volumeNode(hostPath, ordinal),
      });
      if (volume) this.volumes.push(volume);
      return new k8s.KubePersistentVolumeClaim(this, `Claim${ordinal}`, {
        metadata: { name: claimName, namespace: target.namespace, labels },
        spec: { ...claimSpec(storage), volumeName: volume?.name },
      });
    });
    this.scheduledJobs = target.claims.map((claim, ordinal) => new ScheduledJob(this, `CronJob${ordinal}`, {
      ...this.jobProps(ordinal, 'backup'),
      name: this.perClaim(name, ordinal),
      command: props.command,
      schedule: props.schedule ?? '0 3 * * *',
      timeZone: props.timeZone ?? 'Etc/UTC',
      // The data claim may be ReadWriteOnce: only a pod on the node of the pod that holds it can mount it.
      runBeside: props.backupThroughServer ? undefined : claim.podLabels,
      activeDeadlineSeconds: props.activeDeadlineSeconds,
    }));
    // Through the server: the jobs' pods are its clients. Admitted here, with the restore Jobs not yet made.
    target.claims.forEach((_, ordinal) => {
      if (props.backupThroughServer) target.admit({ app: this.perClaim(name, ordinal) });
      if (props.restoreThroughServer) target.admit({ app: this.restoreName(ordinal) });
    });
  }

  /**
   * A Job that restores a backup onto the data claim of replica `ordinal` (0 in `shared`
   * mode), newest first unless `RESTORE_FROM` names one. Add it to a chart of its own, synthesized
   * to a file applied only to restore, with the service scaled to zero: the Job writes the data
   * claim while no pod of the service uses it. With `restoreThroughServer` the service stays
   * up: the Job loads the backup through it.
   * @see https://kubernetes.io/docs/tasks/run-application/scale-stateful-set/
   */
  restoreJob(scope: Construct, id: string, ordinal = 0): RestrictedJob {
    const count = this.target.claims.length;
    if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= count) {
      throw new RangeError(`restoreJob: ordinal ${ordinal} is not one of the data claims (0 to ${count - 1})`);
    }
    const props = this.jobProps(ordinal, 'restore');
    return new RestrictedJob(scope, id, {
      ...props,
      name: this.restoreName(ordinal),
      command: this.props.restoreCommand,
      env: { ...props.env, RESTORE_FROM: '' },
      // One try: a failed restore is looked into before it runs again.
      backoffLimit: 0,
    });
  }

  /**
   * The restore Jobs of every data claim (`restoreJob` for each ordinal), in `scope`: a chart of
   * their own, as for `restoreJob`.
   */
  restoreJobs(scope: Construct): RestrictedJob[] {
    return this.scheduledJobs.map((_, ordinal) => this.restoreJob(scope, `Restore${ordinal}`, ordinal));
  }

  private restoreName(ordinal: number): string {
    return this.perClaim(`${this.target.name}-restore`, ordinal);
  }

  /** `base`, with `-<ordinal>` when there is a claim per replica. */
  private perClaim(base: string, ordinal: number): string {
    return this.target.claims.length > 1 ? `${base}-${ordinal}` : base;
  }

  /**
   * What the backup and the restore pods of data claim `ordinal` share. A backup reads the
   * data (read-only where the service allows) and writes the backups; a restore the reverse.
   * Through the server, the pod reaches the replica's server instead of its data claim.
   */
  private jobProps(ordinal: number, task: 'backup' | 'restore') {
    const { props, target } = this;
    const throughServer = task === 'backup' ? props.backupThroughServer : props.restoreThroughServer;
    const data: { env: Record<string, string>; claims: JobClaimMount[] } = throughServer
      ? { env: { SERVER_HOST: target.claims[ordinal].serverHost, SERVER_PORT: String(target.port) }, claims: [] }
      : {
        env: { DATA_DIR: target.dataMountPath },
        claims: [{ claimName: target.claims[ordinal].claimName, mountPath: target.dataMountPath, readOnly: task === 'backup' && (props.readOnlyData ?? true) }],
      };
    return {
      namespace: target.namespace,
      image: props.image ?? target.image,
      imagePullPolicy: target.imagePullPolicy,
      containerName: task,
      securityContext: target.securityContext,
      partOf: target.partOf,
      resources: props.resources,
      env: { ...props.env, ...data.env, BACKUP_DIR, BACKUP_KEEP: String(props.keep ?? DEFAULT_KEEP) },
      claims: [...data.claims, { claimName: this.claims[ordinal].name!, mountPath: BACKUP_DIR, readOnly: task === 'restore' }],
    };
  }
}
