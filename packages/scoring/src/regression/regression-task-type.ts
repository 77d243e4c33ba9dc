import {
  meanAbsoluteError,
  pearsonCorrelationScore,
  rootMeanSquaredError,
  spearmanCorrelationScore,
} from '@medrank/metrics';
import {
  parseRegressionGroundTruth,
  parseRegressionPredictions,
  type RegressionGroundTruth,
} from '@medrank/formats';
import { regressionFingerprint } from '../fingerprint/task-fingerprints.js';
import { scoreCaseMetrics, type CaseMetric } from '../shared/score-case-metrics.js';
import { checkMetricKeys, invalidStoredTruth } from '../shared/task-config.js';
import type { TaskScore, TaskType } from '../task-type.js';
import {
  REGRESSION_METRICS,
  parseRegressionConfig,
  type RegressionConfig,
} from '@medrank/task-contracts/config';

export { REGRESSION_METRICS, type RegressionConfig };

/** Hidden truth of one case as stored: `{ value: 12.5 }`. */
export interface RegressionPayload {
  value: number;
}

/** Registry keys: MAE and RMSE (target unit, lower is better), Pearson r and Spearman ρ. */
const FUNCTIONS: Record<
  (typeof REGRESSION_METRICS)[number],
  (prediction: Float64Array, truth: Float64Array) => number
> = {
  mae: meanAbsoluteError,
  rmse: rootMeanSquaredError,
  pearson_r: pearsonCorrelationScore,
  spearman_rho: spearmanCorrelationScore,
};

export const regressionTaskType: TaskType<
  RegressionConfig,
  RegressionGroundTruth,
  { values: Float64Array },
  TaskScore
> = {
  key: 'regression',
  label: 'Measurement / regression',
  parseConfig: parseRegressionConfig,
  parseGroundTruth: (source, _config, options = {}) => parseRegressionGroundTruth(source, options),
  groundTruthCases: (truth) =>
    truth.caseIds.map((caseId, i) => ({
      caseId,
      truth: { value: truth.values[i]! } satisfies RegressionPayload,
      metadata: {},
    })),
  truthFromPayloads(caseIds, payloads) {
    const values = Float64Array.from(caseIds, (caseId) => {
      const value = (payloads.get(caseId) as Partial<RegressionPayload> | undefined)?.value;
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw invalidStoredTruth('regression');
      return value;
    });
    return { caseIds: [...caseIds], values };
  },
  parsePredictions: (source, _config, { caseIds }, options = {}) =>
    parseRegressionPredictions(source, { caseIds, ...options }),
  slicePredictions: (predictions, start, end) => ({ values: predictions.values.slice(start, end) }),
  fingerprint: (predictions) => regressionFingerprint(predictions),
  defaultMetrics: () => [...REGRESSION_METRICS],
  async score({
    config,
    truth,
    predictions,
    metrics,
    bootstrap,
    categories = [],
    keepReplicates = false,
    onProgress,
  }) {
    checkMetricKeys('regression', metrics, REGRESSION_METRICS);
    const n = truth.caseIds.length;
    if (predictions.values.length !== n)
      throw new RangeError(`regression: ${n} cases but ${predictions.values.length} predictions`);
    const predicted = new Float64Array(n),
      actual = new Float64Array(n);
    const definitions: CaseMetric[] = metrics.map((key) => {
      const compute = FUNCTIONS[key as keyof typeof FUNCTIONS];
      return {
        key,
        evaluate(rows) {
          const p = predicted.subarray(0, rows.length),
            t = actual.subarray(0, rows.length);
          for (let j = 0; j < rows.length; j++) {
            p[j] = predictions.values[rows[j]!]!;
            t[j] = truth.values[rows[j]!]!;
          }
          return compute(p, t);
        },
        // MAE is the mean of per-case absolute errors, so subsets can recompute it.
        ...(key === 'mae'
          ? {
              caseValues: Float64Array.from(truth.values, (t, i) =>
                Math.abs(predictions.values[i]! - t),
              ),
            }
          : {}),
      };
    });
    const scored = await scoreCaseMetrics({
      keepReplicates,
      n,
      metrics: definitions,
      categories,
      minCategorySize: config.minCategorySize,
      bootstrap,
      ...(onProgress ? { onProgress } : {}),
    });
    return { n, metrics: scored.metrics, breakdowns: scored.breakdowns };
  },
};
