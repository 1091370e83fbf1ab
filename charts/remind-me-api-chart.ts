import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { apiImageContract } from '../api/src/image-contract';
import { RestrictedNamespace, SecretValue, StatefulApi } from '../lib';
import { imageReference, Values } from './values';

/** Where the chapter mounts the persistent volume; `dbPath` must lie under it. */
const DATA_DIR = '/data';

/** The chapter's `servicespec`: the reminder API as a StatefulSet with its storage and Secret. */
export class RemindMeApiChart extends Chart {
  readonly api: StatefulApi;

  constructor(scope: Construct, id: string, values: Values) {
    super(scope, id);
    const { api: settings, namespace } = values;
    if (namespace !== 'default') new RestrictedNamespace(this, 'Namespace', { name: namespace });

    this.api = new StatefulApi(this, 'Api', {
      name: 'remindmeapi',
      statefulSetName: 'remindmeapi-statefulset',
      serviceName: 'remind-me-api-svc',
      containerName: 'backend',
      namespace,
      clusterDomain: values.clusterDomain,
      partOf: 'remind-me',
      image: imageReference(settings.image, apiImageContract.imageTag),
      imagePullPolicy: settings.image.pullPolicy,
      port: apiImageContract.port,
      replicas: settings.replicas,
      resources: settings.resources,
      probes: { readinessPath: apiImageContract.readinessPath, livenessPath: apiImageContract.livenessPath },
      securityContext: { runAsUser: apiImageContract.uid, runAsGroup: apiImageContract.gid, fsGroup: apiImageContract.gid },
      config: {
        name: 'remind-me-api-config',
        data: { API_VERSION: 'v1', ENVIRONMENT: settings.environment },
      },
      secret: {
        name: settings.existingSecret ?? 'api-secret',
        mountPath: `${apiImageContract.contentRoot}/${apiImageContract.secretsDir}`,
        data: settings.existingSecret ? undefined : {
          [apiImageContract.secretsFile]: SecretValue.fromLiteral(JSON.stringify({ dbPath: settings.dbPath })),
        },
      },
      persistentPaths: { dbPath: settings.dbPath },
      storage: {
        mode: settings.storage.mode,
        mountPath: DATA_DIR,
        size: settings.storage.size,
        accessMode: settings.storage.accessMode,
        storageClassName: settings.storage.storageClassName,
        claimName: 'remind-me-api-pv-claim',
        hostPath: settings.storage.hostPath && { ...settings.storage.hostPath, volumeName: 'remind-me-api-pv-volume' },
      },
    });
  }
}
