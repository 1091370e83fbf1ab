import type { ImageValues } from './values';

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
