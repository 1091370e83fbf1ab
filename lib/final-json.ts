import { ApiObject, JsonPatch } from 'cdk8s';
import { problemWithFix } from './prop-errors';
import { CheckOptions } from './manifest-checks';
import { KUBERNETES_VERSIONS, KubernetesSchema } from './manifest-checks/kubernetes-schema';
import { explainNewField } from './manifest-checks/versions';

/**
 * The escape hatch for what the props do not cover: JSON patches (RFC 6902) applied to the
 * object's final Kubernetes JSON, in Kubernetes spelling (`/spec/clusterIP`,
 * `/spec/ports/0/targetPort`), when the object is synthesized.
 *
 * Use it rather than `addJsonPatch` on the cdk8s-plus-27 L1 objects (`k8s.KubeService` and
 * the like, which this package's constructs expose): their patches apply to the props before
 * the conversion to Kubernetes JSON, so a patched `targetPort`, emptyDir `sizeLimit` or
 * `tcpSocket.port` vanishes without an error, a NetworkPolicy port rule loses its port, and
 * `clusterIP` must be spelled `clusterIp`.
 *
 * It fails the synth loudly instead of losing a field: a patch whose path does not exist (for
 * `add`, whose parent does not exist), or a result that is not valid against the schema of
 * every targeted Kubernetes version (an unknown or misspelt field, a wrong type).
 *
 * @param apiObject an object of the output, such as `api.service` or `api.statefulSet`
 * @param patches applied in order, after every other change
 * @param options the Kubernetes versions the result must be valid for (default: every shipped one)
 * @see https://cdk8s.io/docs/latest/basics/escape-hatches/
 */
export function patchFinalJson(apiObject: ApiObject, patches: JsonPatch[], options: CheckOptions = {}): void {
  const where = `patchFinalJson on '${apiObject.node.path}'`;
  afterToJson(apiObject, (original) => {
    let json = original;
    for (const patch of patches) {
      const op: { op: string; path: string } = patch._toJson();
      const path = op.op === 'add' ? op.path.replace(/\/[^/]*$/, '') : op.path;
      if (!exists(json, path)) {
        throw new Error(`${where}: ${problemWithFix(`${op.op} ${op.path}: ${path || '/'} does not exist in the object`,
          'spell the path as the synthesized Kubernetes JSON does (kubectl explain), and add missing parents first')}`);
      }
      json = JsonPatch.apply(json, patch);
    }
    for (const version of options.kubernetesVersions ?? KUBERNETES_VERSIONS) {
      const problems = KubernetesSchema.of(version).errorsOf(json).map((problem) =>
        explainNewField(problem, version, (newer) => !KubernetesSchema.of(newer).errorsOf(json).includes(problem)));
      if (problems.length) {
        throw new Error(`${where}: ${problemWithFix(`the result is not valid for Kubernetes ${version}: ${problems.join('; ')}`,
          'spell the field as the Kubernetes API reference does (such as clusterIP, targetPort), with a value of its type')}`);
      }
    }
    return json;
  });
}

/**
 * @internal
 * Changes an object's final JSON: `change` gets what `toJson` returns (after the cdk8s-plus
 * conversion and `addJsonPatch`) and edits it in place or returns a replacement.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function afterToJson(apiObject: ApiObject, change: (json: any) => any): void {
  const toJson = apiObject.toJson.bind(apiObject);
  apiObject.toJson = () => {
    const json = toJson();
    return change(json) ?? json;
  };
}

/** Whether a JSON pointer (RFC 6901) names a value of `json`. */
function exists(json: unknown, pointer: string): boolean {
  let value = json;
  for (const token of pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (value === null || typeof value !== 'object' || !(token in value)) return false;
    value = (value as Record<string, unknown>)[token];
  }
  return true;
}
