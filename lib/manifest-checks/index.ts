import { problemWithFix } from '../prop-errors';
import { missingProbes, missingResources, unpinnedImages } from './containers';
import { KUBERNETES_VERSIONS, KubernetesSchema, KubernetesVersion } from './kubernetes-schema';
import { displayName, Manifest, podTemplateOf, PodTemplate } from './manifest';
import { restrictedViolations } from './pod-security';
import { explainNewField } from './versions';
import { Finding, mismatchedClaims, unmatchedSelectors, unresolvedMounts, unresolvedTargetPorts } from './wiring';

export { KUBERNETES_VERSIONS, KubernetesVersion } from './kubernetes-schema';
export { Manifest } from './manifest';

/** One check over the whole output, with what cdk8s prints when it fails. */
interface Rule {
  name: string;
  recommendation: string;
  fix: string;
  check(manifests: Manifest[]): Finding[];
}

/** A rule that looks at each pod template on its own. */
function podRule(rule: Omit<Rule, 'check'>, check: (pod: PodTemplate) => string[]): Rule {
  return {
    ...rule,
    check: (manifests) => manifests.flatMap((manifest) => {
      const pod = podTemplateOf(manifest);
      return pod ? check(pod).map((message) => ({ manifest, message })) : [];
    }),
  };
}

function schemaRule(version: KubernetesVersion): Rule {
  return {
    name: `kubernetes-${version}-schema`,
    recommendation: `Every object must be valid against the Kubernetes ${version} OpenAPI schema, unknown fields rejected (as kubectl apply --validate=strict).`,
    fix: 'Correct the field at each location: a misspelt or misplaced field, or a value of the wrong type. A field newer than the version: raise the lowest targeted version (kubernetesVersions), or leave the field out.',
    check: (manifests) => {
      const schema = KubernetesSchema.of(version);
      return manifests.filter((m) => schema.covers(m)).flatMap((manifest) => schema.errorsOf(manifest).map((message) => ({
        manifest,
        message: explainNewField(message, version, (newer) => !KubernetesSchema.of(newer).errorsOf(manifest).includes(message)),
      })));
    },
  };
}

const RULES: Rule[] = [
  podRule({
    name: 'pod-security-restricted',
    recommendation: 'Pods must pass the Pod Security Standard "restricted".',
    fix: 'Set what each location names (runAsNonRoot, allowPrivilegeEscalation: false, capabilities.drop [ALL], seccompProfile RuntimeDefault, allowed volume types); see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
  }, (pod) => restrictedViolations(pod.spec)),
  podRule({
    name: 'probes',
    recommendation: 'Containers of long-running pods need a readiness and a liveness probe.',
    fix: 'Add the probe each location names to the container.',
  }, missingProbes),
  podRule({
    name: 'resources',
    recommendation: 'Every container needs requests and limits for cpu, memory and ephemeral-storage.',
    fix: 'Set resources.requests and resources.limits for each resource named.',
  }, missingResources),
  podRule({
    name: 'pinned-images',
    recommendation: 'Images must be pinned to a version tag (not latest) or a sha256 digest.',
    fix: 'Name the image with a tag such as :1.4.2, or with @sha256:<digest>.',
  }, unpinnedImages),
  {
    name: 'selectors',
    recommendation: 'Selectors of Services, PodDisruptionBudgets, NetworkPolicies and workloads must select pods of the output.',
    fix: 'Make the selector\'s labels those of the pod template it is meant for (same namespace).',
    check: unmatchedSelectors,
  },
  {
    name: 'target-ports',
    recommendation: 'A Service\'s named targetPort must be a port that the selected containers declare.',
    fix: 'Name the container port as the Service\'s targetPort does, or target the port by number.',
    check: unresolvedTargetPorts,
  },
  podRule({
    name: 'volume-mounts',
    recommendation: 'Every volume mount must name a volume of its pod or a claim template of its StatefulSet.',
    fix: 'Add the volume to the pod spec, or mount a volume that exists.',
  }, unresolvedMounts),
  {
    name: 'claims',
    recommendation: 'Claims and the static volumes meant for them must be able to bind to each other.',
    fix: 'Make the claim\'s volumeName and the volume\'s claimRef point at each other, with the same storage class, access modes the volume offers, and a size it holds.',
    check: mismatchedClaims,
  },
];

/** What to check. */
export interface CheckOptions {
  /**
   * The Kubernetes versions whose schemas every object must satisfy.
   * @default every version shipped: v1.27.0 and v1.35.0
   */
  readonly kubernetesVersions?: readonly KubernetesVersion[];
}

