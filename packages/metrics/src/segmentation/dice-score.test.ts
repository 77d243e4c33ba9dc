import { describe, expect, it } from 'vitest';
import { diceScore } from './dice-score.js';
import { iouScore } from './iou-score.js';
import { createRng } from '../statistics/prng.js';

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

  it('counts word by word exactly as voxel by voxel, at any byte alignment', () => {
    const rng = createRng('dice-words');
    // Bytes 0, 1, 128, 255 and others; runs of zeros so that whole words are skipped.
    const randomMask = (n: number) =>
      Uint8Array.from({ length: n }, () =>
        rng.nextInt(3) === 0 ? [1, 128, 255, 7][rng.nextInt(4)]! : 0,
      );
    const byteDice = (p: Uint8Array, t: Uint8Array) => {
      let overlap = 0,
        total = 0;
      for (let i = 0; i < p.length; i++) {
        total += Number(p[i] !== 0) + Number(t[i] !== 0);
        overlap += Number(p[i] !== 0 && t[i] !== 0);
      }
      return total === 0 ? Number.NaN : (2 * overlap) / total;
    };
    const p = randomMask(4096),
      t = randomMask(4096);
    p.fill(0, 1000, 2000);
    t.fill(0, 1200, 2400);
    for (const [pStart, tStart, length] of [
      [0, 0, 4096],
      [1, 1, 3000],
      [3, 7, 1001],
      [2, 5, 999],
      [5, 5, 63],
      [0, 0, 64],
    ]) {
      const ps = p.subarray(pStart!, pStart! + length!),
        ts = t.subarray(tStart!, tStart! + length!);
      expect(diceScore(ps, ts)).toBe(byteDice(ps, ts));
      expect(iouScore(ps, ts)).toBe(jaccardFromCounts(ps, ts));
    }
  });
});

function jaccardFromCounts(p: Uint8Array, t: Uint8Array): number {
  let intersection = 0,
    union = 0;
  for (let i = 0; i < p.length; i++) {
    intersection += Number(p[i] !== 0 && t[i] !== 0);
    union += Number(p[i] !== 0 || t[i] !== 0);
  }
  return union === 0 ? Number.NaN : intersection / union;
}

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
