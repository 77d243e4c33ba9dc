import { describe, expect, it } from 'vitest';
import { numpyMean, numpySum } from './pairwise-sum.js';

const series = (n: number) =>
  Float64Array.from({ length: n }, (_, i) => 1 / (i + 3) + (i % 17) / 13);

describe('numpySum', () => {
  // Expected values: /usr/bin/python3, numpy 1.24.2, np.sum(np.array([1/(i+3) + (i % 17)/13 for i in range(n)])).
  it.each([
    [5, 1.862087912087912],
    [8, 3.5828144078144075],
    [13, 7.818228993228994],
    [129, 80.64853261835992],
    [300, 186.86622047463695],
    [1000, 619.7566986347722],
  ])('equals numpy bit for bit for n = %i', (n, expected) => {
    expect(numpySum(series(n))).toBe(expected);
  });

  it('differs from a left-to-right sum where numpy does (so the order is really mirrored)', () => {
    let naive = 0;
    for (const v of series(1000)) naive += v;
    expect(naive).toBe(619.7566986347725); // Python's builtin sum
    expect(numpySum(series(1000))).not.toBe(naive);
  });

  it('sums nothing to 0 and averages nothing to NaN', () => {
    expect(numpySum([])).toBe(0);
    expect(numpyMean([])).toBeNaN();
    expect(numpyMean([1, 2, 4])).toBeCloseTo(7 / 3, 15);
  });
});
