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
