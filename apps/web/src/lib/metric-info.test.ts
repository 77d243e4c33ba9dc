import { describe, expect, it } from 'vitest';
import { decimalsFor, metricInfo } from './metric-info';

describe('decimalsFor', () => {
  it('shows three decimals for scores on [0, 1] and two for physical or unbounded units', () => {
    expect(decimalsFor([0, 1])).toBe(3);
    expect(decimalsFor([0, Number.POSITIVE_INFINITY], 'mm')).toBe(2);
    expect(decimalsFor([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY])).toBe(2);
  });
});

describe('metricInfo', () => {
  it('describes a catalog metric with its direction, definition and decimals', () => {
    const info = metricInfo('roc_auc');
    expect(info.higherIsBetter).toBe(true);
    expect(info.definition.length).toBeGreaterThan(10);
    expect(info.decimals).toBe(3);
  });

  it('takes label and direction of an external scorer from the track configuration', () => {
    const info = metricInfo('radgraph', {
      externalScorers: [{ key: 'radgraph', label: 'RadGraph F1', higherIsBetter: false }],
    });
    expect(info).toMatchObject({ label: 'RadGraph F1', higherIsBetter: false });
  });
});

describe('metricInfo decimals', () => {
  it('uses two decimals for a distance in millimetres', () => {
    expect(metricInfo('hd95')).toMatchObject({ higherIsBetter: false, decimals: 2 });
  });
});

describe('metricInfo of task-type metrics', () => {
  it('knows that a lower extraction failure rate is better', () => {
    expect(metricInfo('extraction_failure_rate')).toMatchObject({
      label: 'Extraction failure rate',
      higherIsBetter: false,
      decimals: 3,
    });
  });
});
