import { describe, expect, it } from 'vitest';
import { suggestMetrics } from './suggest-metrics.js';
import { computableMetrics, listTaskTypes, parseTaskConfig } from './task-type-catalog.js';

const roles = (taskType: string, config?: Record<string, unknown>) =>
  Object.fromEntries(suggestMetrics(taskType, config).map((s) => [s.metric, s.role]));

describe('suggestMetrics', () => {
  it('segmentation: Dice primary with NSD, HD95 optional (Metrics Reloaded)', () => {
    expect(roles('segmentation')).toMatchObject({
      dice: 'primary',
      nsd: 'recommended',
      hd95: 'optional',
    });
  });

  it('classification: AUROC primary with a calibration metric and balanced accuracy', () => {
    expect(roles('classification', { classes: ['benign', 'malignant'] })).toMatchObject({
      roc_auc: 'primary',
      ece: 'recommended',
      balanced_accuracy: 'recommended',
    });
  });

  it('multiple choice: accuracy with the extraction failure rate', () => {
    expect(roles('multiple-choice')).toEqual({
      vqa_accuracy: 'primary',
      extraction_failure_rate: 'recommended',
    });
    expect(roles('multiple-choice', { macroDimension: 'organ' })).toHaveProperty(
      'vqa_macro_accuracy',
      'optional',
    );
  });

  it('closed questions: accuracy with balanced accuracy and the extraction failure rate', () => {
    expect(roles('closed-vqa')).toEqual({
      closed_accuracy: 'primary',
      closed_balanced_accuracy: 'recommended',
      extraction_failure_rate: 'recommended',
    });
  });

  it('detection: mAP@[.5:.95] primary with FROC', () => {
    expect(roles('detection')).toMatchObject({
      map_coco_50_95: 'primary',
      froc_mean_sensitivity: 'recommended',
    });
  });

  it.each([
    'classification',
    'segmentation',
    'multiple-choice',
    'open-vqa',
    'closed-vqa',
    'report-generation',
    'regression',
    'retrieval',
    'detection',
  ])('%s: one primary, and only metrics the task type computes', (taskType) => {
    const config = taskType === 'classification' ? { classes: ['a', 'b', 'c'] } : {};
    const suggestions = suggestMetrics(taskType, config);
    const available = computableMetrics(taskType, parseTaskConfig(taskType, config));
    expect(suggestions.filter((s) => s.role === 'primary')).toHaveLength(1);
    for (const s of suggestions) {
      expect(available).toContain(s.metric);
      expect(s.why.length).toBeGreaterThan(10);
    }
  });

  it('refuses an unknown task type', () => {
    expect(() => suggestMetrics('captioning')).toThrowError(/unknown task type "captioning"/);
  });
});

describe('listTaskTypes', () => {
  it('lists every task type with labelled metrics and file formats', () => {
    const types = listTaskTypes();
    expect(types.map((t) => t.key)).toEqual(
      expect.arrayContaining(['classification', 'multiple-choice', 'segmentation', 'detection']),
    );
    for (const t of types) {
      expect(t.metrics.length).toBeGreaterThan(0);
      expect(t.groundTruthFormat.description).not.toBe('');
      expect(t.groundTruthFormat.example).not.toBe('');
      expect(t.predictionFormat.description).not.toBe('');
    }
    const closed = types.find((t) => t.key === 'closed-vqa')!;
    expect(closed.label).toBe('Closed question (yes/no, either-or)');
    expect(closed.metrics).toEqual([
      { key: 'closed_accuracy', label: 'Closed accuracy', higherIsBetter: true },
      { key: 'closed_balanced_accuracy', label: 'Closed balanced accuracy', higherIsBetter: true },
      { key: 'extraction_failure_rate', label: 'Extraction failure rate', higherIsBetter: false },
    ]);
    const mc = types.find((t) => t.key === 'multiple-choice')!;
    expect(mc.metrics).toContainEqual({
      key: 'extraction_failure_rate',
      label: 'Extraction failure rate',
      higherIsBetter: false,
    });
  });
});
