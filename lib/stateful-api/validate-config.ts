import { isUnder, PropErrors } from '../prop-errors';
import { StatefulApiProps } from './stateful-api-props';

/** @internal The volumes the construct itself adds to the pod, with where the main container mounts them. */
export function constructVolumes(props: StatefulApiProps): { name: string; mountPath?: string }[] {
  const config = props.config;
  return [
    ...config?.files ? [{ name: 'config', mountPath: config.mountPath }] : [],
    ...props.secret ? [{ name: 'secrets', mountPath: props.secret.mountPath }] : [],
    { name: props.storage.claimName ?? `${props.name}-data`, mountPath: props.storage.mountPath },
  ];
}

/** @internal Checks the ConfigMap, the Secret and the persistent paths against the data volume. */
export function checkConfig(errors: PropErrors, props: StatefulApiProps): void {
  const storage = props.storage;
  for (const [setting, path] of Object.entries(props.persistentPaths ?? {})) {
    errors.check(isUnder(path, storage.mountPath) && !isUnder(storage.mountPath, path), `persistentPaths.${setting}`,
      `'${path}' is not on the persistent volume mounted at '${storage.mountPath}', so it is lost when the pod restarts`,
      `move it under '${storage.mountPath}/' or change storage.mountPath`);
  }
  const separate = (prop: string, path: string, what: string, other: string, otherPath: string) =>
    errors.check(!isUnder(path, otherPath) && !isUnder(otherPath, path), prop, `'${path}' overlaps the ${other} at '${otherPath}'`,
      `mount the ${what} and the ${other} in separate directories`);

  const secret = props.secret;
  if (secret) {
    errors.dnsLabel('secret.name', secret.name, 253);
    errors.absolutePath('secret.mountPath', secret.mountPath);
    errors.fileMode('secret.defaultMode', secret.defaultMode);
    separate('secret.mountPath', secret.mountPath, 'Secret', 'data volume', storage.mountPath);
    // An existing Secret's keys are unknown here; only a Secret this construct creates is checked.
    const keys = Object.keys(secret.data ?? {});
    for (const item of secret.data ? secret.items ?? [] : []) {
      errors.check(keys.includes(item), 'secret.items', `key '${item}' does not exist in the Secret '${secret.name}' `
        + `(it has: ${keys.join(', ') || 'no keys'})`, `add '${item}' to secret.data or remove it from secret.items`);
    }
  }

  const config = props.config;
  if (!config) return;
  if (config.name !== undefined) errors.dnsLabel('config.name', config.name);
  const files = Object.keys(config.files ?? {});
  for (const key of [...Object.keys(config.data ?? {}), ...files]) {
    errors.check(/^[-._a-zA-Z0-9]{1,253}$/.test(key), `config.${files.includes(key) ? 'files' : 'data'}.${key}`,
      'is not a ConfigMap key', 'use letters, digits, "-", "_" and "."');
  }
  for (const key of files.filter((file) => config.data?.[file] !== undefined)) {
    errors.check(false, `config.files.${key}`, 'is also a key of config.data: one ConfigMap holds both', 'rename one of them');
  }
  errors.check(files.length === 0 || config.mountPath !== undefined, 'config.mountPath', 'is required with config.files',
    "name the directory the files appear in, such as '/etc/redis'");
  errors.check(files.length > 0 || (config.mountPath === undefined && config.subPath === undefined), 'config.mountPath',
    'is set without config.files', 'add the files, or remove config.mountPath and config.subPath');
  if (config.mountPath !== undefined && files.length) {
    errors.absolutePath('config.mountPath', config.mountPath);
    separate('config.mountPath', config.mountPath, 'ConfigMap files', 'data volume', storage.mountPath);
    if (secret) separate('config.mountPath', config.mountPath, 'ConfigMap files', 'Secret', secret.mountPath);
  }
}
