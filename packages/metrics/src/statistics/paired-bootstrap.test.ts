import { describe, expect, it } from 'vitest';
import { comparePairedBootstrap, holmAdjust, pairedBootstrapPValue } from './paired-bootstrap.js';
import { createRng } from './prng.js';

const normalish = (rng: ReturnType<typeof createRng>) => {
  // Irwin–Hall(12) − 6: mean 0, variance 1; good enough for a test fixture.
  let s = 0;
  for (let i = 0; i < 12; i++) s += rng.nextFloat64();
  return s - 6;
};

describe('pairedBootstrapPValue', () => {
  it('is 1 for identical entries', () => {
    const a = Float64Array.of(0.7, 0.8, 0.75);
    expect(pairedBootstrapPValue(a, a)).toBe(1);
  });

  it('is the smallest attainable value 2/(B+1) when one entry always wins', () => {
    const a = Float64Array.from({ length: 999 }, () => 0.9);
    const b = Float64Array.from({ length: 999 }, () => 0.8);
    expect(pairedBootstrapPValue(a, b)).toBeCloseTo(2 / 1000, 15);
    expect(pairedBootstrapPValue(b, a)).toBeCloseTo(2 / 1000, 15);
  });

  it('counts tails by hand: d = [-1, 1, 2, 3] gives 2·min(2, 4)/5', () => {
    expect(
      pairedBootstrapPValue(Float64Array.of(0, 2, 3, 4), Float64Array.of(1, 1, 1, 1)),
    ).toBeCloseTo(0.8, 15);
  });

  it('skips NaN replicates and returns NaN when none is shared', () => {
    expect(
      pairedBootstrapPValue(Float64Array.of(Number.NaN, 1), Float64Array.of(0, 0)),
    ).toBeCloseTo(1, 15);
    expect(pairedBootstrapPValue(Float64Array.of(Number.NaN), Float64Array.of(0))).toBeNaN();
    expect(() => pairedBootstrapPValue(Float64Array.of(1), Float64Array.of(1, 2))).toThrow(
      RangeError,
    );
  });
});

describe('holmAdjust', () => {
  it('matches the textbook example', () => {
    const adjusted = holmAdjust(Float64Array.of(0.01, 0.04, 0.03));
    expect(adjusted[0]).toBeCloseTo(0.03, 15);
    expect(adjusted[1]).toBeCloseTo(0.06, 15);
    expect(adjusted[2]).toBeCloseTo(0.06, 15);
  });

  it('caps at 1 and leaves NaN out of the family size', () => {
    // m = 3: 0.02·3 = 0.06, 0.5·2 = 1.0, then 0.6·1 is raised to the running maximum 1.
    const adjusted = holmAdjust(Float64Array.of(0.6, Number.NaN, 0.02, 0.5));
    expect(adjusted[2]).toBeCloseTo(0.06, 15);
    expect(adjusted[3]).toBe(1);
    expect(adjusted[0]).toBe(1);
    expect(adjusted[1]).toBeNaN();
  });
});

describe('comparePairedBootstrap', () => {
  // Three entries: A clearly best, B and C indistinguishable (same distribution, shared noise).
  const replicates = 1000;
  const rng = createRng('paired');
  const a = new Float64Array(replicates),
    b = new Float64Array(replicates),
    c = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) {
    const shared = 0.01 * normalish(rng); // the resample's difficulty moves every entry together
    a[r] = 0.9 + shared + 0.002 * normalish(rng);
    b[r] = 0.8 + shared + 0.002 * normalish(rng);
    c[r] = 0.8 + shared + 0.002 * normalish(rng);
  }

  it('ranks a clear winner first with its own tier and ties the rest', () => {
    const result = comparePairedBootstrap({
      replicateValues: [a, b, c],
      pointEstimates: [0.9, 0.801, 0.8],
      higherIsBetter: true,
    });
    const [ea, eb, ec] = result.entries;
    expect(ea!.rankInterval).toEqual([1, 1]);
    expect(ea!.probabilityBest).toBe(1);
    expect(ea!.significanceRank).toBe(1);
    expect(ea!.significantlyBetterThan).toEqual([1, 2]);
    expect(eb!.significanceRank).toBe(2);
    expect(ec!.significanceRank).toBe(2);
    expect(eb!.rankInterval).toEqual([2, 3]);
    expect(result.adjustedPValues[1 * 3 + 2]!).toBeGreaterThan(0.05);
    expect(result.pValues[0 * 3 + 1]!).toBeCloseTo(2 / 1001, 15);
    const total = result.entries.reduce((s, e) => s + e.probabilityBest, 0);
    expect(total).toBeCloseTo(1, 12);
  });

  it('is direction-aware: for an error metric the lowest value is best', () => {
    const result = comparePairedBootstrap({
      replicateValues: [a, b, c],
      pointEstimates: [0.9, 0.801, 0.8],
      higherIsBetter: false,
    });
    expect(result.entries[0]!.significanceRank).toBe(3);
    expect(result.entries[0]!.rankInterval).toEqual([3, 3]);
    expect(result.entries[1]!.significanceRank).toBe(1);
  });

  it('shares rank 1 and the best-probability between exact ties', () => {
    const same = Float64Array.of(1, 2, 3);
    const result = comparePairedBootstrap({
      replicateValues: [same, same],
      pointEstimates: [2, 2],
      higherIsBetter: true,
    });
    expect(result.entries.map((e) => e.probabilityBest)).toEqual([0.5, 0.5]);
    expect(result.entries.map((e) => e.rankInterval)).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it('excludes replicates where any entry is undefined', () => {
    const result = comparePairedBootstrap({
      replicateValues: [Float64Array.of(1, Number.NaN, 3), Float64Array.of(0, 0, 0)],
      pointEstimates: [2, 0],
      higherIsBetter: true,
    });
    expect(result.excludedReplicates).toBe(1);
    expect(result.entries[0]!.probabilityBest).toBe(1);
  });
});