/** One object that breaks one rule, and where. */
export interface Violation {
  /** The rule's name, e.g. `pod-security-restricted` or `kubernetes-v1.35.0-schema`. */
  readonly rule: string;
  /** The object that breaks it. */
  readonly manifest: Manifest;
  /** What is wrong, and where in the object. */
  readonly message: string;
}

function rulesFor(options: CheckOptions): Rule[] {
  const versions = options.kubernetesVersions ?? KUBERNETES_VERSIONS;
  const unknown = versions.filter((version) => !KUBERNETES_VERSIONS.includes(version));
  if (unknown.length) {
    throw new Error(problemWithFix(`kubernetesVersions: ${unknown.join(', ')} not shipped`, `choose from ${KUBERNETES_VERSIONS.join(', ')}`));
  }
  return [...versions.map(schemaRule), ...RULES];
}

/**
 * Checks synthesized objects the way this project checks its own: the Kubernetes schemas with
 * unknown fields rejected, the Pod Security Standard "restricted", probes, requests and
 * limits, pinned images, and the wiring between objects (selectors, target ports, mounts,
 * claims and their volumes). Pass every object of the output at once: the wiring spans files.
 *
 * @returns the violations, empty when the objects pass
 */
export function checkManifests(manifests: readonly Manifest[], options: CheckOptions = {}): Violation[] {
  const objects = manifests.filter((m) => m && typeof m === 'object');
  return rulesFor(options).flatMap((rule) => rule.check(objects).map(({ manifest, message }) => ({ rule: rule.name, manifest, message })));
}

/** A violation as one line: `Kind/namespace/name [rule] message`. */
export function formatViolation(violation: Violation): string {
  return `${displayName(violation.manifest)} [${violation.rule}] ${violation.message}`;
}

/**
 * What a cdk8s validation plugin is given (the part of cdk8s-cli's `ValidationContext` that
 * {@link ManifestChecks} uses), so this package needs no dependency on the CLI.
 */
export interface Cdk8sValidationContext {
  /** Paths of the synthesized manifest files. */
  readonly manifests: readonly string[];
  /** The objects of one manifest file. */
  parseManifest(manifestPath: string): unknown[];
  /** Where the plugin reports. */
  readonly report: {
    /** Records one violated rule and the objects that break it. */
    addViolation(violation: {
      ruleName: string;
      recommendation: string;
      fix: string;
      violatingResources: { resourceName: string; locations: string[]; manifestPath: string }[];
    }): void;
    /** Ends the report: `failure` fails `cdk8s synth`. */
    submit(status: 'success' | 'failure', metadata?: Record<string, string>): void;
  };
}

/**
 * The checks of {@link checkManifests} as a cdk8s validation plugin: `npx cdk8s synth` runs
 * them over its output, prints the cdk8s validation report and fails on violations. Declare it
 * in `cdk8s.yaml`:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/@remind-me/cdk8s-constructs
 *     version: 1.0.0
 *     class: ManifestChecks
 *     properties:            # optional: CheckOptions
 *       kubernetesVersions: [v1.35.0]
 * ```
 */
export class ManifestChecks {
  private readonly rules: Rule[];

  constructor(options: CheckOptions = {}) {
    this.rules = rulesFor(options);
  }

  /** Runs every rule over the output `cdk8s synth` wrote, and reports to cdk8s. */
  async validate(context: Cdk8sValidationContext): Promise<void> {
    const fileOf = new Map<Manifest, string>();
    for (const file of context.manifests) {
      for (const manifest of context.parseManifest(file)) {
        if (manifest && typeof manifest === 'object') fileOf.set(manifest as Manifest, file);
      }
    }
    const manifests = [...fileOf.keys()];
    let failed = false;
    for (const rule of this.rules) {
      const byObject = new Map<Manifest, string[]>();
      for (const { manifest, message } of rule.check(manifests)) byObject.set(manifest, [...byObject.get(manifest) ?? [], message]);
      if (!byObject.size) continue;
      failed = true;
      context.report.addViolation({
        ruleName: rule.name,
        recommendation: rule.recommendation,
        fix: rule.fix,
        violatingResources: [...byObject].map(([manifest, locations]) => ({
          resourceName: manifest.metadata?.name, locations, manifestPath: fileOf.get(manifest)!,
        })),
      });
    }
    context.report.submit(failed ? 'failure' : 'success', { rules: this.rules.map((rule) => rule.name).join(', ') });
  }
}
