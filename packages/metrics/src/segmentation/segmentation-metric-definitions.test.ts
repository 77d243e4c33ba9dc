import { describe, expect, it } from 'vitest';
import * as segmentation from './index.js';
import { segmentationMetricDefinitions } from './segmentation-metric-definitions.js';

// Which exported function implements each key; its name must agree with `higherIsBetter`
// (scikit-learn naming: …Score higher is better, …Distance lower is better).
const IMPLEMENTED_BY: Record<string, keyof typeof segmentation> = {
  dice: 'diceScore',
  iou: 'iouScore',
  hd95: 'hausdorffDistance95',
  hd95_pooled: 'hausdorffDistance95',
  hd: 'hausdorffDistance',
  assd: 'averageSymmetricSurfaceDistance',
  nsd: 'normalizedSurfaceDiceScore',
};

describe('segmentationMetricDefinitions', () => {
  it.each(segmentationMetricDefinitions.map((d) => [d.key, d] as const))(
    '%s is consistent',
    (key, d) => {
      const fn = IMPLEMENTED_BY[key];
      expect(fn, `no implementing function for ${key}`).toBeDefined();
      expect(typeof segmentation[fn as keyof typeof segmentation]).toBe('function');
      expect(/Score$/.test(String(fn))).toBe(d.higherIsBetter);
      expect(/Distance(95)?$/.test(String(fn))).toBe(!d.higherIsBetter);
      expect(d.range[0]).toBeLessThan(d.range[1]);
      expect(d.version).toBeGreaterThanOrEqual(1);
      expect(d.definition.length).toBeGreaterThan(80);
      if (!d.higherIsBetter) expect('unit' in d && d.unit).toBe('mm');
    },
  );

  it('has unique keys', () => {
    const keys = segmentationMetricDefinitions.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps a few random cases inside the declared ranges', () => {
    const p = Uint8Array.of(1, 1, 0, 0, 1, 0),
      t = Uint8Array.of(0, 1, 1, 0, 0, 0);
    const m = segmentation.computeSegmentationMetrics(p, t, [2, 3], [0.5, 2], { toleranceMm: 1 });
    const byKey: Record<string, number> = {
      dice: m.dice,
      iou: m.iou,
      hd95: m.hd95,
      hd95_pooled: m.hd95Pooled,
      hd: m.hd,
      assd: m.assd,
      nsd: m.nsd,
    };
    for (const d of segmentationMetricDefinitions) {
      const v = byKey[d.key] as number;
      expect(v).toBeGreaterThanOrEqual(d.range[0]);
      expect(v).toBeLessThanOrEqual(d.range[1]);
    }
  });
});
