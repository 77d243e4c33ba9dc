import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '@medrank/core';
import {
  accuracyScore,
  bootstrapIndices,
  percentileBootstrapCi,
  rocAucScore,
  takeByIndex,
} from '@medrank/metrics';
import { getTaskType } from '../task-types.js';
import { scoreClassification, type ClassificationTruth } from './score-classification.js';

const dir = mkdtempSync(join(tmpdir(), 'medrank-scoring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const classes = ['benign', 'malignant'];
function binaryTruth(n: number): ClassificationTruth {
  return {
    caseIds: Array.from({ length: n }, (_, i) => `case-${i}`),
    labels: Int32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)),
    classes,
  };
}
function probabilities(pPositive: Float64Array): Float64Array {
  const scores = new Float64Array(pPositive.length * 2);
  pPositive.forEach((p, i) => {
    scores[2 * i] = 1 - p;
    scores[2 * i + 1] = p;
  });
  return scores;
}

describe('scoreClassification', () => {
  const truth = binaryTruth(300);

  it('gives a perfect predictor AUROC 1 and accuracy 1 (CI [1, 1])', async () => {
    const p = Float64Array.from(truth.labels, (y, i) =>
      y === 1 ? 0.6 + (i % 7) / 20 : 0.4 - (i % 5) / 20,
    );
    const result = await scoreClassification({
      truth,
      predictions: {
        kind: 'probabilities',
        scores: probabilities(p),
        predictedLabels: truth.labels,
      },
      metrics: ['roc_auc', 'accuracy', 'sensitivity', 'ece'],
      bootstrap: { replicates: 200, seed: 'perfect' },
    });
    expect(result.n).toBe(300);
    expect(result.task).toBe('binary');
    expect(result.metrics.roc_auc).toMatchObject({
      value: 1,
      ci: [1, 1],
      n: 300,
      ciExcludedReplicates: 0,
    });
    expect(result.metrics.accuracy).toMatchObject({ value: 1, ci: [1, 1] });
    expect(result.metrics.sensitivity!.value).toBe(1);
    expect(result.metrics.ece!.value).toBeGreaterThan(0); // confident but not certain
  });

  it('gives a constant predictor AUROC 0.5', async () => {
    const p = new Float64Array(300).fill(0.3);
    const result = await scoreClassification({
      truth,
      predictions: {
        kind: 'probabilities',
        scores: probabilities(p),
        predictedLabels: new Int32Array(300),
      },
      metrics: ['roc_auc', 'balanced_accuracy'],
      bootstrap: { replicates: 50, seed: 'constant' },
    });
    expect(result.metrics.roc_auc).toMatchObject({ value: 0.5, ci: [0.5, 0.5] });
    expect(result.metrics.balanced_accuracy!.value).toBe(0.5);
  });

  it('computes CIs from the seeded shared resamples, reproducibly', async () => {
    const p = Float64Array.from(
      truth.labels,
      (y, i) => Math.round(((y ? 0.55 : 0.4) + ((i * 37) % 40) / 100) * 10) / 10,
    );
    const predictedLabels = Int32Array.from(p, (v) => (v >= 0.5 ? 1 : 0));
    const options = {
      truth,
      predictions: { kind: 'probabilities' as const, scores: probabilities(p), predictedLabels },
      metrics: ['roc_auc', 'accuracy'],
      bootstrap: { replicates: 300, seed: 'bench-7' },
      keepReplicates: true,
    };
    const first = await scoreClassification(options);
    const second = await scoreClassification(options);
    expect(second.metrics).toEqual(first.metrics);

    // Independent recomputation of the accuracy CI from the same index rows.
    const indices = bootstrapIndices(300, 300, 'bench-7');
    const rowTrue = new Int32Array(300),
      rowPred = new Int32Array(300),
      rowScore = new Float64Array(300);
    const accuracies = new Float64Array(300),
      aucs = new Float64Array(300);
    for (let b = 0; b < 300; b++) {
      const row = indices.subarray(b * 300, (b + 1) * 300);
      accuracies[b] = accuracyScore(
        takeByIndex(truth.labels, row, rowTrue),
        takeByIndex(predictedLabels, row, rowPred),
      );
      aucs[b] = rocAucScore(rowTrue, takeByIndex(p, row, rowScore));
    }
    expect(first.metrics.accuracy!.ci).toEqual(percentileBootstrapCi(accuracies).ci);
    expect(first.metrics.roc_auc!.ci).toEqual(percentileBootstrapCi(aucs).ci);
    expect(first.metrics.roc_auc!.value).toBe(rocAucScore(truth.labels, p));
    const [low, high] = first.metrics.roc_auc!.ci!;
    expect(low).toBeLessThan(first.metrics.roc_auc!.value!);
    expect(high).toBeGreaterThan(first.metrics.roc_auc!.value!);
  });

  it('reports progress monotonically up to 1', async () => {
    const seen: number[] = [];
    await scoreClassification({
      truth,
      predictions: { kind: 'labels', scores: null, predictedLabels: truth.labels },
      metrics: ['accuracy', 'f1'],
      bootstrap: { replicates: 20, seed: 1 },
      onProgress: (f) => seen.push(f),
    });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1]!)).toBe(true);
  });

  it('skips score-based metrics for label-only submissions, with a note', async () => {
    const result = await scoreClassification({
      truth,
      predictions: { kind: 'labels', scores: null, predictedLabels: truth.labels },
      metrics: ['roc_auc', 'accuracy'],
      bootstrap: { replicates: 0, seed: 1 },
    });
    expect(result.metrics.roc_auc).toEqual({
      value: null,
      ci: null,
      n: 300,
      note: expect.stringMatching(/labels only/),
    });
    expect(result.metrics.accuracy).toEqual({ value: 1, ci: null, n: 300 });
  });

  it('rejects unknown metrics and binary-only metrics on multi-class tasks', async () => {
    const multi: ClassificationTruth = {
      caseIds: ['a', 'b', 'c'],
      labels: Int32Array.of(0, 1, 2),
      classes: ['x', 'y', 'z'],
    };
    const predictions = {
      kind: 'labels' as const,
      scores: null,
      predictedLabels: Int32Array.of(0, 1, 2),
    };
    await expect(
      scoreClassification({ truth: multi, predictions, metrics: ['f1'], bootstrap: { seed: 1 } }),
    ).rejects.toThrow(/"f1" does not apply to multiclass/);
    await expect(
      scoreClassification({ truth: multi, predictions, metrics: ['dice'], bootstrap: { seed: 1 } }),
    ).rejects.toBeInstanceOf(AppError);
  });
});

