import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The Kubernetes API versions whose schemas ship beside this repository. */
export const KUBERNETES_VERSIONS = ['v1.27.0', 'v1.35.0'] as const;
export type KubernetesVersion = typeof KUBERNETES_VERSIONS[number];

const SCHEMA_DIR = join(__dirname, '..', '..', '..', 'shared', 'k8s-schemas');

interface Definition {
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

/**
 * Validates manifests against one Kubernetes version's OpenAPI definitions. Every object
 * definition is closed (`additionalProperties: false`), so an unknown or misspelt field fails,
 * as `kubectl apply --validate=strict` would.
 */
export class KubernetesSchema {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly refs = new Map<string, string>();
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly version: KubernetesVersion) {
    const file = join(SCHEMA_DIR, version, '_definitions.json');
    const { definitions } = JSON.parse(readFileSync(file, 'utf8')) as { definitions: Record<string, Definition> };
    for (const [name, definition] of Object.entries(definitions)) {
      if (definition.properties && definition.additionalProperties === undefined) {
        definition.additionalProperties = false;
      }
      for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
        const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
        this.refs.set(`${apiVersion}/${gvk.kind}`, name);
      }
    }
    addFormats(this.ajv);
    for (const format of ['int32', 'int64', 'double']) this.ajv.addFormat(format, true);
    this.ajv.addSchema({ definitions }, 'k8s');
  }

  /** The problems of one manifest, empty when it is valid. */
  errorsOf(manifest: { apiVersion: string; kind: string }): string[] {
    const key = `${manifest.apiVersion}/${manifest.kind}`;
    const ref = this.refs.get(key);
    if (!ref) return [`${key} is not a kind of Kubernetes ${this.version}`];
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.getSchema(`k8s#/definitions/${ref}`)!;
      this.validators.set(ref, validate);
    }
    if (validate(manifest)) return [];
    return (validate.errors ?? []).map((error) =>
      `${error.instancePath || '/'} ${error.message}${error.params.additionalProperty ? `: ${error.params.additionalProperty}` : ''}`);
  }
}
