import { describe, expect, it } from 'vitest';
import { averageRanks, pearsonCorrelationScore, spearmanCorrelationScore } from './correlation.js';
import { meanAbsoluteError, rootMeanSquaredError } from './errors.js';

const f = (...v: number[]) => Float64Array.from(v);

// Expected values: /usr/bin/python3 with scikit-learn 1.2.1 (mean_absolute_error,
// sqrt(mean_squared_error)) and scipy 1.10.1 (pearsonr, spearmanr), arguments (x = prediction, y = truth).
const CASES = [
  [
    'distinct',
    f(1, 2, 3, 4, 5),
    f(2, 1, 4, 3, 5),
    0.8,
    0.8944271909999159,
    0.8,
    0.7999999999999999,
  ],
  [
    'ties',
    f(1, 2, 2, 3, 4, 4, 4, 5),
    f(1.5, 2, 3, 3, 3, 6, 7, 8),
    1.3125,
    1.741048534648015,
    0.8523199295253203,
    0.9056782897679297,
  ],
  [
    'decreasing',
    f(10, 20, 30, 40),
    f(4, 3, 2, 1.5),
    22.375,
    25.452161008448773,
    -0.9897782665572894,
    -1,
  ],
  [
    'fractions',
    f(0.1, 0.25, 0.3, 0.8, 0.95, 0.5),
    f(0.2, 0.2, 0.35, 0.7, 0.9, 0.65),
    0.08333333333333333,
    0.0912870929175277,
    0.9588817902844918,
    0.9856107606091623,
  ],
] as const;

describe('regression metrics against scikit-learn and scipy', () => {
  it.each(CASES)('%s', (_, x, y, mae, rmse, pearson, spearman) => {
    expect(meanAbsoluteError(x, y)).toBeCloseTo(mae, 14);
    expect(rootMeanSquaredError(x, y)).toBeCloseTo(rmse, 14);
    expect(pearsonCorrelationScore(x, y)).toBeCloseTo(pearson, 14);
    expect(spearmanCorrelationScore(x, y)).toBeCloseTo(spearman, 14);
  });

  it('computes hand-checkable values', () => {
    // |1−2| + |2−1| + … = 4 over 5; squares sum to 4 → √0.8.
    expect(meanAbsoluteError(f(1, 2, 3, 4, 5), f(2, 1, 4, 3, 5))).toBe(0.8);
    expect(rootMeanSquaredError(f(0, 0), f(3, 4))).toBeCloseTo(Math.sqrt(12.5), 15);
    expect(pearsonCorrelationScore(f(1, 2, 3), f(2, 4, 6))).toBeCloseTo(1, 15);
    expect(pearsonCorrelationScore(f(1, 2), f(5, 3))).toBe(-1); // two points: sign of the slope
  });

  it('gives average ranks to ties like scipy rankdata', () => {
    expect([...averageRanks([1, 2, 2, 3, 4, 4, 4, 5])]).toEqual([1, 2.5, 2.5, 4, 6, 6, 6, 8]);
    expect([...averageRanks([3, 1, 2])]).toEqual([3, 1, 2]);
  });

  it('keeps Pearson stable for large offsets and small spreads', () => {
    // scipy 1.10: pearsonr(x, y) = 0.33432540653578124, spearmanr = 0.3914537831560393.
    const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], (v) => v * 1e-3 + 1e6);
    const y = f(3, 1, 4, 1, 5, 9, 2, 6, 5, 3);
    expect(pearsonCorrelationScore(x, y)).toBeCloseTo(0.33432540653578124, 14);
    expect(spearmanCorrelationScore(x, y)).toBeCloseTo(0.3914537831560393, 14);
  });

  it('agrees: Spearman equals Pearson on the ranks, and ignores monotone transforms', () => {
    const x = f(0.3, 1.7, 0.2, 5, 2.2, 2.2),
      y = f(1, 3, 2, 8, 4, 9);
    expect(spearmanCorrelationScore(x, y)).toBeCloseTo(
      pearsonCorrelationScore(averageRanks(x), averageRanks(y)),
      14,
    );
    expect(spearmanCorrelationScore(x.map(Math.exp), y)).toBeCloseTo(
      spearmanCorrelationScore(x, y),
      15,
    );
  });

  it('is symmetric and invariant to sample order', () => {
    const x = f(0.3, 1.7, 0.2, 5, 2.2),
      y = f(1, 3, 2, 8, 4);
    const perm = [4, 2, 0, 3, 1];
    const px = Float64Array.from(perm, (i) => x[i] ?? 0),
      py = Float64Array.from(perm, (i) => y[i] ?? 0);
    for (const metric of [
      meanAbsoluteError,
      rootMeanSquaredError,
      pearsonCorrelationScore,
      spearmanCorrelationScore,
    ]) {
      expect(metric(y, x)).toBeCloseTo(metric(x, y), 14);
      expect(metric(px, py)).toBeCloseTo(metric(x, y), 14);
    }
  });

  it('returns NaN for constant input, fewer than two points or NaN values, like scipy', () => {
    for (const metric of [pearsonCorrelationScore, spearmanCorrelationScore]) {
      expect(metric(f(1, 1, 1), f(1, 2, 3))).toBeNaN();
      expect(metric(f(1, 2, 3), f(7, 7, 7))).toBeNaN();
      expect(metric(f(1), f(2))).toBeNaN();
      expect(metric(f(1, Number.NaN, 3), f(1, 2, 3))).toBeNaN();
    }
  });

  it('returns NaN for empty input and throws a RangeError on length mismatch', () => {
    for (const metric of [
      meanAbsoluteError,
      rootMeanSquaredError,
      pearsonCorrelationScore,
      spearmanCorrelationScore,
    ]) {
      expect(metric(f(), f())).toBeNaN();
      expect(() => metric(f(1, 2), f(1))).toThrow(RangeError);
    }
  });
});
