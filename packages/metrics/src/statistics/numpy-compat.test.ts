import { describe, expect, it } from 'vitest';
import { numpyMean, numpyPercentileSorted, numpySum } from './numpy-compat.js';

// Values exactly representable from integer arithmetic, so numpy and JS build the same doubles.
const series = (n: number) =>
  Float64Array.from({ length: n }, (_, i) => ((((i * 7919) % 1000) - 500) / 7) * 10 ** (i % 7));

describe('numpySum', () => {
  it('reproduces np.sum bit for bit where naive summation differs', () => {
    // Expected values printed by numpy 1.24.2: float(np.sum(x)) and sum(x.tolist()).
    expect(numpySum(series(1000))).toBe(105504101.28571446);
    expect(series(1000).reduce((a, b) => a + b, 0)).toBe(105504101.2857145);
    expect(numpySum(series(100))).toBe(81555852.14285716); // one 8-accumulator block
    expect(numpyMean(series(1000))).toBe(105504.10128571447);
  });

  it('sums short arrays left to right and returns NaN mean when empty', () => {
    expect(numpySum(Float64Array.of(0.1, 0.2, 0.3))).toBe(0.1 + 0.2 + 0.3);
    expect(numpyMean(new Float64Array(0))).toBeNaN();
  });
});

describe('numpyPercentileSorted', () => {
  it.each([
    [[1, 2, 3, 4], 95, 3.8499999999999996], // np.percentile([1,2,3,4], 95)
    [Array.from({ length: 21 }, (_, i) => i / 7), 95, 2.7142857142857144],
    [[0.1, 0.2, 0.7], 37, 0.17400000000000002],
    [[5], 95, 5],
    [[1, 2], 100, 2],
    [[1, 2], 0, 1],
  ])('matches np.percentile (linear) %#', (values, q, expected) => {
    expect(numpyPercentileSorted(Float64Array.from(values), q)).toBe(expected);
  });
});
