import { parseQuantity } from '../../lib/index';

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
