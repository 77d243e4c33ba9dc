import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { AppError } from '@medrank/core';
import {
  CLASSIFICATION_METRICS,
  bootstrap as bootstrapStatistic,
  percentileBootstrapCi,
  takeByIndex,
  takeRowsByIndex,
  type ClassificationInput,
  type ClassificationMetricDefinition,
  type PreparedBootstrap,
} from '@medrank/metrics';
import type { ClassificationPredictions } from '@medrank/formats';
import { sharedBootstrapIndices } from '../shared/bootstrap-index-cache.js';

export interface ClassificationTruth {
  caseIds: readonly string[];
  /** Class index per case. */
  labels: Int32Array;
  /** Class names in index order. */
  classes: readonly string[];
}

export interface BootstrapSettings {
  /** Resamples for the CIs; 0 turns CIs off. Default 1000. */
  replicates?: number;
  /** Same seed for every submission to a benchmark, so their CIs and comparisons are paired. */
  seed: string | number;
  /** CI coverage. Default 0.95. */
  confidence?: number;
}

export interface ScoreClassificationOptions {
  truth: ClassificationTruth;
  /** Aligned to `truth.caseIds` (as returned by `parseClassificationPredictions`). */
  predictions: ClassificationPredictions;
  /** Registry keys, e.g. ['roc_auc', 'accuracy']. */
  metrics: readonly string[];
  bootstrap: BootstrapSettings;
  /** Binary tasks: index of the positive class. Default 1. */
  positiveClass?: number;
  /** Keep every metric's replicate values (for paired comparisons between submissions). */
  keepReplicates?: boolean;
  onProgress?: (fraction: number) => void;
}

export interface MetricResult {
  /** null when undefined on this data (e.g. AUROC with one class) or not computable. */
  value: number | null;
  ci: [number, number] | null;
  /** Cases the value is computed on. */
  n: number;
  /** Replicates left out of the CI because the metric was undefined on them. */
  ciExcludedReplicates?: number;
  /** Why there is no value, when there is none for a reason other than the data. */
  note?: string;
  /** Bootstrap replicates in the shared replicate order (kept on request, for paired comparisons). */
  replicates?: Float64Array;
  /** Per-case values of a metric that is their mean (NaN = no value), in the test set's case order. */
  caseValues?: Float64Array;
}

export interface ClassificationScore {
  n: number;
  task: 'binary' | 'multiclass';
  metrics: Record<string, MetricResult>;
  bootstrap: { replicates: number; seed: string | number; confidence: number };
}

/** Index matrices are generated in chunks of at most this many indices (64 MiB of int32). */
const MAX_INDICES_PER_CHUNK = 16 * 1024 * 1024;

/**
 * Scores a classification submission: point estimates for the requested registry metrics and
 * percentile bootstrap CIs from one shared, seeded set of resamples (the same rows for every
 * metric and, with the benchmark's seed, for every submission, so comparisons are paired).
 * Metrics with a fast bootstrap (AUROC, AP) use it; the rest are recomputed per resample.
 * Yields to the event loop between chunks so a queue worker keeps renewing its lock.
 * @throws {AppError} BAD_REQUEST for unknown metric keys, a metric that does not apply to the
 *   task (binary-only metrics on a multi-class task), or misaligned inputs.
 */
