import {
  accuracyScore,
  averagePrecisionScore,
  balancedAccuracyScore,
  prepareBootstrapAccuracy,
  prepareBootstrapAveragePrecision,
  prepareBootstrapRocAuc,
  prepareBootstrapRocAucOvr,
  cohenKappaScore,
  expectedCalibrationError,
  f1Score,
  rocAucOvrScore,
  rocAucScore,
  sensitivityScore,
  specificityScore,
  type ClassificationInput,
  type PreparedBootstrap,
} from './classification/index.js';

import {
  CLASSIFICATION_METRIC_DEFINITIONS,
  type ClassificationMetricInfo,
} from './classification/classification-metric-definitions.js';
import type { MetricDefinition } from './metric-definition.js';

export type { MetricDefinition } from './metric-definition.js';

export interface ClassificationMetricDefinition extends ClassificationMetricInfo {
  compute(input: ClassificationInput): number;
  /** Fast bootstrap path: prepares once (e.g. sorts scores) and returns a function that scores
   * every row of an index matrix, callable on successive chunks of replicates. Without it,
   * callers resample and call `compute` per replicate. */
  prepareBootstrap?(input: ClassificationInput): PreparedBootstrap;
}

/** Column `column` of a row-major n×k matrix. */
function column(scores: Float64Array, nClasses: number, index: number): Float64Array {
  const n = scores.length / nClasses;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = scores[i * nClasses + index]!;
  return out;
}

function requireScores(key: string, input: ClassificationInput): Float64Array {
  if (!input.scores)
    throw new RangeError(`${key} needs probability scores, and the input has only labels`);
  return input.scores;
}

/** The classification metrics: their metadata plus the code that computes them. */
export const CLASSIFICATION_METRICS = {
  accuracy: {
    ...CLASSIFICATION_METRIC_DEFINITIONS.accuracy,
    compute: ({ yTrue, yPred }) => accuracyScore(yTrue, yPred),
    prepareBootstrap: ({ yTrue, yPred }) => prepareBootstrapAccuracy(yTrue, yPred),
  },
  balanced_accuracy: {
    ...CLASSIFICATION_METRIC_DEFINITIONS.balanced_accuracy,
    compute: ({ yTrue, yPred }) => balancedAccuracyScore(yTrue, yPred),
  },
  roc_auc: {
    ...CLASSIFICATION_METRIC_DEFINITIONS.roc_auc,
    compute: (input) => {
      const scores = requireScores('roc_auc', input);
      return input.nClasses === 2
        ? rocAucScore(input.yTrue, column(scores, 2, input.positiveClass), {
            positiveLabel: input.positiveClass,
          })
        : rocAucOvrScore(input.yTrue, scores, input.nClasses);
    },
    prepareBootstrap: (input) => {
      const scores = requireScores('roc_auc', input);
      return input.nClasses === 2
        ? prepareBootstrapRocAuc(input.yTrue, column(scores, 2, input.positiveClass), {
            positiveLabel: input.positiveClass,
          })
        : prepareBootstrapRocAucOvr(input.yTrue, scores, input.nClasses);
    },
  },
  average_precision: {
    ...CLASSIFICATION_METRIC_DEFINITIONS.average_precision,
    compute: (input) =>
      averagePrecisionScore(
        input.yTrue,
        column(requireScores('average_precision', input), 2, input.positiveClass),
        {
          positiveLabel: input.positiveClass,
        },
      ),
    prepareBootstrap: (input) =>
      prepareBootstrapAveragePrecision(
        input.yTrue,
        column(requireScores('average_precision', input), 2, input.positiveClass),
        {
          positiveLabel: input.positiveClass,
        },
      ),
  },
  f1: {
    ...CLASSIFICATION_METRIC_DEFINITIONS.f1,
    compute: ({ yTrue, yPred, positiveClass }) =>
      f1Score(yTrue, yPred, { positiveLabel: positiveClass }),
  },
  f1_macro: {
    ...CLASSIFICATION_METRIC_DEFINITIONS.f1_macro,
    compute: ({ yTrue, yPred }) => f1Score(yTrue, yPred, { average: 'macro' }),
  },
  sensitivity: {
    ...CLASSIFICATION_METRIC_DEFINITIONS.sensitivity,
    compute: ({ yTrue, yPred, positiveClass }) =>
      sensitivityScore(yTrue, yPred, { positiveLabel: positiveClass }),
  },
  specificity: {
    ...CLASSIFICATION_METRIC_DEFINITIONS.specificity,
    compute: ({ yTrue, yPred, positiveClass }) =>
      specificityScore(yTrue, yPred, { positiveLabel: positiveClass }),
  },
  cohen_kappa: {
    ...CLASSIFICATION_METRIC_DEFINITIONS.cohen_kappa,
    compute: ({ yTrue, yPred }) => cohenKappaScore(yTrue, yPred),
  },
  cohen_kappa_linear: {
    ...CLASSIFICATION_METRIC_DEFINITIONS.cohen_kappa_linear,
    compute: ({ yTrue, yPred }) => cohenKappaScore(yTrue, yPred, { weights: 'linear' }),
  },
  cohen_kappa_quadratic: {
    ...CLASSIFICATION_METRIC_DEFINITIONS.cohen_kappa_quadratic,
    compute: ({ yTrue, yPred }) => cohenKappaScore(yTrue, yPred, { weights: 'quadratic' }),
  },
  ece: {
    ...CLASSIFICATION_METRIC_DEFINITIONS.ece,
    compute: (input) =>
      expectedCalibrationError(input.yTrue, requireScores('ece', input), input.nClasses),
  },
} as const satisfies Record<string, ClassificationMetricDefinition>;

export type ClassificationMetricKey = keyof typeof CLASSIFICATION_METRICS;

/** Every metric of every family, by key. Families add their records here. */
export const METRICS: Readonly<Record<string, MetricDefinition>> = {
  ...CLASSIFICATION_METRICS,
};

/**
 * The metric with this key.
 * @throws {RangeError} for an unknown key, naming the known ones.
 */
export function getMetricOrThrow(key: string): MetricDefinition {
  const metric = METRICS[key];
  if (!metric)
    throw new RangeError(`unknown metric "${key}"; known: ${Object.keys(METRICS).join(', ')}`);
  return metric;
}
