import { describe, expect, it } from 'vitest';
import { detectionMetricDefinitions } from './detection-metric-definitions.js';
import * as detection from './index.js';

const IMPLEMENTED_BY: Record<string, keyof typeof detection> = {
  map50_coco: 'cocoMap50Score',
  map_coco_50_95: 'cocoMapScore',
  map50_voc: 'vocMap50Score',
  froc_mean_sensitivity: 'frocScore',
};

describe('detectionMetricDefinitions', () => {
  it.each(detectionMetricDefinitions.map((d) => [d.key, d] as const))(
    '%s is consistent',
    (key, d) => {
      const fn = IMPLEMENTED_BY[key];
      expect(fn, `no implementing function for ${key}`).toBeDefined();
      expect(typeof detection[fn as keyof typeof detection]).toBe('function');
      expect(/Score$/.test(String(fn))).toBe(d.higherIsBetter);
      expect(d.range).toEqual([0, 1]);
      expect(d.version).toBeGreaterThanOrEqual(1);
      expect(d.definition.length).toBeGreaterThan(80);
    },
  );

  it('has unique keys', () => {
    const keys = detectionMetricDefinitions.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
