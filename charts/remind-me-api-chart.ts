import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { apiImageContract } from './image-contracts';
import { RestrictedNamespace, SecretValue, StatefulApi, StatefulApiBackup } from '@remind-me/cdk8s-constructs';
import { imageReference } from './image-reference';
import { BackupValues, Values } from './values';

/** Where the chapter mounts the persistent volume; `dbPath` must lie under it. */
const DATA_DIR = '/data';

/** The chapter's `servicespec`: the reminder API as a StatefulSet with its storage and Secret. */
export class RemindMeApiChart extends Chart {
  readonly statefulApi: StatefulApi;
  /** The nightly backup, when the values turn it on. */
  readonly backup?: StatefulApiBackup;

  constructor(scope: Construct, id: string, values: Values) {
    super(scope, id);
    const { api: apiValues, namespace } = values;
    if (namespace !== 'default') new RestrictedNamespace(this, 'Namespace', { name: namespace });

    this.statefulApi = new StatefulApi(this, 'Api', {
      name: 'remindmeapi',
      statefulSetName: 'remindmeapi-statefulset',
      serviceName: 'remind-me-api-svc',
      containerName: 'backend',
      namespace,
      clusterDomain: values.clusterDomain,
      partOf: 'remind-me',
      image: imageReference(apiValues.image, apiImageContract.imageTag),
      imagePullPolicy: apiValues.image.pullPolicy,
      port: apiImageContract.port,
      replicas: apiValues.replicas,
      resources: apiValues.resources,
      probes: { readinessPath: apiImageContract.readinessPath, livenessPath: apiImageContract.livenessPath },
      securityContext: { runAsUser: apiImageContract.uid, runAsGroup: apiImageContract.gid, fsGroup: apiImageContract.gid },
      config: {
        name: 'remind-me-api-config',
        data: { API_VERSION: 'v1', ENVIRONMENT: apiValues.environment },
      },
      secret: {
        name: apiValues.existingSecret ?? 'api-secret',
        mountPath: `${apiImageContract.contentRoot}/${apiImageContract.secretsDir}`,
        data: apiValues.existingSecret ? undefined : {
          [apiImageContract.secretsFile]: SecretValue.fromLiteral(JSON.stringify({ dbPath: apiValues.dbPath })),
        },
      },
      persistentPaths: { dbPath: apiValues.dbPath },
      storage: {
        mode: apiValues.storage.mode,
        mountPath: DATA_DIR,
        size: apiValues.storage.size,
        accessMode: apiValues.storage.accessMode,
        storageClassName: apiValues.storage.storageClassName,
        claimName: 'remind-me-api-pv-claim',
        hostPath: apiValues.storage.hostPath && {
          path: apiValues.storage.hostPath.path,
          capacity: apiValues.storage.hostPath.capacity,
          node: apiValues.storage.hostPath.nodes,
          volumeName: 'remind-me-api-pv-volume',
        },
      },
    });
    if (apiValues.backup) this.backup = this.addBackup(apiValues.backup, apiValues.dbPath);
  }

  /**
   * The API image's own backup command (api/src/backup.ts): SQLite's online backup of the
   * database the settings name, so the data claim is mounted read-write (SQLite takes its
   * locks in the database's -shm file).
   */
  private addBackup(backup: BackupValues, dbPath: string): StatefulApiBackup {
    const command = ['node', apiImageContract.backupEntryPoint];
    return this.statefulApi.addBackup({
      command: [...command, 'backup', ...(backup.gzip ? ['--gzip'] : [])],
      restoreCommand: [...command, 'restore'],
      schedule: backup.schedule,
      timeZone: backup.timeZone,
      keep: backup.keep,
      readOnlyData: false,
      env: { dbPath },
      storage: {
        size: backup.storage.size,
        storageClassName: backup.storage.storageClassName,
        claimName: 'remind-me-api-backup-claim',
        hostPath: backup.storage.hostPath && { ...backup.storage.hostPath, volumeName: 'remind-me-api-backup-volume' },
      },
    });
  }
}
