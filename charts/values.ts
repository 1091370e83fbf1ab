import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv, { JSONSchemaType } from 'ajv';
import { parse } from 'yaml';
import {
  ACCESS_MODES, AccessMode, problemWithFix, PULL_POLICIES, PullPolicy, STORAGE_MODES, StorageMode,
} from '@remind-me/cdk8s-constructs';

/** The chapter's values; overlays are merged into them. */
export const DEFAULT_VALUES_FILE = join(__dirname, '..', 'config', 'values.yaml');

export interface ImageValues {
  /** Prefix such as `registry.example.com/team`; empty for a local image. */
  readonly registry: string;
  readonly repository: string;
  /** A version, or `sha256:<digest>`. */
  readonly tag?: string;
  readonly pullPolicy: PullPolicy;
}

export interface ResourceValues {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export interface BackupValues {
  readonly schedule: string;
  readonly timeZone: string;
  readonly keep: number;
  readonly gzip: boolean;
  readonly storage: {
    readonly size: string;
    readonly storageClassName?: string;
    readonly hostPath?: { readonly path: string; readonly capacity: string };
  };
}

export interface Values {
  readonly namespace: string;
  readonly clusterDomain: string;
  readonly api: {
    readonly image: ImageValues;
    readonly replicas: number;
    readonly environment: string;
    readonly dbPath: string;
    readonly existingSecret?: string;
    readonly resources: ResourceValues;
    readonly storage: {
      readonly mode: StorageMode;
      readonly size: string;
      readonly accessMode: AccessMode;
      readonly storageClassName?: string;
      /** Static volumes; `nodes`: the node holding the directories, or one per replica in ordinal order. */
      readonly hostPath?: { readonly path: string; readonly capacity: string; readonly nodes?: string[] };
    };
    /** Nightly backups of the database; unset: none. */
    readonly backup?: BackupValues;
  };
  readonly web: {
    readonly image: ImageValues;
    readonly replicas: number;
    /** Unset: Kubernetes chooses one. */
    readonly nodePort?: number;
    readonly resources: ResourceValues;
    /** Port the container listens on. Unset: the web image's contract. */
    readonly port?: number;
    /** Probe paths. Unset: the web image's contract. */
    readonly probes?: { readonly livenessPath: string; readonly readinessPath: string };
    /** Environment variables added to the chart's own (`apiUrl`, `GET_HOSTS_FROM`). */
    readonly env?: Record<string, string>;
  };
}

// Shapes and types only: ranges, names and wiring are checked by the constructs, in one place.
// The enums are the constructs' own lists, so the two cannot disagree.
const string = { type: 'string' } as const;
/** An optional object of required strings, such as `{ path, capacity }`. */
function optionalStrings<K extends string>(...keys: K[]) {
  return {
    type: 'object',
    nullable: true,
    additionalProperties: false,
    required: keys,
    properties: Object.fromEntries(keys.map((key) => [key, string])) as Record<K, typeof string>,
  } as const;
}
const imageSchema: JSONSchemaType<ImageValues> = {
  type: 'object',
  additionalProperties: false,
  required: ['registry', 'repository', 'pullPolicy'],
  properties: {
    registry: string,
    repository: string,
    tag: { type: 'string', nullable: true },
    pullPolicy: { type: 'string', enum: PULL_POLICIES },
  },
};
const cpuAndMemory = {
  type: 'object', additionalProperties: false, required: ['cpu', 'memory'], properties: { cpu: string, memory: string },
} as const;
const resourcesSchema: JSONSchemaType<ResourceValues> = {
  type: 'object',
  additionalProperties: false,
  required: ['requests', 'limits'],
  properties: { requests: cpuAndMemory, limits: cpuAndMemory },
};
const backupSchema: JSONSchemaType<BackupValues> = {
  type: 'object',
  additionalProperties: false,
  required: ['schedule', 'timeZone', 'keep', 'gzip', 'storage'],
  properties: {
    schedule: string,
    timeZone: string,
    keep: { type: 'integer' },
    gzip: { type: 'boolean' },
    storage: {
      type: 'object',
      additionalProperties: false,
      required: ['size'],
      properties: {
        size: string,
        storageClassName: { type: 'string', nullable: true },
        hostPath: optionalStrings('path', 'capacity'),
      },
    },
  },
};
const valuesSchema: JSONSchemaType<Values> = {
  type: 'object',
  additionalProperties: false,
  required: ['namespace', 'clusterDomain', 'api', 'web'],
  properties: {
    namespace: string,
    clusterDomain: string,
    api: {
      type: 'object',
      additionalProperties: false,
      required: ['image', 'replicas', 'environment', 'dbPath', 'resources', 'storage'],
      properties: {
        image: imageSchema,
        replicas: { type: 'integer' },
        environment: string,
        dbPath: string,
        existingSecret: { type: 'string', nullable: true },
        resources: resourcesSchema,
        storage: {
          type: 'object',
          additionalProperties: false,
          required: ['mode', 'size', 'accessMode'],
          properties: {
            mode: { type: 'string', enum: STORAGE_MODES },
            size: string,
            accessMode: { type: 'string', enum: ACCESS_MODES },
            storageClassName: { type: 'string', nullable: true },
            hostPath: {
              ...optionalStrings('path', 'capacity'),
              properties: {
                path: string,
                capacity: string,
                nodes: { type: 'array', items: string, nullable: true },
              },
            },
          },
        },
        backup: { ...backupSchema, nullable: true },
      },
    },
    web: {
      type: 'object',
      additionalProperties: false,
      required: ['image', 'replicas', 'resources'],
      properties: {
        image: imageSchema,
        replicas: { type: 'integer' },
        nodePort: { type: 'integer', nullable: true },
        resources: resourcesSchema,
        port: { type: 'integer', nullable: true },
        probes: optionalStrings('livenessPath', 'readinessPath'),
        env: { type: 'object', nullable: true, required: [], additionalProperties: string },
      },
    },
  },
};

const validateValues = new Ajv({ allErrors: true }).compile(valuesSchema);

/**
 * The chapter's values with an optional overlay file merged in, checked against the schema.
 * Throws one error that names the file and every wrong key.
 */
export function loadValues(overlayFile?: string): Values {
  let merged = readYaml(DEFAULT_VALUES_FILE);
  if (overlayFile) merged = merge(merged, readYaml(overlayFile));
  if (!validateValues(merged)) {
    const problems = (validateValues.errors ?? []).map((error) => {
      const where = error.instancePath || '/';
      const extra = error.params.additionalProperty ?? error.params.allowedValues?.join(', ');
      return `${where} ${error.message}${extra ? `: ${extra}` : ''}`;
    });
    throw new Error(`${overlayFile ?? DEFAULT_VALUES_FILE}: invalid values:\n  - ${problems.join('\n  - ')}`);
  }
  return merged;
}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(problemWithFix(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`, 'check REMIND_ME_CONFIG'));
  }
  try {
    return parse(text) ?? {};
  } catch (error) {
    throw new Error(`${file}: is not valid YAML: ${(error as Error).message}`);
  }
}

/** Overlay wins key by key; objects merge deeply, `null` removes the key. */
function merge(base: unknown, overlay: unknown): unknown {
  if (!isObject(base) || !isObject(overlay)) return overlay;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    if (value === null) delete result[key];
    else result[key] = merge(base[key], value);
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The image reference of `image`: registry prefix, repository, and tag or digest. Without
 * any tag it stays unpinned, and the workload construct refuses it with a clear message.
 */
export function imageReference(image: ImageValues, defaultTag?: string): string {
  const tag = image.tag ?? defaultTag;
  const prefix = image.registry ? `${image.registry.replace(/\/$/, '')}/` : '';
  const suffix = tag === undefined ? '' : `${tag.startsWith('sha256:') ? '@' : ':'}${tag}`;
  return `${prefix}${image.repository}${suffix}`;
}
