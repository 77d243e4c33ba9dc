import { describe, expect, it } from 'vitest';
import { bootstrapIndices } from '@medrank/metrics';
import { scoreClassification } from '../classification/score-classification.js';
import { getTaskType } from '../task-types.js';
import { meanMetric, scoreCaseMetrics, type CaseMetric } from './score-case-metrics.js';

// What the worker stores for rank statistics and custom subsets: replicates in the shared
// replicate order (so entries are paired) and per-case values of mean metrics.

const values = Float64Array.of(1, 0, 1, 1, 0, 1, 0, 0, 1, 1);
const seed = 'test-set-seed';
const replicates = 50;

describe('scoreCaseMetrics with keepReplicates', () => {
  it('keeps replicates in the order of bootstrapIndices and the per-case values', async () => {
    const scored = await scoreCaseMetrics({
      n: values.length,
      metrics: [meanMetric('accuracy', values)],
      bootstrap: { replicates, seed },
      keepReplicates: true,
    });
    const result = scored.metrics.accuracy!;
    expect(result.value).toBeCloseTo(0.6, 15);
    expect(result.caseValues).toEqual(values);
    const indices = bootstrapIndices(values.length, replicates, seed);
    const expected = Float64Array.from({ length: replicates }, (_, b) => {
      let sum = 0;
      for (let j = 0; j < values.length; j++) sum += values[indices[b * values.length + j]!]!;
      return sum / values.length;
    });
    expect(result.replicates).toEqual(expected);
  });

  it('changes no value or CI, and keeps nothing without the flag', async () => {
    const metrics = [meanMetric('accuracy', values)];
    const kept = await scoreCaseMetrics({
      n: 10,
      metrics,
      bootstrap: { replicates, seed },
      keepReplicates: true,
    });
    const plain = await scoreCaseMetrics({ n: 10, metrics, bootstrap: { replicates, seed } });
    expect(plain.metrics.accuracy).toEqual({
      value: kept.metrics.accuracy!.value,
      ci: kept.metrics.accuracy!.ci,
      ciExcludedReplicates: kept.metrics.accuracy!.ciExcludedReplicates,
      n: 10,
    });
  });

  it('gives no per-case values for a metric that is not a mean of them', async () => {
    const max: CaseMetric = {
      key: 'max',
      evaluate: (rows) => Math.max(...Array.from(rows, (r) => values[r]!)),
    };
    const scored = await scoreCaseMetrics({
      n: 10,
      metrics: [max],
      bootstrap: { replicates, seed },
      keepReplicates: true,
    });
    expect(scored.metrics.max!.replicates).toHaveLength(replicates);
    expect(scored.metrics.max!.caseValues).toBeUndefined();
  });
});

describe('classification keeps replicates and per-case correctness', () => {
  it('returns accuracy case values and AUROC replicates only (AUROC is not per-case)', async () => {
    const labels = Int32Array.of(0, 1, 0, 1, 1, 0);
    const predicted = Int32Array.of(0, 1, 1, 1, 0, 0);
    const scores = Float64Array.of(0.9, 0.1, 0.2, 0.8, 0.4, 0.6, 0.3, 0.7, 0.6, 0.4, 0.8, 0.2);
    const result = await scoreClassification({
      truth: { caseIds: ['a', 'b', 'c', 'd', 'e', 'f'], labels, classes: ['n', 'p'] },
      predictions: { kind: 'probabilities', scores, predictedLabels: predicted } as never,
      metrics: ['roc_auc', 'accuracy'],
      bootstrap: { replicates: 20, seed: 3 },
      keepReplicates: true,
    });
    expect(result.metrics.accuracy!.caseValues).toEqual(Float64Array.of(1, 1, 0, 1, 0, 1));
    expect(result.metrics.accuracy!.replicates).toHaveLength(20);
    expect(result.metrics.roc_auc!.replicates).toHaveLength(20);
    expect(result.metrics.roc_auc!.caseValues).toBeUndefined();
  });
});

describe('task types pass keepReplicates through', () => {
  it('open-vqa returns per-case exact match values aligned to the cases', async () => {
    const openVqa = getTaskType('open-vqa');
    const config = openVqa.parseConfig({});
    const truth = openVqa.truthFromPayloads(
      ['q1', 'q2', 'q3'],
      new Map([
        ['q1', { answers: ['yes'] }],
        ['q2', { answers: ['no'] }],
        ['q3', { answers: ['left lung'] }],
      ]),
      config,
    );
    const result = await openVqa.score({
      config,
      truth,
      predictions: { answers: ['yes', 'yes', 'left lung'], format: 'jsonl' },
      metrics: ['vqa_exact_match'],
      bootstrap: { replicates: 10, seed: 1 },
      keepReplicates: true,
    });
    expect(result.metrics.vqa_exact_match!.caseValues).toEqual(Float64Array.of(1, 0, 1));
    expect(result.metrics.vqa_exact_match!.replicates).toHaveLength(10);
  });
});
