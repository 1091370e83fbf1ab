import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { imageReference, loadValues, remindMeApp } from '../../charts';
import { ACCESS_MODES, PULL_POLICIES, STORAGE_MODES } from '../../lib/index';
import { Manifest, only, synth } from '../support/manifests';

const dir = mkdtempSync(join(tmpdir(), 'values-'));
function overlay(name: string, yaml: string): string {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

describe('loadValues', () => {
  test('without an overlay gives the chapter\'s values', () => {
    const values = loadValues();
    expect(values.namespace).toBe('default');
    expect(values.api).toMatchObject({ replicas: 3, dbPath: '/data/reminder.db' });
    expect(values.api.storage).toEqual({
      mode: 'shared', size: '3Gi', accessMode: 'ReadWriteOnce', storageClassName: 'hostpath',
      hostPath: { path: '/data', capacity: '10Gi' },
    });
    expect(values.web).toMatchObject({ replicas: 2, nodePort: 31120 });
  });

  test('merges an overlay key by key, and null removes a key', () => {
    // GIVEN an overlay that changes two leaves and removes the static volume
    const values = loadValues(overlay('prod.yaml', 'api:\n  replicas: 5\n  storage:\n    hostPath: null\nweb:\n  image:\n    tag: 2.0.1\n'));
    // THEN only those keys change
    expect(values.api.replicas).toBe(5);
    expect(values.api.storage.hostPath).toBeUndefined();
    expect(values.api.storage.size).toBe('3Gi');
    expect(values.web.image).toEqual({ registry: '', repository: 'remind-me-web', tag: '2.0.1', pullPolicy: 'IfNotPresent' });
  });

  test('a null nodePort lets Kubernetes choose one', () => {
    expect(loadValues(overlay('any-port.yaml', 'web:\n  nodePort: null\n')).web.nodePort).toBeUndefined();
  });

  test('names the file and every wrong key of an overlay', () => {
    const file = overlay('typo.yaml', 'api:\n  replicaz: 2\n  replicas: three\n  storage:\n    mode: everywhere\n');
    expect(() => loadValues(file)).toThrow(new RegExp(
      `${file}: invalid values:[\\s\\S]*/api must NOT have additional properties: replicaz`
      + '[\\s\\S]*/api/replicas must be integer[\\s\\S]*/api/storage/mode must be equal to one of the allowed values: shared, perReplica'));
  });

  test('reports a missing overlay file and broken YAML clearly', () => {
    expect(() => loadValues(join(dir, 'absent.yaml'))).toThrow(/absent.yaml: cannot be read \(ENOENT\). Fix: check REMIND_ME_CONFIG/);
    expect(() => loadValues(overlay('broken.yaml', 'api: [\n'))).toThrow(/broken.yaml: is not valid YAML/);
  });
});

describe('the values schema and the constructs agree on every list', () => {
  // Each list: where it sits in the values, and where the constructs put the value.
  const lists: [string, readonly string[], (manifests: Manifest[]) => unknown][] = [
    ['api.storage.accessMode', ACCESS_MODES, (m) => only(m, 'PersistentVolumeClaim').spec.accessModes[0]],
    ['api.storage.mode', STORAGE_MODES, (m) => only(m, 'StatefulSet').spec.volumeClaimTemplates ? 'perReplica' : 'shared'],
    ['api.image.pullPolicy', PULL_POLICIES, (m) => only(m, 'StatefulSet').spec.template.spec.containers[0].imagePullPolicy],
  ];
  /** An overlay that sets one dotted key, with one replica so that every access mode is allowed. */
  const overlaySetting = (key: string, value: string) => {
    const tree = key.split('.').reduceRight<unknown>((inner, part) => ({ [part]: inner }), value) as { api: object };
    return overlay(`${key}-${value}.yaml`, stringify({ ...tree, api: { ...tree.api, replicas: 1 } }));
  };

  test.each(lists)('%s allows exactly the constructs\' values', (key, list) => {
    expect(() => loadValues(overlaySetting(key, 'Sometimes')))
      .toThrow(`/${key.replace(/\./g, '/')} must be equal to one of the allowed values: ${list.join(', ')}`);
  });

  test.each(lists.flatMap(([key, list, landsAt]) => list.map((value) => [key, value, landsAt] as const)))(
    '%s %s synthesizes and reaches the manifests', (key, value, landsAt) => {
      const { apiChart } = remindMeApp(loadValues(overlaySetting(key, value)));
      expect(landsAt(synth(apiChart))).toBe(value);
    });
});

describe('imageReference', () => {
  const image = { registry: '', repository: 'remind-me-api', pullPolicy: 'IfNotPresent' as const };
  test.each([
    [{ ...image, tag: '1.2.3' }, undefined, 'remind-me-api:1.2.3'],
    [image, '1.0.0', 'remind-me-api:1.0.0'],
    [{ ...image, registry: 'registry.example.com:5000/team' }, '1.0.0', 'registry.example.com:5000/team/remind-me-api:1.0.0'],
    [{ ...image, tag: 'sha256:abc' }, '1.0.0', 'remind-me-api@sha256:abc'],
    [image, undefined, 'remind-me-api'],
  ])('%j with default tag %s is %s', (values, defaultTag, expected) => {
    expect(imageReference(values, defaultTag)).toBe(expected);
  });
});
