import { posix } from 'path';

/**
 * Checks of construct props. Each problem names the prop, what is wrong and the fix; a
 * construct collects them all and throws once, before any object is made, so a bad
 * configuration fails synth with the whole list and writes nothing.
 */
export class PropErrors {
  private readonly problems: string[] = [];

  constructor(private readonly owner: string) {}

  /** Records a problem unless `ok` holds. */
  check(ok: boolean, prop: string, problem: string, fix: string): void {
    if (!ok) this.problems.push(`${prop}: ${problem}. Fix: ${fix}.`);
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

  throwIfAny(): void {
    if (this.problems.length > 0) {
      throw new Error(`${this.owner}: invalid configuration:\n  - ${this.problems.join('\n  - ')}`);
    }
  }
}

/** A tag that is not `latest`, or a digest; a registry port (`host:5000/name`) is not a tag. */
export function isPinnedImage(image: string): boolean {
  if (image.includes('@')) return /@sha256:[a-f0-9]{64}$/.test(image);
  const lastSegment = image.split('/').pop() ?? '';
  const tag = lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
  return tag !== undefined && tag !== '' && tag !== 'latest';
}

const SUFFIXES: Record<string, number> = {
  '': 1, 'm': 1e-3,
  'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/** The value of a Kubernetes quantity such as `3Gi` or `100m`, or undefined if it is not one. */
export function parseQuantity(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(value);
  if (!match || !(match[2] in SUFFIXES)) return undefined;
  return Number(match[1]) * SUFFIXES[match[2]];
}

/** Whether `path` is `dir` itself or lies below it, once both are normalized. */
export function isUnder(path: string, dir: string): boolean {
  const [normalPath, normalDir] = [posix.normalize(path), posix.normalize(`${dir}/`)];
  return `${normalPath}/` === normalDir || normalPath.startsWith(normalDir);
}
