import { isUnder, PropErrors } from '../prop-errors';
import { writablePathVolumeName, writablePaths } from './volumes';
import { EmptyDirProps } from './volume-props';
import { PodVolumeProps } from './workload-props';

/**
 * @internal
 * Checks `volumes` and `writablePaths` against each other and the construct's own volumes
 * (`constructVolumes`: name and mount path); returns every volume name of the pod.
 */
export function checkVolumes(errors: PropErrors, props: PodVolumeProps, constructVolumes: { name: string; mountPath?: string }[]): string[] {
  const names = ['tmp', ...constructVolumes.map((volume) => volume.name)];
  const claim = (name: string, prop: string) => {
    errors.dnsLabel(prop, name);
    errors.check(!names.includes(name), prop, `the volume name '${name}' is used twice in the pod`,
      `choose another name (taken: ${names.join(', ')})`);
    names.push(name);
  };
  writablePaths(props).forEach((entry, index) => {
    const prop = `writablePaths[${index}]`;
    errors.absolutePath(prop, entry.path);
    errors.check(entry.path !== '/' && entry.path !== '/tmp', prop, `'${entry.path}' cannot be a writable path`,
      'name a directory below "/" (/tmp is always writable)');
    for (const own of constructVolumes.filter((volume) => volume.mountPath !== undefined)) {
      errors.check(!isUnder(entry.path, own.mountPath!) && !isUnder(own.mountPath!, entry.path), prop,
        `'${entry.path}' overlaps the ${own.name} volume mounted at '${own.mountPath}'`,
        `choose a path outside '${own.mountPath}' (it is already mounted there)`);
    }
    claim(writablePathVolumeName(entry.path), prop);
    checkEmptyDir(errors, prop, entry);
  });
  (props.volumes ?? []).forEach((volume, index) => {
    const prop = `volumes[${index}]`;
    claim(volume.name, `${prop}.name`);
    const types = (['emptyDir', 'configMap', 'secret', 'projected'] as const).filter((type) => volume[type] !== undefined);
    errors.check(types.length === 1, prop, `has ${types.length ? types.join(' and ') : 'no type'}`,
      'set exactly one of emptyDir, configMap, secret and projected');
    if (volume.emptyDir) checkEmptyDir(errors, `${prop}.emptyDir`, volume.emptyDir);
    for (const [key, mode] of [['configMap', volume.configMap?.defaultMode], ['secret', volume.secret?.defaultMode],
      ['projected', volume.projected?.defaultMode]] as const) {
      errors.fileMode(`${prop}.${key}.defaultMode`, mode);
    }
    (volume.projected?.sources ?? []).forEach((source, sourceIndex) => {
      const count = Object.values(source).filter((value) => value !== undefined).length;
      errors.check(count === 1, `${prop}.projected.sources[${sourceIndex}]`, `has ${count} sources`,
        'set exactly one of configMap, secret, downwardApi and serviceAccountToken');
    });
  });
  return names;
}

function checkEmptyDir(errors: PropErrors, prop: string, emptyDir: EmptyDirProps): void {
  if (emptyDir.sizeLimit !== undefined) errors.quantity(`${prop}.sizeLimit`, emptyDir.sizeLimit);
}
