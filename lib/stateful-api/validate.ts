import { parseQuantity } from '../checks';
import { isUnder, PropErrors } from '../prop-errors';
import { checkWorkloadProps } from '../workload/validate';
import { StatefulApiProps, StatefulApiStorageProps } from './stateful-api-props';

/** @internal Checks every prop; problems go to `errors`. Reads nothing: Secret values are read apart. */
export function validate(errors: PropErrors, props: StatefulApiProps): void {
  checkWorkloadProps(errors, props);
  const replicas = props.replicas ?? 1;
  if (props.statefulSetName !== undefined) errors.dnsLabel('statefulSetName', props.statefulSetName);
  // Pod names add "-<ordinal>" and the revision label a hash: Kubernetes advises at most 52.
  errors.check((props.statefulSetName ?? props.name).length <= 52, 'statefulSetName',
    'is longer than 52 characters', 'shorten it (or `name`)');
  if (props.serviceName !== undefined) errors.serviceName('serviceName', props.serviceName);
  if (props.config?.name !== undefined) errors.dnsLabel('config.name', props.config.name);

  const storage = props.storage;
  const accessMode = storage.accessMode ?? 'ReadWriteOnce';
  errors.absolutePath('storage.mountPath', storage.mountPath);
  checkClaimStorage(errors, 'storage', storage);
  errors.check(!(storage.mode === 'shared' && accessMode === 'ReadWriteOncePod' && replicas > 1),
    'storage.accessMode', `a shared ReadWriteOncePod claim can be used by one pod, not ${replicas}`,
    'use ReadWriteOnce or ReadWriteMany, or storage.mode perReplica');

  for (const [setting, path] of Object.entries(props.persistentPaths ?? {})) {
    errors.check(isUnder(path, storage.mountPath) && !isUnder(storage.mountPath, path), `persistentPaths.${setting}`,
      `'${path}' is not on the persistent volume mounted at '${storage.mountPath}', so it is lost when the pod restarts`,
      `move it under '${storage.mountPath}/' or change storage.mountPath`);
  }

  const secret = props.secret;
  if (secret) {
    errors.dnsLabel('secret.name', secret.name, 253);
    errors.absolutePath('secret.mountPath', secret.mountPath);
    errors.check(!isUnder(secret.mountPath, storage.mountPath) && !isUnder(storage.mountPath, secret.mountPath),
      'secret.mountPath', `'${secret.mountPath}' overlaps the data volume at '${storage.mountPath}'`,
      'mount the Secret and the data in separate directories');
    // An existing Secret's keys are unknown here; only a Secret this construct creates is checked.
    const keys = Object.keys(secret.data ?? {});
    for (const item of secret.data ? secret.items ?? [] : []) {
      errors.check(keys.includes(item), 'secret.items', `key '${item}' does not exist in the Secret '${secret.name}' `
        + `(it has: ${keys.join(', ') || 'no keys'})`, `add '${item}' to secret.data or remove it from secret.items`);
    }
  }
}

/**
 * @internal
 * Checks a claim's storage (the data's at `storage`, the backups' at `backup.storage`): its
 * size, name, and the static volume it binds to.
 */
export function checkClaimStorage(
  errors: PropErrors, prefix: string,
  storage: Pick<StatefulApiStorageProps, 'size' | 'claimName' | 'accessMode' | 'storageClassName' | 'hostPath'>,
): void {
  const accessMode = storage.accessMode ?? 'ReadWriteOnce';
  errors.quantity(`${prefix}.size`, storage.size);
  if (storage.claimName !== undefined) errors.dnsLabel(`${prefix}.claimName`, storage.claimName);
  const hostPath = storage.hostPath;
  if (!hostPath) return;
  errors.absolutePath(`${prefix}.hostPath.path`, hostPath.path);
  errors.quantity(`${prefix}.hostPath.capacity`, hostPath.capacity);
  if (hostPath.volumeName !== undefined) errors.dnsLabel(`${prefix}.hostPath.volumeName`, hostPath.volumeName);
  errors.check(storage.storageClassName !== undefined, `${prefix}.storageClassName`,
    'is required with static hostPath volumes, or the default class is stamped on the claim and it never binds',
    'set the class the volumes carry, such as "hostpath"');
  const capacity = parseQuantity(hostPath.capacity);
  const size = parseQuantity(storage.size);
  errors.check(capacity === undefined || size === undefined || size <= capacity, `${prefix}.size`,
    `the claim asks for ${storage.size} but its static volume offers only ${hostPath.capacity}`,
    `lower ${prefix}.size or raise ${prefix}.hostPath.capacity`);
  errors.check(hostPath.storageClassName === undefined || hostPath.storageClassName === storage.storageClassName,
    `${prefix}.hostPath.storageClassName`,
    `the volume's class '${hostPath.storageClassName}' differs from the claim's '${storage.storageClassName}', so it never binds`,
    `use the same class for both, or leave ${prefix}.hostPath.storageClassName unset`);
  errors.check(hostPath.accessModes === undefined || hostPath.accessModes.includes(accessMode),
    `${prefix}.hostPath.accessModes`, `the volume offers ${hostPath.accessModes?.join(', ')} but the claim asks for ${accessMode}`,
    `add ${accessMode} to ${prefix}.hostPath.accessModes or change ${prefix}.accessMode`);
}
