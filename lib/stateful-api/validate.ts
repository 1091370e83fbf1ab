import { parseQuantity } from '../quantities';
import { PropErrors } from '../prop-errors';
import { checkWorkloadProps } from '../workload/validate';
import { StatefulApiProps, StatefulApiStorageProps } from './stateful-api-props';
import { checkConfig, constructVolumes } from './validate-config';

/** @internal Checks every prop; problems go to `errors`. Reads nothing: Secret values are read apart. */
export function validate(errors: PropErrors, props: StatefulApiProps): void {
  checkWorkloadProps(errors, props, constructVolumes(props));
  if (props.statefulSetName !== undefined) errors.dnsLabel('statefulSetName', props.statefulSetName);
  // Pod names add "-<ordinal>" and the revision label a hash: Kubernetes advises at most 52.
  errors.check((props.statefulSetName ?? props.name).length <= 52, 'statefulSetName',
    'is longer than 52 characters', 'shorten it (or `name`)');
  if (props.serviceName !== undefined) errors.serviceName('serviceName', props.serviceName);
  if (props.clientService?.name !== undefined) errors.serviceName('clientService.name', props.clientService.name);
  errors.check(!props.clientService || (props.clientService.name ?? props.name) !== (props.serviceName ?? `${props.name}-headless`),
    'clientService.name', 'is the name of the headless Service', 'give the client Service another name');
  checkStorage(errors, props);
  checkConfig(errors, props);
}

function checkStorage(errors: PropErrors, props: StatefulApiProps): void {
  const storage = props.storage;
  const replicas = props.replicas ?? 1;
  const accessMode = storage.accessMode ?? 'ReadWriteOnce';
  errors.absolutePath('storage.mountPath', storage.mountPath);
  const shared = storage.mode === 'shared' || storage.existingClaim !== undefined;
  errors.check(!(shared && accessMode === 'ReadWriteOncePod' && replicas > 1),
    'storage.accessMode', `a shared ReadWriteOncePod claim can be used by one pod, not ${replicas}`,
    'use ReadWriteOnce or ReadWriteMany, or storage.mode perReplica');
  errors.check(!(shared && accessMode !== 'ReadWriteMany' && replicas > 1 && props.antiAffinity === 'hard'), 'antiAffinity',
    `'hard' puts every replica on its own node, but ${replicas} replicas share one ${accessMode} claim, which attaches to one node`,
    "use storage.mode perReplica or a ReadWriteMany class, or antiAffinity 'soft'");
  errors.check(!shared || storage.persistentVolumeClaimRetentionPolicy === undefined, 'storage.persistentVolumeClaimRetentionPolicy',
    'applies to claim templates only, and this storage is one shared claim', 'remove it, or use storage.mode perReplica');
  if (storage.existingClaim !== undefined) {
    errors.dnsLabel('storage.existingClaim', storage.existingClaim, 253);
    const made = (['size', 'hostPath', 'claimName', 'storageClassName'] as const).filter((key) => storage[key] !== undefined);
    errors.check(made.length === 0 && storage.mode !== 'perReplica', 'storage.existingClaim',
      `is set with ${[...made, ...storage.mode === 'perReplica' ? ['mode perReplica'] : []].join(', ')}, which describe a claim this construct makes`,
      'remove those, or remove existingClaim to let the construct make the claims');
    return;
  }
  errors.check(storage.size !== undefined, 'storage.size', 'is required', "give the size each claim requests, such as '3Gi', or an existingClaim");
  checkClaimStorage(errors, 'storage', storage);
  if (storage.hostPath?.node !== undefined) validateVolumeNodes(errors, props, [storage.hostPath.node].flat());
}

/**
 * @internal
 * Checks a claim this construct makes (the data's at `storage`, the backups' at
 * `backup.storage`): its size, name, and the static volume it binds to.
 */
export function checkClaimStorage(
  errors: PropErrors, prefix: string,
  storage: Pick<StatefulApiStorageProps, 'size' | 'claimName' | 'accessMode' | 'storageClassName' | 'hostPath'>,
): void {
  const accessMode = storage.accessMode ?? 'ReadWriteOnce';
  if (storage.size !== undefined) errors.quantity(`${prefix}.size`, storage.size);
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
  const size = storage.size === undefined ? undefined : parseQuantity(storage.size);
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

/** The nodes of static volumes: label values, one for a shared claim, distinct under 'hard' anti-affinity. */
function validateVolumeNodes(errors: PropErrors, props: StatefulApiProps, nodes: string[]): void {
  const replicas = props.replicas ?? 1;
  errors.check(nodes.length > 0, 'storage.hostPath.node', 'is an empty list', 'name the node that holds the directories, or remove the prop');
  if (nodes.length === 0) return;
  for (const node of nodes) {
    errors.check(node.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(node), 'storage.hostPath.node',
      `'${node}' cannot be a node's kubernetes.io/hostname label`, "use the node's name as `kubectl get nodes` shows it");
  }
  const distinct = new Set(nodes).size;
  errors.check(props.storage.mode !== 'shared' || distinct <= 1, 'storage.hostPath.node',
    `a shared claim has one volume, on one node, not on ${distinct}`, 'name one node, or use storage.mode perReplica');
  const placed = Array.from({ length: replicas }, (_, i) => nodes[i % nodes.length]);
  errors.check(!(props.storage.mode !== 'shared' && props.antiAffinity === 'hard' && new Set(placed).size < replicas), 'storage.hostPath.node',
    `antiAffinity 'hard' allows one replica per node, but the volumes put ${replicas} replicas on ${new Set(placed).size} node(s)`,
    "list one distinct node per replica, or use antiAffinity 'soft'");
}
