/** A tag that is not `latest`, or a digest; a registry port (`host:5000/name`) is not a tag. */
export function isPinnedImage(image: string): boolean {
  if (image.includes('@')) return /@sha256:[a-f0-9]{64}$/.test(image);
  const lastSegment = image.split('/').pop() ?? '';
  const tag = lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
  return tag !== undefined && tag !== '' && tag !== 'latest';
}