export async function scoreClassification({
  truth,
  predictions,
  metrics,
  bootstrap,
  positiveClass = 1,
  keepReplicates = false,
  onProgress,
}: ScoreClassificationOptions): Promise<ClassificationScore> {
  const n = truth.caseIds.length;
  const nClasses = truth.classes.length;
  const task = nClasses === 2 ? 'binary' : 'multiclass';
  const { replicates = 1000, seed, confidence = 0.95 } = bootstrap;
  if (truth.labels.length !== n || predictions.predictedLabels.length !== n) {
    throw new AppError(
      'BAD_REQUEST',
      `scoreClassification: ${n} cases but ${truth.labels.length} labels and ${predictions.predictedLabels.length} predictions`,
    );
  }
  if (predictions.scores && predictions.scores.length !== n * nClasses) {
    throw new AppError('BAD_REQUEST', `scoreClassification: scores must be ${n}×${nClasses}`);
  }
  if (!Number.isInteger(replicates) || replicates < 0)
    throw new AppError('BAD_REQUEST', `bootstrap replicates must be a non-negative integer`);

  const definitions = metrics.map((key) => {
    const definition = (CLASSIFICATION_METRICS as Record<string, ClassificationMetricDefinition>)[
      key
    ];
    if (!definition) {
      throw new AppError(
        'BAD_REQUEST',
        `unknown classification metric "${key}"; known: ${Object.keys(CLASSIFICATION_METRICS).join(', ')}`,
      );
    }
    if (!definition.tasks.includes(task)) {
      throw new AppError('BAD_REQUEST', `metric "${key}" does not apply to ${task} tasks`);
    }
    return definition;
  });

  const input: ClassificationInput = {
    yTrue: truth.labels,
    yPred: predictions.predictedLabels,
    scores: predictions.scores,
    nClasses,
    positiveClass,
  };
  const results: Record<string, MetricResult> = {};
  const computable = definitions.filter((definition) => {
    if (definition.needsScores && !input.scores) {
      results[definition.key] = {
        value: null,
        ci: null,
        n,
        note: 'needs class probabilities; the submission has labels only',
      };
      return false;
    }
    return true;
  });
  for (const definition of computable) {
    const value = definition.compute(input);
    results[definition.key] = { value: Number.isNaN(value) ? null : value, ci: null, n };
  }
  onProgress?.(0.05);

  if (replicates > 0 && n > 0 && computable.length > 0) {
    const replicateValues = computable.map(() => new Float64Array(replicates));
    const chunkSize = Math.max(1, Math.min(replicates, Math.floor(MAX_INDICES_PER_CHUNK / n)));
    // Fast paths sort once here; every chunk of replicates then reuses the preparation.
    const runners = computable.map(
      (definition) => definition.prepareBootstrap?.(input) ?? resampleAndCompute(definition, input),
    );
    for (let first = 0; first < replicates; first += chunkSize) {
      const count = Math.min(chunkSize, replicates - first);
      // Shared with the previous scorings of this test set (read-only, see the cache).
      const indices = sharedBootstrapIndices(n, count, seed, first);
      for (let m = 0; m < computable.length; m++) {
        replicateValues[m]!.set(runners[m]!(indices), first);
        onProgress?.(0.05 + (0.95 * (first + ((m + 1) / computable.length) * count)) / replicates);
        await yieldToEventLoop();
      }
    }
    computable.forEach((definition, m) => {
      const { ci, excludedCount } = percentileBootstrapCi(replicateValues[m]!, confidence);
      const result = results[definition.key]!;
      result.ci = Number.isNaN(ci[0]) ? null : ci;
      result.ciExcludedReplicates = excludedCount;
      if (keepReplicates) result.replicates = replicateValues[m]!;
    });
  }
  // Accuracy is the mean of per-case correctness: keep it so it can be recomputed on subsets.
  if (keepReplicates && results.accuracy && results.accuracy.value !== null) {
    const correct = new Float64Array(n);
    for (let i = 0; i < n; i++)
      correct[i] = truth.labels[i] === predictions.predictedLabels[i] ? 1 : 0;
    results.accuracy.caseValues = correct;
  }
  onProgress?.(1);
  return { n, task, metrics: results, bootstrap: { replicates, seed, confidence } };
}

/** Generic bootstrap: materialise each resample into reused buffers and recompute the metric. */
function resampleAndCompute(
  definition: ClassificationMetricDefinition,
  input: ClassificationInput,
): PreparedBootstrap {
  const n = input.yTrue.length;
  const buffers = {
    yTrue: new Int32Array(n),
    yPred: new Int32Array(n),
    scores: input.scores ? new Float64Array(n * input.nClasses) : null,
  };
  const resampled: ClassificationInput = { ...input, ...buffers };
  return (indices) =>
    bootstrapStatistic(
      (row) => {
        takeByIndex(input.yTrue, row, buffers.yTrue);
        takeByIndex(input.yPred, row, buffers.yPred);
        if (input.scores && buffers.scores)
          takeRowsByIndex(input.scores, input.nClasses, row, buffers.scores);
        return definition.compute(resampled);
      },
      indices,
      n,
    );
}
