import { isPinnedImage } from '../../lib/index';

describe('isPinnedImage', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  test.each([
    'remind-me-api:1.0.0',
    'nginx:1.25.3',
    'registry.example.com/team/app:2.0.1',
    'registry.example.com:5000/team/app:v2',
    `app@${digest}`,
    `registry.example.com:5000/app@${digest}`,
  ])('%s is pinned', (image) => {
    expect(isPinnedImage(image)).toBe(true);
  });

  test.each([
    ['no tag', 'nginx'],
    ['latest', 'nginx:latest'],
    ['an empty tag', 'nginx:'],
    ['a registry port, no tag', 'registry.example.com:5000/team/app'],
    ['a short digest', 'app@sha256:abc'],
    ['a digest in capitals', `app@sha256:${'A'.repeat(64)}`],
    ['another digest algorithm', `app@sha512:${'a'.repeat(64)}`],
  ])('%s (%s) is not pinned', (_, image) => {
    expect(isPinnedImage(image)).toBe(false);
  });
});
