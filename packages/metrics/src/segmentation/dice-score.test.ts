import { describe, expect, it } from 'vitest';
import { diceScore } from './dice-score.js';
import { iouScore } from './iou-score.js';

const mask = (...voxels: number[]) => Uint8Array.from(voxels);

describe('diceScore', () => {
  it.each([
    [mask(1, 0, 0, 1), mask(1, 0, 1, 1), 0.8], // MONAI's TEST_CASE_1
    [mask(1, 1, 0, 0), mask(1, 1, 0, 0), 1],
    [mask(1, 1, 0, 0), mask(0, 0, 1, 1), 0],
    [mask(255, 0, 3), mask(1, 0, 1), 1], // any non-zero value is foreground
  ])('known case %#', (prediction, truth, expected) => {
    expect(diceScore(prediction, truth)).toBeCloseTo(expected, 12);
  });

  it('returns emptyValue when both masks are empty', () => {
    expect(diceScore(mask(0, 0), mask(0, 0))).toBeNaN();
    expect(diceScore(mask(0, 0), mask(0, 0), { emptyValue: 1 })).toBe(1);
  });

  it('returns 0 when exactly one mask is empty', () => {
    expect(diceScore(mask(0, 0), mask(0, 1))).toBe(0);
    expect(diceScore(mask(1, 0), mask(0, 0))).toBe(0);
  });

  it('agrees with Jaccard: D = 2J / (1 + J)', () => {
    const p = mask(1, 1, 0, 1, 0),
      t = mask(1, 0, 0, 1, 1);
    const j = iouScore(p, t);
    expect(diceScore(p, t)).toBeCloseTo((2 * j) / (1 + j), 12);
  });

  it('is symmetric', () => {
    const p = mask(1, 1, 0, 1, 0, 1),
      t = mask(1, 0, 0, 1, 1, 0);
    expect(diceScore(p, t)).toBe(diceScore(t, p));
  });

  it('throws RangeError on a length mismatch', () => {
    expect(() => diceScore(mask(1, 0), mask(1))).toThrow(RangeError);
  });
});

describe('iouScore', () => {
  it.each([
    [mask(1, 0, 0, 1), mask(1, 0, 1, 1), 2 / 3],
    [mask(1, 1, 0, 0), mask(1, 1, 0, 0), 1],
    [mask(1, 1, 0, 0), mask(0, 0, 1, 1), 0],
    [mask(1, 1, 1, 1), mask(1, 0, 0, 0), 0.25],
  ])('known case %#', (prediction, truth, expected) => {
    expect(iouScore(prediction, truth)).toBeCloseTo(expected, 12);
  });

  it('returns emptyValue when both masks are empty, 0 when one is', () => {
    expect(iouScore(mask(0, 0), mask(0, 0))).toBeNaN();
    expect(iouScore(mask(0, 0), mask(0, 0), { emptyValue: 0 })).toBe(0);
    expect(iouScore(mask(0, 1), mask(0, 0))).toBe(0);
  });

  it('throws RangeError on a length mismatch', () => {
    expect(() => iouScore(mask(1, 0, 0), mask(1))).toThrow(RangeError);
  });
});
