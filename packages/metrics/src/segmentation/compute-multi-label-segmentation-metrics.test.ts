import { describe, expect, it } from 'vitest';
import { computeMultiLabelSegmentationMetrics } from './compute-multi-label-segmentation-metrics.js';
import { computeSegmentationMetrics } from './compute-segmentation-metrics.js';
import { seededRandom } from './testing/brute-force.js';

describe('computeMultiLabelSegmentationMetrics', () => {
  it('scores each label as its own binary mask', () => {
    const shape = [8, 9, 10] as const,
      spacing = [0.8, 0.8, 2.5] as const;
    const random = seededRandom(11);
    const labelVolume = () =>
      Uint16Array.from({ length: 720 }, (_, i) =>
        i % 90 < 30 ? 0 : Math.floor(random() * 3) * 300,
      );
    const p = labelVolume(),
      t = labelVolume();
    const result = computeMultiLabelSegmentationMetrics(p, t, shape, spacing, { toleranceMm: 2 });
    expect(result.perLabel.map((m) => m.label)).toEqual([300, 600]);
    for (const m of result.perLabel) {
      const binary = (v: Uint16Array) => Uint8Array.from(v, (x) => Number(x === m.label));
      const { label, ...metrics } = m;
      expect(label).toBeGreaterThan(0);
      expect(metrics).toEqual(
        computeSegmentationMetrics(binary(p), binary(t), shape, spacing, { toleranceMm: 2 }),
      );
    }
    const [first, second] = result.perLabel;
    expect(result.mean.dice).toBeCloseTo(((first?.dice ?? NaN) + (second?.dice ?? NaN)) / 2, 15);
  });

  it('skips labels absent from both volumes in the mean but keeps +Infinity for a missed label', () => {
    const p = Uint8Array.of(1, 1, 0, 0, 0, 0),
      t = Uint8Array.of(1, 1, 0, 0, 2, 0);
    const r = computeMultiLabelSegmentationMetrics(p, t, [2, 3], [1, 1], {
      toleranceMm: 1,
      labels: [1, 2, 5],
    });
    expect(r.perLabel.map((m) => m.dice)).toEqual([1, 0, Number.NaN]);
    expect(r.mean.dice).toBe(0.5);
    expect(r.mean.hd95).toBe(Infinity);
    expect(r.mean.nsd).toBe(0.5);
  });

  it('rejects label 0 and a shape mismatch', () => {
    const v = new Uint8Array(4);
    expect(() =>
      computeMultiLabelSegmentationMetrics(v, v, [2, 2], [1, 1], { toleranceMm: 1, labels: [0] }),
    ).toThrow(RangeError);
    expect(() =>
      computeMultiLabelSegmentationMetrics(v, new Uint8Array(3), [2, 2], [1, 1], {
        toleranceMm: 1,
      }),
    ).toThrow(RangeError);
  });
});
