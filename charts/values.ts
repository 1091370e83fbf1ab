import { join } from 'path';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import Ajv from 'ajv';
import {
  ACCESS_MODES, AccessMode, PULL_POLICIES, PullPolicy, STORAGE_MODES, StorageMode,
} from '@remind-me/cdk8s-constructs';
import { mergeOverlay, readYaml } from './values-file';

/** The book's values; overlays are merged into them. */
export const DEFAULT_VALUES_FILE = join(__dirname, '..', 'config', 'values.yaml');

// The schema is declared once, here; the TypeScript types below are derived from it.
// Shapes and types only: ranges, names and wiring are checked by the constructs, in one place.

/** An object with exactly these keys: a misspelt key is an error, not a silently unused one. */
function closed<T extends Record<string, TSchema>>(properties: T) {
  return Type.Readonly(Type.Object(properties, { additionalProperties: false }));
}

/** One of the constructs' own list, so the values and the constructs cannot disagree. */
function oneOf<T extends string>(list: readonly T[]) {
  return Type.Unsafe<T>({ type: 'string', enum: list });
}

const cpuAndMemory = closed({ cpu: Type.String(), memory: Type.String() });
const staticVolume = { path: Type.String(), capacity: Type.String() };

const ImageSchema = closed({
  /** Prefix such as `registry.example.com/team`; empty for a local image. */
  registry: Type.String(),
  repository: Type.String(),
  /** A version, or `sha256:<digest>`. */
  tag: Type.Optional(Type.String()),
  pullPolicy: oneOf<PullPolicy>(PULL_POLICIES),
});

const ResourcesSchema = closed({ requests: cpuAndMemory, limits: cpuAndMemory });

const BackupSchema = closed({
  schedule: Type.String(),
  timeZone: Type.String(),
  keep: Type.Integer(),
  gzip: Type.Boolean(),
  storage: closed({
    size: Type.String(),
    storageClassName: Type.Optional(Type.String()),
    hostPath: Type.Optional(closed(staticVolume)),
  }),
});

const ValuesSchema = closed({
  namespace: Type.String(),
  clusterDomain: Type.String(),
  api: closed({
    image: ImageSchema,
    replicas: Type.Integer(),
    environment: Type.String(),
    dbPath: Type.String(),
    existingSecret: Type.Optional(Type.String()),
    resources: ResourcesSchema,
    storage: closed({
      mode: oneOf<StorageMode>(STORAGE_MODES),
      size: Type.String(),
      accessMode: oneOf<AccessMode>(ACCESS_MODES),
      storageClassName: Type.Optional(Type.String()),
      /** Static volumes; `nodes`: the node holding the directories, or one per replica in ordinal order. */
      hostPath: Type.Optional(closed({ ...staticVolume, nodes: Type.Optional(Type.Array(Type.String())) })),
    }),
    /** Nightly backups of the database; unset: none. */
    backup: Type.Optional(BackupSchema),
  }),
  web: closed({
    image: ImageSchema,
    replicas: Type.Integer(),
    /** Unset: Kubernetes chooses one. */
    nodePort: Type.Optional(Type.Integer()),
    resources: ResourcesSchema,
    /** Port the container listens on. Unset: the web image's contract. */
    port: Type.Optional(Type.Integer()),
    /** Probe paths. Unset: the web image's contract. */
    probes: Type.Optional(closed({ livenessPath: Type.String(), readinessPath: Type.String() })),
    /** Environment variables added to the chart's own (`apiUrl`, `GET_HOSTS_FROM`). */
    env: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
});

export type ImageValues = Static<typeof ImageSchema>;
export type ResourceValues = Static<typeof ResourcesSchema>;
export type BackupValues = Static<typeof BackupSchema>;
export type Values = Static<typeof ValuesSchema>;

const validateValues = new Ajv({ allErrors: true }).compile<Values>(ValuesSchema);

/**
 * The book's values with an optional overlay file merged in, checked against the schema.
 * Throws one error that names the file and every wrong key.
 */
export function loadValues(overlayFile?: string): Values {
  let merged = readYaml(DEFAULT_VALUES_FILE);
  if (overlayFile) merged = mergeOverlay(merged, readYaml(overlayFile));
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