describe('classification task type', () => {
  it('parses real files and scores them to the hand-computed values', async () => {
    const task = getTaskType('classification');
    const config = { classes: ['benign', 'malignant'] };
    const truthPath = join(dir, 'truth.csv');
    const predictionsPath = join(dir, 'predictions.csv');
    writeFileSync(truthPath, 'case_id,label\nA,benign\nB,benign\nC,malignant\nD,malignant\n');
    // sklearn's roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75; labels at 0.5 → [0, 0, 0, 1].
    writeFileSync(predictionsPath, 'case_id,p_malignant\nD,0.8\nB,0.4\nA,0.1\nC,0.35\n');
    const truth = await task.parseGroundTruth(truthPath, config);
    if (!truth.ok) throw new Error(JSON.stringify(truth.issues));
    const predictions = await task.parsePredictions(predictionsPath, config, truth.value);
    if (!predictions.ok) throw new Error(JSON.stringify(predictions.issues));
    const score = await task.score({
      config,
      truth: truth.value,
      predictions: predictions.value,
      metrics: task.defaultMetrics(config),
      bootstrap: { replicates: 100, seed: 'known' },
    });
    expect(score.metrics.roc_auc!.value).toBe(0.75);
    expect(score.metrics.accuracy!.value).toBe(0.75);
    expect(score.metrics.sensitivity!.value).toBe(0.5);
    expect(score.metrics.specificity!.value).toBe(1);
    expect(score.metrics.average_precision!.value).toBeCloseTo(0.8333333333333333, 15);
    expect(Object.keys(score.metrics)).toEqual(task.defaultMetrics(config));
    // Tiny resamples often hold one class: those AUROC replicates are excluded and counted.
    expect(score.metrics.roc_auc!.ciExcludedReplicates).toBeGreaterThan(0);
  });

  it('throws a BAD_REQUEST AppError for an unknown task type', () => {
    expect(() => getTaskType('video-tracking')).toThrow(
      /unknown task type "video-tracking"; known: classification, .*segmentation, detection/,
    );
  });
});
