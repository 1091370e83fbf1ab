import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { problemWithFix } from '@remind-me/cdk8s-constructs';

/** A values file's content; an empty file is an empty overlay. */
export function readYaml(file: string): unknown {
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
export function mergeOverlay(base: unknown, overlay: unknown): unknown {
  if (!isObject(base) || !isObject(overlay)) return overlay;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    if (value === null) delete result[key];
    else result[key] = mergeOverlay(base[key], value);
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
