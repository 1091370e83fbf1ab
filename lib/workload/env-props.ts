import { k8s } from 'cdk8s-plus-27';

/**
 * The value of one environment variable: plain text, a key of a Secret or ConfigMap, or a
 * field of the pod (what clustered stores use to find their peers).
 * @see https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/
 */
export class EnvValue {
  /** A plain value, written into the pod spec (not for secrets). */
  static fromValue(value: string): EnvValue {
    return new EnvValue({ value });
  }

  /**
   * One key of a Secret, read by the kubelet when the container starts.
   * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
   */
  static fromSecret(secretName: string, key: string, options: EnvKeyOptions = {}): EnvValue {
    return new EnvValue({ valueFrom: { secretKeyRef: { name: secretName, key, optional: options.optional } } });
  }

  /**
   * One key of a ConfigMap.
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/#define-container-environment-variables-using-configmap-data
   */
  static fromConfigMap(configMapName: string, key: string, options: EnvKeyOptions = {}): EnvValue {
    return new EnvValue({ valueFrom: { configMapKeyRef: { name: configMapName, key, optional: options.optional } } });
  }

  /**
   * A field of the pod, such as `metadata.name` (the pod's name), `metadata.namespace` or
   * `status.podIP`: see {@link POD_FIELDS}.
   * @see https://kubernetes.io/docs/tasks/inject-data-application/environment-variable-expose-pod-information/
   */
  static fromField(fieldPath: string): EnvValue {
    return new EnvValue({ valueFrom: { fieldRef: { fieldPath } } });
  }

  private constructor(private readonly source: { value?: string; valueFrom?: k8s.EnvVarSource }) {}

  /** @internal The container's `env` entry. */
  _toEnvVar(name: string): k8s.EnvVar {
    return { name, ...this.source };
  }

  /** @internal The field path of a `fromField` value, for checks. */
  get _fieldPath(): string | undefined {
    return this.source.valueFrom?.fieldRef?.fieldPath;
  }
}

/** Fields of the pod `EnvValue.fromField` reads most often. */
export const POD_FIELDS = {
  /** The pod's name, such as `postgres-0`. */
  name: 'metadata.name',
  /** The pod's namespace. */
  namespace: 'metadata.namespace',
  /** The pod's IP address. */
  ip: 'status.podIP',
  /** The node the pod runs on. */
  nodeName: 'spec.nodeName',
  /** The service account the pod runs as. */
  serviceAccountName: 'spec.serviceAccountName',
} as const;

/** How a key reference behaves when the key is missing. */
export interface EnvKeyOptions {
  /** Start the container without the variable when the key or object is missing. @default false */
  readonly optional?: boolean;
}

/**
 * Every key of a ConfigMap or Secret as environment variables: set exactly one of
 * `configMap` and `secret`.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/#configure-all-key-value-pairs-in-a-configmap-as-container-environment-variables
 */
export interface EnvFromProps {
  /** Name of the ConfigMap. */
  readonly configMap?: string;
  /** Name of the Secret. */
  readonly secret?: string;
  /** Prepended to every variable name. @default no prefix */
  readonly prefix?: string;
  /** Start the container even if the object is missing. @default false */
  readonly optional?: boolean;
}

/** Environment variables by name: a plain string, or an {@link EnvValue}. */
export type EnvProps = Record<string, string | EnvValue>;
