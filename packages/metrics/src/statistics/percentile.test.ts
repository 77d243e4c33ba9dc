import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.js';
import { percentileBootstrapCi } from './percentile-bootstrap-ci.js';

// Values and expectations from numpy 1.24.2: np.percentile(x, q) with the default method.
const x = Float64Array.of(
  0.00123,
  0.298746,
  -0.274138,
  -0.890592,
  -0.454671,
  -0.991647,
  0.060144,
  1.340215,
  -0.492207,
  -0.620475,
  0.489842,
);

describe('percentile', () => {
  it.each([
    [0, -0.991647],
    [2.5, -0.96638325],
    [10, -0.890592],
    [25, -0.556341],
    [50, -0.274138],
    [62.5, 0.0159585],
    [97.5, 1.1276217499999999],
    [100, 1.340215],
  ])('equals numpy at q = %d', (q, expected) => {
    expect(percentile(x, q)).toBeCloseTo(expected, 15);
  });

  it('interpolates linearly between closest ranks (hand-checkable)', () => {
    expect(percentile(Float64Array.of(1, 2, 3, 4), 25)).toBe(1.75);
    expect(percentile(Float64Array.of(4, 3, 2, 1), 50)).toBe(2.5);
    expect(percentile(Float64Array.of(5), 37)).toBe(5);
  });

  it('does not mutate unsorted input', () => {
    const copy = Float64Array.from(x);
    percentile(x, 50);
    expect(x).toEqual(copy);
  });

  it('returns NaN for empty input or any NaN, and rejects q outside [0, 100]', () => {
    expect(percentile(new Float64Array(0), 50)).toBeNaN();
    expect(percentile(Float64Array.of(1, Number.NaN), 50)).toBeNaN();
    expect(() => percentile(x, 101)).toThrow(RangeError);
    expect(() => percentile(x, Number.NaN)).toThrow(RangeError);
  });
});

describe('percentileBootstrapCi', () => {
  it('takes the 2.5th and 97.5th percentiles (numpy: [3.56785714, 139.14642857])', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i / 7);
    const { ci, validCount, excludedCount } = percentileBootstrapCi(values);
    expect(ci[0]).toBeCloseTo(3.567857142857143, 12);
    expect(ci[1]).toBeCloseTo(139.14642857142857, 12);
    expect([validCount, excludedCount]).toEqual([1000, 0]);
  });

  it('excludes NaN replicates and reports how many', () => {
    const result = percentileBootstrapCi(
      Float64Array.of(1, Number.NaN, 2, 3, 4, 5, Number.NaN),
      0.5,
    );
    expect(result.ci).toEqual([2, 4]);
    expect(result.excludedCount).toBe(2);
    expect(result.validCount).toBe(5);
  });

  it('returns [NaN, NaN] when every replicate is NaN', () => {
    const result = percentileBootstrapCi(Float64Array.of(Number.NaN, Number.NaN));
    expect(result.ci[0]).toBeNaN();
    expect(result.ci[1]).toBeNaN();
    expect(result.excludedCount).toBe(2);
  });

  it('rejects confidence outside (0, 1)', () => {
    expect(() => percentileBootstrapCi(Float64Array.of(1), 1)).toThrow(RangeError);
    expect(() => percentileBootstrapCi(Float64Array.of(1), 0)).toThrow(RangeError);
  });
});
