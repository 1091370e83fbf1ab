import { isPinnedImage, parseQuantity, problemWithFix } from '../../lib/index';

describe('parseQuantity', () => {
  test.each([
    ['3Gi', 3 * 2 ** 30],
    ['10Gi', 10 * 2 ** 30],
    ['128Mi', 128 * 2 ** 20],
    ['64Ki', 64 * 1024],
    ['1Ei', 2 ** 60],
    ['100m', 0.1],
    ['1.5', 1.5],
    ['2', 2],
    ['0', 0],
    ['1k', 1000],
    ['1M', 1e6],
    ['2G', 2e9],
    ['1E', 1e18],
  ])('%s is %d', (quantity, value) => {
    expect(parseQuantity(quantity)).toBeCloseTo(value);
  });

  test('orders sizes across binary and decimal suffixes, as a claim against its volume needs', () => {
    expect(parseQuantity('1Gi')!).toBeGreaterThan(parseQuantity('1G')!);
    expect(parseQuantity('1023Mi')!).toBeLessThan(parseQuantity('1Gi')!);
  });

  test.each(['', 'Gi', '3GB', '3gi', '-1Gi', '1e3', '1.Gi', ' 3Gi', '3 Gi', 'three'])('%j is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

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

describe('problemWithFix', () => {
  test('says what is wrong, then the fix, as every configuration error does', () => {
    expect(problemWithFix('port 0 is not a port number', 'use 1 to 65535')).toBe('port 0 is not a port number. Fix: use 1 to 65535.');
  });
});
