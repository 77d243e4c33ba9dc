import { describe, expect, it } from 'vitest';
import {
  detectionMetricDefinitions,
  regressionMetricDefinitions,
  retrievalMetricDefinitions,
  segmentationMetricDefinitions,
  textMetricDefinitions,
  vqaMetricDefinitions,
} from './index.js';
import { METRIC_CATALOG } from './metric-catalog.js';
import { METRICS } from './registry.js';

describe('METRIC_CATALOG', () => {
  const all = [
    ...Object.values(METRICS),
    ...vqaMetricDefinitions,
    ...textMetricDefinitions,
    ...regressionMetricDefinitions,
    ...retrievalMetricDefinitions,
    ...segmentationMetricDefinitions,
    ...detectionMetricDefinitions,
  ];

  it('has every family and no key claimed twice', () => {
    expect(Object.keys(METRIC_CATALOG)).toHaveLength(all.length);
    expect(new Set(all.map((d) => d.key)).size).toBe(all.length);
  });

  it.each(all.map((d) => [d.key, d] as const))(
    '%s declares a label, a definition and a sane range',
    (_, d) => {
      expect(d.label.length).toBeGreaterThan(0);
      expect(d.definition.length).toBeGreaterThan(40);
      expect(d.range[0]).toBeLessThan(d.range[1]);
      expect(typeof d.higherIsBetter).toBe('boolean');
    },
  );
});
