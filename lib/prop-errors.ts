import { posix } from 'path';
import { isPinnedImage } from './image-reference';
import { parseQuantity } from './quantities';

/** The one form of every configuration error: what is wrong, then how to put it right. */
export function problemWithFix(problem: string, fix: string): string {
  return `${problem}. Fix: ${fix}.`;
}

/**
 * @internal
 * Checks of construct props. Each problem names the prop, what is wrong and the fix; a
 * construct collects them all and throws once, before any object is made, so a bad
 * configuration fails synth with the whole list and writes nothing.
 */
export class PropErrors {
  private readonly problems: string[] = [];

  constructor(private readonly owner: string) {}

  /** Records a problem unless `ok` holds. */
  check(ok: boolean, prop: string, problem: string, fix: string): void {
    if (!ok) this.problems.push(`${prop}: ${problemWithFix(problem, fix)}`);
  }

  dnsLabel(prop: string, value: string, maxLength = 63): void {
    this.check(
      value.length <= maxLength && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value),
      prop,
      `'${value}' is not a DNS-1123 label of at most ${maxLength} characters`,
      'use lower-case letters, digits and "-", starting and ending with a letter or digit',
    );
  }

  /** Services need an RFC 1035 label: a DNS label that starts with a letter. */
  serviceName(prop: string, value: string): void {
    this.check(
      value.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value),
      prop,
      `'${value}' is not a valid Service name (RFC 1035 label of at most 63 characters)`,
      'use lower-case letters, digits and "-", starting with a letter',
    );
  }

  port(prop: string, value: number): void {
    this.check(
      Number.isInteger(value) && value >= 1 && value <= 65535,
      prop,
      `${value} is not a port number`,
      'use a whole number from 1 to 65535',
    );
  }

  nodePort(prop: string, value: number): void {
    this.check(
      Number.isInteger(value) && value >= 30000 && value <= 32767,
      prop,
      `${value} is outside the default NodePort range`,
      'use a whole number from 30000 to 32767, or leave it unset to let Kubernetes choose',
    );
  }

  replicas(prop: string, value: number): void {
    this.check(
      Number.isInteger(value) && value >= 0,
      prop,
      `${value} is not a replica count`,
      'use a whole number, 0 or more',
    );
  }

  pinnedImage(prop: string, image: string): void {
    this.check(
      isPinnedImage(image),
      prop,
      `'${image}' is not pinned to a tag or digest`,
      'add a version tag other than "latest" (name:1.2.3) or a full digest (name@sha256:<64 hex digits>)',
    );
  }

  absolutePath(prop: string, value: string): void {
    this.check(
      value.startsWith('/') && !value.split('/').includes('..'),
      prop,
      `'${value}' is not an absolute path`,
      'use a path that starts with "/" and has no ".." segment',
    );
  }

  quantity(prop: string, value: string): void {
    this.check(
      parseQuantity(value) !== undefined,
      prop,
      `'${value}' is not a Kubernetes quantity`,
      'use a number with an optional suffix such as 100m, 128Mi or 3Gi',
    );
  }

  /** A file mode such as 0o400: 0 to 0o777. */
  fileMode(prop: string, value: number | undefined): void {
    this.check(
      value === undefined || (Number.isInteger(value) && value >= 0 && value <= 0o777),
      prop,
      `${value} is not a file mode`,
      'use an octal mode from 0o000 to 0o777, such as 0o400',
    );
  }

  throwIfAny(): void {
    if (this.problems.length > 0) {
      throw new Error(`${this.owner}: invalid configuration:\n  - ${this.problems.join('\n  - ')}`);
    }
  }
}

/** @internal Whether `path` is `dir` itself or lies below it, once both are normalized. */
export function isUnder(path: string, dir: string): boolean {
  const [normalPath, normalDir] = [posix.normalize(path), posix.normalize(`${dir}/`)];
  return `${normalPath}/` === normalDir || normalPath.startsWith(normalDir);
}
