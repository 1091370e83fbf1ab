import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The Kubernetes versions whose OpenAPI schemas ship with the checks. */
export const KUBERNETES_VERSIONS = ['v1.27.0', 'v1.35.0'] as const;
/** One of {@link KUBERNETES_VERSIONS}. */
export type KubernetesVersion = typeof KUBERNETES_VERSIONS[number];

/**
 * Where the schemas are: written next to this module at build time (descriptions stripped),
 * from the full OpenAPI definitions, so the package carries no copy of them in source.
 */
const SCHEMA_DIR = join(__dirname, 'schemas');

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
  private static readonly loaded = new Map<KubernetesVersion, KubernetesSchema>();

  /** The schema of one version, loaded and compiled once per process. */
  static of(version: KubernetesVersion): KubernetesSchema {
    let schema = KubernetesSchema.loaded.get(version);
    if (!schema) {
      schema = new KubernetesSchema(version);
      KubernetesSchema.loaded.set(version, schema);
    }
    return schema;
  }

  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly refs = new Map<string, string>();
  private readonly groups = new Set<string>();
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(readonly version: KubernetesVersion) {
    const file = join(SCHEMA_DIR, `${version}.json`);
    if (!existsSync(file)) throw new Error(`the Kubernetes ${version} schema is missing (${file}); build the package to write it`);
    const { definitions } = JSON.parse(readFileSync(file, 'utf8')) as { definitions: Record<string, Definition> };
    for (const [name, definition] of Object.entries(definitions)) {
      if (definition.properties && definition.additionalProperties === undefined) {
        definition.additionalProperties = false;
      }
      for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
        const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
        this.refs.set(`${apiVersion}/${gvk.kind}`, name);
        this.groups.add(gvk.group);
      }
    }
    addFormats(this.ajv);
    for (const format of ['int32', 'int64', 'double']) this.ajv.addFormat(format, true);
    this.ajv.addSchema({ definitions }, 'k8s');
  }

  /**
   * Whether Kubernetes itself serves the object's API group. Objects of other groups (custom
   * resources) are not this schema's to judge.
   */
  covers(manifest: { apiVersion: string }): boolean {
    const group = manifest.apiVersion.includes('/') ? manifest.apiVersion.split('/')[0] : '';
    return this.groups.has(group);
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
