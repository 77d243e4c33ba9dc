import { describe, expect, it } from 'vitest';
import { erfc, pairedDifference, rankStatistics, twoSidedNormalPValue } from './rank-statistics.js';

// Three entries on four shared replicates, worked by hand (see each expectation):
//   A = [0.90, 0.80, 0.85, 0.70]  point 0.82
//   B = [0.80, 0.85, 0.75, 0.70]  point 0.78
//   C = [0.10, 0.20, 0.15, 0.10]  point 0.15
// Replicate ranks: A [1, 2, 1, 1] (tied with B on the last), B [2, 1, 2, 1], C [3, 3, 3, 3].
const A = Float64Array.of(0.9, 0.8, 0.85, 0.7);
const B = Float64Array.of(0.8, 0.85, 0.75, 0.7);
const C = Float64Array.of(0.1, 0.2, 0.15, 0.1);

describe('erfc and normal p-values', () => {
  it('matches known values', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.15729920705028513, 7);
    expect(erfc(-1)).toBeCloseTo(2 - 0.15729920705028513, 7);
    expect(twoSidedNormalPValue(2)).toBeCloseTo(0.04550026389635844, 7);
    expect(twoSidedNormalPValue(-2)).toBeCloseTo(0.04550026389635844, 7);
    expect(twoSidedNormalPValue(Number.NaN)).toBeNaN();
  });
});

describe('pairedDifference', () => {
  it('gives the hand-computed difference, percentile CI and p-value', () => {
    // d = [0.10, −0.05, 0.10, 0.00]; sorted [−0.05, 0, 0.1, 0.1]; type-7 2.5th percentile at
    // index 0.075 → −0.05 + 0.075·0.05 = −0.04625, 97.5th at index 2.925 → 0.1.
    // sd(d) = √(0.016875/3) = 0.075; z = 0.04/0.075; p = erfc(z/√2) = 0.5938028572…
    const result = pairedDifference(A, B, 0.82, 0.78);
    expect(result.diff).toBeCloseTo(0.04, 12);
    expect(result.ciLow).toBeCloseTo(-0.04625, 12);
    expect(result.ciHigh).toBeCloseTo(0.1, 12);
    expect(result.pValue).toBeCloseTo(0.5938028572077024, 6);
    expect(result.replicates).toBe(4);
  });

  it('is p = 1 for identical entries and p = 0 for a constant non-zero difference', () => {
    expect(pairedDifference(A, A, 0.8, 0.8).pValue).toBe(1);
    const shifted = A.map((v) => v - 0.1);
    expect(pairedDifference(A, shifted, 0.8, 0.7).pValue).toBe(0);
  });

  it('skips NaN replicates, is NaN with fewer than two, and refuses unequal lengths', () => {
    expect(
      pairedDifference(Float64Array.of(Number.NaN, 1, 2), Float64Array.of(0, 0, 0), 1, 0)
        .replicates,
    ).toBe(2);
    expect(
      pairedDifference(Float64Array.of(Number.NaN, 1), Float64Array.of(0, 0), 1, 0).pValue,
    ).toBeNaN();
    expect(() => pairedDifference(A, Float64Array.of(1), 0, 0)).toThrow(RangeError);
  });
});

describe('rankStatistics', () => {
  it('gives the hand-computed rank intervals, P(best) and tiers', () => {
    const { entries, excludedReplicates } = rankStatistics({
      replicateValues: [A, B, C],
      pointEstimates: [0.82, 0.78, 0.15],
      higherIsBetter: true,
    });
    expect(excludedReplicates).toBe(0);
    // A ranks [1,1,1,2] sorted: 2.5th pct 1, 97.5th pct 1.925 → [1, 2].
    expect(entries[0]!.rankInterval).toEqual([1, 2]);
    expect(entries[1]!.rankInterval).toEqual([1, 2]);
    expect(entries[2]!.rankInterval).toEqual([3, 3]);
    // A best in replicates 0 and 2 and shares replicate 3 with B: (1 + 1 + 0.5)/4.
    expect(entries[0]!.probabilityBest).toBeCloseTo(0.625, 12);
    expect(entries[1]!.probabilityBest).toBeCloseTo(0.375, 12);
    expect(entries[2]!.probabilityBest).toBe(0);
    // Raw p: AB 0.594, AC 2.6e-12, BC ~1e-39; Holm ×1, ×2, ×3: only AC and BC reject at 0.05.
    expect(entries.map((e) => e.tier)).toEqual([1, 1, 3]);
  });

  it('ranks lower-is-better metrics the other way round', () => {
    const negate = (x: Float64Array) => x.map((v) => -v);
    const { entries } = rankStatistics({
      replicateValues: [negate(A), negate(B), negate(C)],
      pointEstimates: [-0.82, -0.78, -0.15],
      higherIsBetter: false,
    });
    expect(entries.map((e) => e.rankInterval)).toEqual([
      [1, 2],
      [1, 2],
      [3, 3],
    ]);
    expect(entries.map((e) => e.tier)).toEqual([1, 1, 3]);
    expect(entries[0]!.probabilityBest).toBeCloseTo(0.625, 12);
  });

  it('leaves out replicates where any entry is undefined', () => {
    const withGap = Float64Array.of(0.9, Number.NaN, 0.85, 0.7);
    const { entries, excludedReplicates } = rankStatistics({
      replicateValues: [withGap, B],
      pointEstimates: [0.82, 0.78],
      higherIsBetter: true,
    });
    expect(excludedReplicates).toBe(1);
    // Replicates 0, 2, 3: A 1, 1, 1 (tie) → P(best) (1 + 1 + 0.5)/3.
    expect(entries[0]!.probabilityBest).toBeCloseTo(2.5 / 3, 12);
  });

  it('handles an empty board and refuses mismatched input', () => {
    expect(
      rankStatistics({ replicateValues: [], pointEstimates: [], higherIsBetter: true }).entries,
    ).toEqual([]);
    expect(() =>
      rankStatistics({
        replicateValues: [A, Float64Array.of(1)],
        pointEstimates: [1, 2],
        higherIsBetter: true,
      }),
    ).toThrow(RangeError);
    expect(() =>
      rankStatistics({ replicateValues: [A], pointEstimates: [], higherIsBetter: true }),
    ).toThrow(RangeError);
  });

  it('finds the clear separation of a large board (its speed is measured by bench/load)', () => {
    const k = 300;
    const replicates = 1000;
    const values = Array.from({ length: k }, (_, e) =>
      Float64Array.from({ length: replicates }, (_, r) => e / k + 0.001 * Math.sin(r * (e + 1))),
    );
    const { entries } = rankStatistics({
      replicateValues: values,
      pointEstimates: values.map((_, e) => e / k),
      higherIsBetter: true,
    });
    expect(entries[k - 1]!.tier).toBe(1);
    // Neighbours 1/300 apart with noise ~0.001 are not separable under Holm over 44,850 pairs;
    // entries far apart are, so tiers grow down the board and never invert.
    expect(entries[0]!.tier).toBeGreaterThan(k - 5);
    for (let e = 1; e < k; e++) expect(entries[e]!.tier).toBeLessThanOrEqual(entries[e - 1]!.tier);
    expect(entries[k - 1]!.rankInterval).toEqual([1, 1]);
  });
});
