import { describe, expect, it } from 'vitest';
import {
  detectionMetricDefinitions,
  regressionMetricDefinitions,
  retrievalMetricDefinitions,
  segmentationMetricDefinitions,
  textMetricDefinitions,
  vqaMetricDefinitions,
} from './index.js';
import { describeMetric, METRIC_CATALOG, metricDisplayOption } from './metric-catalog.js';
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

describe('describeMetric', () => {
  it('shows a metric as a percentage when the track says its source publishes percent', () => {
    const fraction = describeMetric('vqa_accuracy');
    expect(fraction.percent).toBeUndefined();
    expect(
      describeMetric('vqa_accuracy', { metricDisplay: { vqa_accuracy: { percent: true } } }),
    ).toMatchObject({
      percent: true,
      decimals: fraction.decimals - 2,
    });
    expect(
      describeMetric('vqa_accuracy', {
        metricDisplay: { vqa_accuracy: { percent: true, decimals: 2 } },
      }),
    ).toMatchObject({ percent: true, decimals: 2, higherIsBetter: true });
    // Another metric of the same track keeps its own display.
    expect(
      describeMetric('extraction_failure_rate', {
        metricDisplay: { vqa_accuracy: { percent: true } },
      }).percent,
    ).toBeUndefined();
  });

  it('names the problem of a malformed display option and ignores it', () => {
    expect(metricDisplayOption('vqa_accuracy', { metricDisplay: [] }).problem).toMatch(
      /metricDisplay/,
    );
    expect(
      metricDisplayOption('vqa_accuracy', { metricDisplay: { vqa_accuracy: { percent: 'yes' } } })
        .problem,
    ).toMatch(/percent must be true or false/);
    expect(
      metricDisplayOption('vqa_accuracy', { metricDisplay: { vqa_accuracy: { decimals: 9 } } })
        .problem,
    ).toMatch(/0–6/);
    expect(
      metricDisplayOption('vqa_accuracy', { metricDisplay: { vqa_accuracy: { unit: '%' } } })
        .problem,
    ).toMatch(/unknown key "unit"/);
    expect(
      describeMetric('vqa_accuracy', { metricDisplay: { vqa_accuracy: { percent: 'yes' } } })
        .percent,
    ).toBeUndefined();
  });

  it('describes a catalog metric with its direction, definition and decimals', () => {
    const info = describeMetric('roc_auc');
    expect(info).toMatchObject({ higherIsBetter: true, decimals: 3, source: 'catalog' });
    expect(info.definition.length).toBeGreaterThan(10);
  });

  it('uses two decimals for a distance in millimetres and ranks it lower-is-better', () => {
    expect(describeMetric('hd95')).toMatchObject({
      higherIsBetter: false,
      decimals: 2,
      unit: 'mm',
    });
  });

  it('gives a per-label key the base metric direction, range and unit (hd95:liver is a distance)', () => {
    const info = describeMetric('hd95:liver');
    expect(info).toMatchObject({
      label: `${METRIC_CATALOG.hd95!.label} (liver)`,
      higherIsBetter: false,
      range: METRIC_CATALOG.hd95!.range,
      decimals: 2,
      source: 'per-label',
    });
    expect(describeMetric('assd:lesion').higherIsBetter).toBe(false);
    expect(describeMetric('nsd:lesion').higherIsBetter).toBe(true);
    expect(describeMetric('dice:lesion')).toMatchObject({ higherIsBetter: true, decimals: 3 });
  });

  it('takes label and direction of an external scorer from the track configuration', () => {
    const info = describeMetric('radgraph', {
      externalScorers: [{ key: 'radgraph', label: 'RadGraph F1', higherIsBetter: false }],
    });
    expect(info).toMatchObject({ label: 'RadGraph F1', higherIsBetter: false, source: 'external' });
    expect(info.range).toBeNull();
  });

  it('knows that a lower extraction failure rate is better', () => {
    expect(describeMetric('extraction_failure_rate')).toMatchObject({
      label: 'Extraction failure rate',
      higherIsBetter: false,
      decimals: 3,
    });
  });

  it('shows an unknown key as itself, higher-is-better, without inventing a range', () => {
    expect(describeMetric('mystery')).toMatchObject({
      label: 'mystery',
      higherIsBetter: true,
      range: null,
      source: 'unknown',
    });
    expect(describeMetric('mystery:liver').source).toBe('unknown');
    expect(describeMetric(':').source).toBe('unknown');
  });
});

describe('describeMetric of report metrics', () => {
  it("states the track's text normalization next to BLEU, METEOR and CIDEr-D", () => {
    const ptb = describeMetric('bleu4_corpus', { textNormalization: 'ptb-lower' });
    expect(ptb.qualifier).toBe('PTB, lower-cased');
    expect(ptb.definition).toMatch(/Tokens on this track: .*lower-cased/);
    expect(describeMetric('meteor', {}).qualifier).toBe('Split on spaces');
    expect(describeMetric('cider_d').qualifier).toBe('Split on spaces');
  });

  it('gives ROUGE-L and other metrics no normalization qualifier', () => {
    expect(
      describeMetric('rougeL_f', { textNormalization: 'ptb-lower' }).qualifier,
    ).toBeUndefined();
    expect(describeMetric('roc_auc').qualifier).toBeUndefined();
  });
});
