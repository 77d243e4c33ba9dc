import { describe, expect, it } from 'vitest';
import { averageSymmetricSurfaceDistance } from './average-symmetric-surface-distance.js';
import { computeSegmentationMetrics } from './compute-segmentation-metrics.js';
import { diceScore } from './dice-score.js';
import { hausdorffDistance, hausdorffDistance95 } from './hausdorff-distance.js';
import { iouScore } from './iou-score.js';
import { maxDistanceMm } from './mask-shape.js';
import { normalizedSurfaceDiceScore } from './normalized-surface-dice-score.js';
import { surfaceDistances } from './surface-distances.js';
import { bruteDirected, brutePercentile, randomMask, seededRandom } from './testing/brute-force.js';

const mask = (...voxels: number[]) => Uint8Array.from(voxels);
type Shape = [number, number] | [number, number, number];

describe('surface distance metrics: hand-checkable cases', () => {
  // 1-D strips as [1, n] grids. P = {0, 1}, T = {0}: d(P→T) = [0, 1], d(T→P) = [0].
  const p = mask(1, 1, 0, 0),
    t = mask(1, 0, 0, 0);
  const shape: Shape = [1, 4],
    spacing = [1, 1] as const;

  it('computes the directed distances', () => {
    const d = surfaceDistances(p, t, shape, spacing);
    expect(Array.from(d.predictionToTruth)).toEqual([0, 1]);
    expect(Array.from(d.truthToPrediction)).toEqual([0]);
  });

  it('gives HD = 1, ASSD = 1/3, NSD(τ = 0.5) = 2/3', () => {
    expect(hausdorffDistance(p, t, shape, spacing)).toBe(1);
    expect(averageSymmetricSurfaceDistance(p, t, shape, spacing)).toBeCloseTo(1 / 3, 15);
    expect(normalizedSurfaceDiceScore(p, t, shape, spacing, { toleranceMm: 0.5 })).toBeCloseTo(
      2 / 3,
      15,
    );
    expect(normalizedSurfaceDiceScore(p, t, shape, spacing, { toleranceMm: 1 })).toBe(1); // `<=`
  });

  it('gives HD95 0.95 (MONAI: max of directed p95) and 0.9 (pooled p95 of [0, 0, 1])', () => {
    expect(hausdorffDistance95(p, t, shape, spacing)).toBeCloseTo(0.95, 15);
    expect(hausdorffDistance95(p, t, shape, spacing, { convention: 'pooled' })).toBeCloseTo(
      0.9,
      15,
    );
    expect(hausdorffDistance95(p, t, shape, spacing, { percentile: 100 })).toBe(1);
  });

  it('uses the spacing of each axis', () => {
    const a = mask(1, 0, 0),
      b = mask(0, 0, 1);
    expect(hausdorffDistance(a, b, [1, 3], [1, 2])).toBe(4);
    expect(hausdorffDistance(a, b, [3, 1], [0.5, 9])).toBe(1);
  });

  it('is 0 for identical masks, and symmetric', () => {
    const random = seededRandom(3);
    const a = randomMask([6, 7, 8], random),
      b = randomMask([6, 7, 8], random);
    const sp = [0.8, 0.8, 2.5] as const;
    expect(hausdorffDistance95(a, a, [6, 7, 8], sp)).toBe(0);
    expect(normalizedSurfaceDiceScore(a, a, [6, 7, 8], sp, { toleranceMm: 0 })).toBe(1);
    expect(hausdorffDistance95(a, b, [6, 7, 8], sp)).toBe(hausdorffDistance95(b, a, [6, 7, 8], sp));
    expect(averageSymmetricSurfaceDistance(a, b, [6, 7, 8], sp)).toBeCloseTo(
      averageSymmetricSurfaceDistance(b, a, [6, 7, 8], sp),
      12,
    );
  });
});

describe('empty masks', () => {
  const empty = mask(0, 0, 0, 0),
    full = mask(0, 1, 1, 0);
  const shape: Shape = [2, 2],
    spacing = [1, 1] as const;

  it('both empty: every metric is bothEmptyValue (default NaN)', () => {
    const m = computeSegmentationMetrics(empty, empty, shape, spacing, { toleranceMm: 1 });
    for (const v of [m.dice, m.iou, m.hd95, m.hd95Pooled, m.hd, m.assd, m.nsd]) expect(v).toBeNaN();
    expect(hausdorffDistance95(empty, empty, shape, spacing)).toBeNaN();
    expect(hausdorffDistance(empty, empty, shape, spacing, { bothEmptyValue: 0 })).toBe(0);
    expect(normalizedSurfaceDiceScore(empty, empty, shape, spacing, { toleranceMm: 1 })).toBeNaN();
  });

  it('one empty: Dice, IoU and NSD are 0, distances +Infinity unless a worst case is given', () => {
    for (const [p, t] of [
      [empty, full],
      [full, empty],
    ] as const) {
      const m = computeSegmentationMetrics(p, t, shape, spacing, { toleranceMm: 1 });
      expect([m.dice, m.iou, m.nsd]).toEqual([0, 0, 0]);
      expect([m.hd95, m.hd95Pooled, m.hd, m.assd]).toEqual([
        Infinity,
        Infinity,
        Infinity,
        Infinity,
      ]);
      expect(averageSymmetricSurfaceDistance(p, t, shape, spacing)).toBe(Infinity);
      const worst = maxDistanceMm(shape, spacing);
      expect(worst).toBeCloseTo(Math.SQRT2, 15);
      expect(hausdorffDistance95(p, t, shape, spacing, { oneEmptyDistanceMm: worst })).toBe(worst);
    }
  });
});

