import { describe, expect, it } from 'vitest';
import { accuracyScore } from './accuracy-score.js';
import { balancedAccuracyScore } from './balanced-accuracy-score.js';
import { cohenKappaScore } from './cohen-kappa-score.js';
import { f1Score } from './f1-score.js';
import { sensitivityScore } from './sensitivity-score.js';
import { specificityScore } from './specificity-score.js';
import { randomBinary, randomMulticlass } from './test-fixtures.js';

const labels = (...v: number[]) => Int32Array.from(v);

describe('accuracyScore', () => {
  it.each([
    [labels(0, 1, 2, 3), labels(0, 2, 1, 3), 0.5], // sklearn docs
    [labels(1, 1), labels(1, 1), 1],
    [labels(1, 0), labels(0, 1), 0],
  ])('known case %#', (yTrue, yPred, expected) => {
    expect(accuracyScore(yTrue, yPred)).toBe(expected);
  });
  it('returns NaN for empty input and throws on a length mismatch', () => {
    expect(accuracyScore(labels(), labels())).toBeNaN();
    expect(() => accuracyScore(labels(1), labels(1, 0))).toThrow(RangeError);
  });
});

describe('balancedAccuracyScore', () => {
  it('equals sklearn on its doc example (0.625) and a 3-class case (5/9)', () => {
    expect(balancedAccuracyScore(labels(0, 1, 0, 0, 1, 0), labels(0, 1, 0, 0, 0, 1))).toBe(0.625);
    expect(
      balancedAccuracyScore(labels(0, 1, 2, 2, 1, 0, 1), labels(0, 1, 2, 1, 1, 2, 2)),
    ).toBeCloseTo(5 / 9, 15);
  });
  it('ignores labels that are only predicted, like sklearn', () => {
    expect(balancedAccuracyScore(labels(0, 0, 1, 1), labels(0, 2, 1, 1))).toBe(0.75);
  });
  it('equals (sensitivity + specificity) / 2 for binary tasks', () => {
    const { yTrue, yPred } = randomBinary(500, 'ba');
    expect(balancedAccuracyScore(yTrue, yPred)).toBeCloseTo(
      (sensitivityScore(yTrue, yPred) + specificityScore(yTrue, yPred)) / 2,
      15,
    );
  });
  it('returns NaN for empty input', () =>
    expect(balancedAccuracyScore(labels(), labels())).toBeNaN());
});

describe('f1Score', () => {
  it('equals sklearn: macro 0.2666… (docs) and binary 6/7', () => {
    expect(f1Score(labels(0, 1, 2, 0, 1, 2), labels(0, 2, 1, 0, 0, 1), { average: 'macro' })).toBe(
      0.26666666666666666,
    );
    expect(f1Score(labels(0, 1, 1, 0, 1, 1), labels(0, 1, 0, 0, 1, 1))).toBe(0.8571428571428571);
  });
  it('is 0 when the positive class is never predicted nor present (sklearn zero_division)', () => {
    expect(f1Score(labels(0, 0), labels(0, 0))).toBe(0);
  });
  it('agrees with 2TP / (2TP + FP + FN) and macro-averages both classes for binary', () => {
    const { yTrue, yPred } = randomBinary(400, 'f1');
    let tp = 0,
      fp = 0,
      fn = 0,
      tn = 0;
    yTrue.forEach((t, i) => {
      if (t === 1 && yPred[i] === 1) tp++;
      else if (t === 0 && yPred[i] === 1) fp++;
      else if (t === 1) fn++;
      else tn++;
    });
    expect(f1Score(yTrue, yPred)).toBeCloseTo((2 * tp) / (2 * tp + fp + fn), 15);
    const f1Negative = (2 * tn) / (2 * tn + fn + fp);
    expect(f1Score(yTrue, yPred, { average: 'macro' })).toBeCloseTo(
      (f1Negative + (2 * tp) / (2 * tp + fp + fn)) / 2,
      15,
    );
  });
});

describe('sensitivityScore / specificityScore', () => {
  it('count by hand', () => {
    expect(sensitivityScore(labels(1, 1, 1, 0), labels(1, 1, 0, 1))).toBeCloseTo(2 / 3, 15);
    expect(specificityScore(labels(0, 0, 0, 1), labels(0, 1, 0, 1))).toBeCloseTo(2 / 3, 15);
  });
  it('are NaN without positives / negatives', () => {
    expect(sensitivityScore(labels(0, 0), labels(0, 1))).toBeNaN();
    expect(specificityScore(labels(1, 1), labels(0, 1))).toBeNaN();
  });
  it('swap when the positive label swaps', () => {
    const { yTrue, yPred } = randomBinary(300, 'swap-sens');
    expect(sensitivityScore(yTrue, yPred, { positiveLabel: 0 })).toBe(
      specificityScore(yTrue, yPred),
    );
  });
});

describe('cohenKappaScore', () => {
  const a = labels(2, 0, 2, 2, 0, 1),
    b = labels(0, 0, 2, 2, 0, 2);
  it.each([
    ['none', 0.4285714285714286],
    ['linear', 0.5],
    ['quadratic', 0.5454545454545454],
  ] as const)('equals sklearn with weights=%s', (weights, expected) => {
    expect(cohenKappaScore(a, b, { weights })).toBeCloseTo(expected, 15);
  });
  it('is symmetric, 1 for perfect agreement and NaN for a single label', () => {
    const { yTrue, yPred } = randomMulticlass(300, 4, 'kappa');
    expect(cohenKappaScore(yTrue, yPred)).toBeCloseTo(cohenKappaScore(yPred, yTrue), 15);
    expect(cohenKappaScore(yTrue, yTrue)).toBe(1);
    expect(cohenKappaScore(labels(1, 1), labels(1, 1))).toBeNaN();
  });
  it('agrees with (p_o − p_e)/(1 − p_e) for unweighted kappa', () => {
    const { yTrue, yPred } = randomMulticlass(500, 3, 'kappa-po');
    const n = yTrue.length;
    let agree = 0;
    const rows = [0, 0, 0],
      cols = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      if (yTrue[i] === yPred[i]) agree++;
      rows[yTrue[i]!]!++;
      cols[yPred[i]!]!++;
    }
    const po = agree / n,
      pe = rows.reduce((s, r, k) => s + (r * cols[k]!) / (n * n), 0);
    expect(cohenKappaScore(yTrue, yPred)).toBeCloseTo((po - pe) / (1 - pe), 14);
  });
});
