import { describe, expect, it } from 'vitest';
import { bootstrapIndices } from '../statistics/bootstrap-indices.js';
import { takeByIndex } from '../statistics/bootstrap.js';
import { averagePrecisionScore } from './average-precision-score.js';
import {
  bootstrapAveragePrecision,
  bootstrapRocAuc,
  bootstrapRocAucOvr,
} from './bootstrap-roc-auc.js';
import { rocAucOvrPerClass, rocAucOvrScore, rocAucScore } from './roc-auc-score.js';
import { randomBinary, randomMulticlass } from './test-fixtures.js';

const labels = (...v: number[]) => Int32Array.from(v);
const scores = (...v: number[]) => Float64Array.from(v);

/** O(n²) definition: P(s+ > s−) + ½ P(s+ = s−). */
function bruteForceAuc(yTrue: Int32Array, yScore: Float64Array): number {
  let wins = 0,
    pairs = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] !== 1) continue;
    for (let j = 0; j < yTrue.length; j++) {
      if (yTrue[j] === 1) continue;
      pairs++;
      wins += yScore[i]! > yScore[j]! ? 1 : yScore[i] === yScore[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

describe('rocAucScore', () => {
  it.each([
    [labels(0, 0, 1, 1), scores(0.1, 0.4, 0.35, 0.8), 0.75], // sklearn docs
    [labels(1, 0, 1, 0, 1), scores(0.5, 0.5, 0.5, 0.2, 0.9), 0.8333333333333333], // sklearn 1.2.1, ties
    [labels(0, 1), scores(0.2, 0.9), 1],
    [labels(0, 1), scores(0.9, 0.2), 0],
    [labels(0, 1, 0, 1), scores(0.5, 0.5, 0.5, 0.5), 0.5],
  ])('known case %#', (yTrue, yScore, expected) => {
    expect(rocAucScore(yTrue, yScore)).toBeCloseTo(expected, 15);
  });

  it('equals the pairwise definition on tied random data', () => {
    const { yTrue, yScore } = randomBinary(700, 'auc-ties', 1);
    expect(rocAucScore(yTrue, yScore)).toBeCloseTo(bruteForceAuc(yTrue, yScore), 14);
  });

  it('is NaN when only one class is present (sklearn raises) and for empty input', () => {
    expect(rocAucScore(labels(1, 1), scores(0.2, 0.3))).toBeNaN();
    expect(rocAucScore(labels(), scores())).toBeNaN();
  });

  it('honours positiveLabel: swapping the positive class gives 1 − AUC', () => {
    const { yTrue, yScore } = randomBinary(300, 'swap');
    expect(rocAucScore(yTrue, yScore, { positiveLabel: 0 })).toBeCloseTo(
      1 - rocAucScore(yTrue, yScore),
      14,
    );
  });

  it('throws on a length mismatch or a NaN score', () => {
    expect(() => rocAucScore(labels(0, 1), scores(0.1))).toThrow(RangeError);
    expect(() => rocAucScore(labels(0, 1), scores(0.1, Number.NaN))).toThrow(/NaN/);
  });
});

describe('rocAucOvrScore', () => {
  const y = labels(0, 1, 2, 2, 1, 0, 1);
  const s = scores(
    0.6,
    0.3,
    0.1,
    0.2,
    0.5,
    0.3,
    0.1,
    0.2,
    0.7,
    0.3,
    0.3,
    0.4,
    0.5,
    0.4,
    0.1,
    0.4,
    0.4,
    0.2,
    0.1,
    0.1,
    0.8,
  );

  it('equals sklearn ovr-macro on a hand-sized case (0.775)', () => {
    expect(rocAucOvrScore(y, s, 3)).toBeCloseTo(0.775, 15);
  });

  it('is the mean of per-class binary AUROCs', () => {
    const per = rocAucOvrPerClass(y, s, 3);
    for (let k = 0; k < 3; k++) {
      const column = Float64Array.from({ length: y.length }, (_, i) => s[i * 3 + k]!);
      const yk = Int32Array.from(y, (v) => (v === k ? 1 : 0));
      expect(per[k]).toBeCloseTo(rocAucScore(yk, column), 15);
    }
  });

  it('is NaN when a class is absent and throws on a shape mismatch', () => {
    expect(
      rocAucOvrScore(labels(0, 1, 0), scores(0.5, 0.3, 0.2, 0.1, 0.8, 0.1, 0.6, 0.2, 0.2), 3),
    ).toBeNaN();
    expect(() => rocAucOvrScore(y, s, 4)).toThrow(RangeError);
  });
});

describe('bootstrapRocAuc', () => {
  it('equals rocAucScore on every materialised resample (with ties)', () => {
    const { yTrue, yScore } = randomBinary(500, 'boot-eq', 2);
    const indices = bootstrapIndices(500, 30, 'boot-eq');
    const fast = bootstrapRocAuc(yTrue, yScore, indices);
    const fastAp = bootstrapAveragePrecision(yTrue, yScore, indices);
    const rowTrue = new Int32Array(500),
      rowScore = new Float64Array(500);
    for (let b = 0; b < 30; b++) {
      const row = indices.subarray(b * 500, (b + 1) * 500);
      takeByIndex(yTrue, row, rowTrue);
      takeByIndex(yScore, row, rowScore);
      expect(fast[b]).toBe(rocAucScore(rowTrue, rowScore));
      expect(fastAp[b]).toBeCloseTo(averagePrecisionScore(rowTrue, rowScore), 14);
    }
  });

  it('gives NaN for a resample with a single class', () => {
    const values = bootstrapRocAuc(labels(0, 1), scores(0.2, 0.8), Int32Array.of(0, 0, 0, 1));
    expect(values[0]).toBeNaN();
    expect(values[1]).toBe(1);
  });
});

describe('bootstrapRocAucOvr', () => {
  it('equals rocAucOvrScore on every materialised resample', () => {
    const { yTrue, scores: s } = randomMulticlass(300, 4, 'ovr-boot');
    const indices = bootstrapIndices(300, 10, 'ovr-boot');
    const fast = bootstrapRocAucOvr(yTrue, s, 4, indices);
    const rowTrue = new Int32Array(300),
      rowScores = new Float64Array(1200);
    for (let b = 0; b < 10; b++) {
      const row = indices.subarray(b * 300, (b + 1) * 300);
      takeByIndex(yTrue, row, rowTrue);
      for (let j = 0; j < 300; j++)
        for (let c = 0; c < 4; c++) rowScores[j * 4 + c] = s[row[j]! * 4 + c]!;
      expect(fast[b]).toBe(rocAucOvrScore(rowTrue, rowScores, 4));
    }
  });
});