describe('computeSegmentationMetrics', () => {
  it.each([
    [
      [10, 9, 8],
      [0.8, 0.8, 2.5],
    ],
    [
      [6, 14, 11],
      [1.5, 0.5, 1],
    ],
    [
      [15, 12],
      [0.7, 1.9],
    ],
  ])('matches brute-force surfaces and distances on random masks, shape %j', (shape, spacing) => {
    const random = seededRandom(shape.reduce((a, b) => a * 17 + b, 1));
    for (let rep = 0; rep < 4; rep++) {
      const p = randomMask(shape, random),
        t = randomMask(shape, random);
      const dPT = bruteDirected(p, t, shape, spacing),
        dTP = bruteDirected(t, p, shape, spacing);
      const both = [...dPT, ...dTP];
      const m = computeSegmentationMetrics(p, t, shape as Shape, spacing as Shape, {
        toleranceMm: 1.6,
      });
      expect(m.counts.predictionSurfaceVoxels).toBe(dPT.length);
      expect(m.counts.truthSurfaceVoxels).toBe(dTP.length);
      expect(m.hd95).toBeCloseTo(Math.max(brutePercentile(dPT, 95), brutePercentile(dTP, 95)), 12);
      expect(m.hd95Pooled).toBeCloseTo(brutePercentile(both, 95), 12);
      expect(m.hd).toBeCloseTo(Math.max(...both), 12);
      expect(m.assd).toBeCloseTo(both.reduce((a, b) => a + b, 0) / both.length, 12);
      expect(m.nsd).toBe(both.filter((d) => d <= 1.6).length / both.length);
      expect(m.dice).toBe(diceScore(p, t));
      expect(m.iou).toBe(iouScore(p, t));
      // The single-metric functions return the same numbers.
      expect(hausdorffDistance95(p, t, shape as Shape, spacing as Shape)).toBe(m.hd95);
      expect(hausdorffDistance(p, t, shape as Shape, spacing as Shape)).toBe(m.hd);
    }
  });

  it('is exact for sparse, far-apart structures (planes and rows without surface are skipped)', () => {
    const shape = [20, 15, 12];
    const spacing = [0.8, 0.8, 2.5];
    const at = (i: number, j: number, k: number) => (i * 15 + j) * 12 + k;
    const p = new Uint8Array(20 * 15 * 12);
    const t = new Uint8Array(20 * 15 * 12);
    for (let i = 2; i < 6; i++)
      for (let j = 3; j < 9; j++) for (let k = 1; k < 5; k++) t[at(i, j, k)] = 1;
    for (const [i, j, k] of [
      [0, 0, 0],
      [19, 14, 11],
      [12, 2, 9],
      [17, 7, 3],
    ] as const)
      p[at(i, j, k)] = 1;
    p[at(3, 4, 2)] = 1;
    const m = computeSegmentationMetrics(p, t, shape as Shape, spacing as Shape, {
      toleranceMm: 2,
    });
    const dPT = bruteDirected(p, t, shape, spacing);
    const dTP = bruteDirected(t, p, shape, spacing);
    const d = surfaceDistances(p, t, shape as Shape, spacing as Shape);
    Array.from(d.predictionToTruth).forEach((v, i) => expect(v).toBeCloseTo(dPT[i] as number, 12));
    Array.from(d.truthToPrediction).forEach((v, i) => expect(v).toBeCloseTo(dTP[i] as number, 12));
    expect(m.hd).toBeCloseTo(Math.max(...dPT, ...dTP), 12);
  });

  it('is exact when masks touch the array border (cropping keeps border surfaces)', () => {
    const shape = [5, 6, 7];
    const spacing = [0.8, 0.8, 2.5];
    const p = new Uint8Array(210).fill(1); // the whole volume: its surface is the array border
    const t = new Uint8Array(210);
    t[2 * 42 + 3 * 7 + 3] = 1;
    const m = computeSegmentationMetrics(p, t, shape as Shape, spacing as Shape, {
      toleranceMm: 2,
    });
    const dPT = bruteDirected(p, t, shape, spacing),
      dTP = bruteDirected(t, p, shape, spacing);
    expect(m.counts.predictionSurfaceVoxels).toBe(210 - 3 * 4 * 5);
    expect(m.hd).toBeCloseTo(Math.max(...dPT, ...dTP), 12);
    expect(
      Array.from(surfaceDistances(t, p, shape as Shape, spacing as Shape).predictionToTruth),
    ).toEqual(dTP);
  });

  it('throws RangeError on mismatched masks, spacing, tolerance or percentile', () => {
    const a = new Uint8Array(8);
    expect(() =>
      computeSegmentationMetrics(a, new Uint8Array(7), [2, 4], [1, 1], { toleranceMm: 1 }),
    ).toThrow(RangeError);
    expect(() => computeSegmentationMetrics(a, a, [2, 4], [1, -1], { toleranceMm: 1 })).toThrow(
      RangeError,
    );
    expect(() => computeSegmentationMetrics(a, a, [2, 4], [1, 1], { toleranceMm: -1 })).toThrow(
      RangeError,
    );
    expect(() => hausdorffDistance95(a, a, [2, 4], [1, 1], { percentile: 101 })).toThrow(
      RangeError,
    );
    expect(() => surfaceDistances(a, a, [3, 3], [1, 1])).toThrow(RangeError);
  });
});
