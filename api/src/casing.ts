/**
 * Renames the keys that match one of `names` ignoring case to exactly that name, as ASP.NET binds
 * JSON bodies and configuration keys: the book's web image sends `Title`, curl users send `title`.
 * Other keys are kept as they are; a value that is not a plain object is returned unchanged.
 */
export function caseInsensitiveKeys(names: readonly string[]): (value: unknown) => unknown {
  const byLowerCase = new Map(names.map((name) => [name.toLowerCase(), name]));
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [byLowerCase.get(key.toLowerCase()) ?? key, v]),
    );
  };
}
