import { createHash, scryptSync } from 'crypto';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { StatefulApiProps } from './stateful-api-props';

/** @internal What one object adds to the pod template: volumes, mounts, env, annotations. */
export interface PodPart {
  /** Volumes of the pod. */
  readonly volumes?: k8s.Volume[];
  /** Where the container mounts them. */
  readonly mounts?: k8s.VolumeMount[];
  /** Environment variables of the container. */
  readonly env?: k8s.EnvVar[];
  /** Sources of environment variables (ConfigMaps, Secrets) of the container. */
  readonly envFrom?: k8s.EnvFromSource[];
  /** Annotations of the pod template, such as a checksum of the configuration that rolls the pods when it changes. */
  readonly annotations?: Record<string, string>;
}

/** @internal The pod parts merged, in order. */
export function mergeParts(parts: PodPart[]) {
  const all = <T>(pick: (part: PodPart) => T[] | undefined) => parts.flatMap((part) => pick(part) ?? []);
  const env = all((part) => part.env);
  const envFrom = all((part) => part.envFrom);
  const annotations = Object.assign({}, ...parts.map((part) => part.annotations));
  return {
    volumes: all((part) => part.volumes),
    volumeMounts: all((part) => part.mounts),
    env: env.length ? env : undefined,
    envFrom: envFrom.length ? envFrom : undefined,
    annotations: Object.keys(annotations).length ? annotations : undefined,
  };
}

/**
 * @internal
 * The ConfigMap: `data` as environment variables, `files` as files. With files, each setting
 * is its own variable (a key reference): `envFrom` would turn every file into a variable too.
 */
export function configMapPart(scope: Construct, props: StatefulApiProps, metadata: k8s.ObjectMeta): { configMap?: k8s.KubeConfigMap; part: PodPart } {
  const config = props.config;
  if (!config) return { part: {} };
  const data = { ...config.data, ...config.files };
  const configMap = new k8s.KubeConfigMap(scope, 'Config', { metadata, data });
  const name = configMap.name;
  const files = Object.keys(config.files ?? {});
  const env = files.length
    ? { env: Object.keys(config.data ?? {}).map((key) => ({ name: key, valueFrom: { configMapKeyRef: { name, key } } })) }
    : { envFrom: [{ configMapRef: { name } }] };
  const mountPath = config.mountPath ?? '';
  const mounts = !files.length ? [] : config.subPath
    ? files.map((file) => ({ name: 'config', mountPath: `${mountPath}/${file}`, subPath: file, readOnly: true }))
    : [{ name: 'config', mountPath, readOnly: true }];
  return {
    configMap,
    part: {
      ...env,
      volumes: files.length ? [{ name: 'config', configMap: { name, items: files.map((key) => ({ key, path: key })) } }] : [],
      mounts,
      annotations: { 'checksum/config': checksum(data) },
    },
  };
}

/**
 * @internal
 * The Secret (created when its data is given) mounted as files. Pods roll when the Secret's
 * content changes, as they would not on their own.
 */
export function secretPart(scope: Construct, props: StatefulApiProps, metadata: k8s.ObjectMeta,
  secretData: Record<string, string> | undefined): { secret?: k8s.KubeSecret; part: PodPart } {
  const secret = props.secret;
  if (!secret) return { part: {} };
  const created = secretData && new k8s.KubeSecret(scope, 'Secret', {
    metadata,
    type: 'Opaque',
    data: Object.fromEntries(Object.entries(secretData).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  });
  return {
    secret: created,
    part: {
      volumes: [{
        name: 'secrets',
        secret: { secretName: secret.name, items: secret.items?.map((key) => ({ key, path: key })), defaultMode: secret.defaultMode },
      }],
      mounts: [{ name: 'secrets', mountPath: secret.mountPath, readOnly: true }],
      annotations: secretData && { 'checksum/secret': secretChecksum(secretData, `${metadata.namespace}/${metadata.name}`) },
    },
  };
}

function checksum(data: Record<string, string>): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex');
}

/**
 * The Secret's checksum is readable by anyone who may read pods (the built-in "view" role may,
 * Secrets it may not): a fast hash of a short password is guessed offline, so it is stretched
 * with scrypt (Node's default cost, tens of milliseconds a guess), salted with the Secret's
 * namespace and name so that no table of guesses serves two Secrets.
 */
function secretChecksum(data: Record<string, string>, salt: string): string {
  return scryptSync(JSON.stringify(data), salt, 32).toString('hex');
}
