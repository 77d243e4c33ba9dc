import { describe, expect, it } from 'vitest';
import { averagePrecisionScore } from './average-precision-score.js';
import { expectedCalibrationError } from './expected-calibration-error.js';
import { randomBinary } from './test-fixtures.js';

const labels = (...v: number[]) => Int32Array.from(v);
const scores = (...v: number[]) => Float64Array.from(v);

describe('averagePrecisionScore', () => {
  it.each([
    [labels(0, 0, 1, 1), scores(0.1, 0.4, 0.35, 0.8), 0.8333333333333333], // sklearn docs
    [labels(1, 0, 1, 0, 1), scores(0.5, 0.5, 0.5, 0.2, 0.9), 0.8333333333333333], // sklearn 1.2.1, ties
    [labels(1, 1, 0), scores(0.9, 0.8, 0.1), 1],
  ])('known case %#', (yTrue, yScore, expected) => {
    expect(averagePrecisionScore(yTrue, yScore)).toBeCloseTo(expected, 15);
  });

  it('treats tied scores as one threshold, whatever their order', () => {
    // One threshold at 0.5 holds 2 positives and 1 negative: P = 2/3 at R = 1, so AP = 2/3.
    expect(averagePrecisionScore(labels(1, 0, 0, 1), scores(0.5, 0.5, 0.1, 0.5))).toBeCloseTo(
      2 / 3,
      15,
    );
    expect(averagePrecisionScore(labels(0, 1, 1, 0), scores(0.5, 0.5, 0.5, 0.1))).toBeCloseTo(
      2 / 3,
      15,
    );
  });

  it('equals the mean of precision at each positive when scores are distinct', () => {
    const { yTrue, yScore } = randomBinary(400, 'ap', 8);
    const order = Array.from(yScore.keys()).sort((i, j) => yScore[j]! - yScore[i]!);
    let tp = 0,
      sum = 0;
    order.forEach((i, rank) => {
      if (yTrue[i] === 1) sum += ++tp / (rank + 1);
    });
    expect(averagePrecisionScore(yTrue, yScore)).toBeCloseTo(sum / tp, 13);
  });

  it('is NaN without positives (sklearn returns 0 with a warning) and for empty input', () => {
    expect(averagePrecisionScore(labels(0, 0), scores(0.1, 0.2))).toBeNaN();
    expect(averagePrecisionScore(labels(), scores())).toBeNaN();
  });
});

describe('expectedCalibrationError', () => {
  it('bins by max-probability confidence (hand-checkable)', () => {
    // Both samples are correct with confidence 0.8 and 0.6 → one bin (0.5, 1], |1 − 0.7| = 0.3.
    expect(
      expectedCalibrationError(labels(1, 0), scores(0.2, 0.8, 0.6, 0.4), 2, { nBins: 2 }),
    ).toBeCloseTo(0.3, 15);
    // With 15 bins they fall in different bins: ½·|1 − 0.8| + ½·|1 − 0.6| = 0.3 as well.
    expect(expectedCalibrationError(labels(1, 0), scores(0.2, 0.8, 0.6, 0.4), 2)).toBeCloseTo(
      0.3,
      15,
    );
    // Wrong and confident: |0 − 0.9| = 0.9.
    expect(expectedCalibrationError(labels(0), scores(0.1, 0.9), 2)).toBeCloseTo(0.9, 15);
  });

  it('is 0 for one-hot correct predictions and puts a confidence on an edge in the lower bin', () => {
    expect(expectedCalibrationError(labels(0, 1), scores(1, 0, 0, 1), 2)).toBe(0);
    // 0.6 with 5 bins is the upper edge of (0.4, 0.6]; with 0.7 in (0.6, 0.8] the bins differ.
    const ece = expectedCalibrationError(labels(0, 0), scores(0.6, 0.4, 0.7, 0.3), 2, { nBins: 5 });
    expect(ece).toBeCloseTo(0.5 * 0.4 + 0.5 * 0.3, 15);
  });

  it('returns NaN for empty input and throws on bad shapes or NaN', () => {
    expect(expectedCalibrationError(labels(), scores(), 2)).toBeNaN();
    expect(() => expectedCalibrationError(labels(0), scores(0.5), 2)).toThrow(RangeError);
    expect(() => expectedCalibrationError(labels(0), scores(0.5, Number.NaN), 2)).toThrow(/NaN/);
    expect(() => expectedCalibrationError(labels(0), scores(0.5, 0.5), 2, { nBins: 0 })).toThrow(
      RangeError,
    );
  });
});
