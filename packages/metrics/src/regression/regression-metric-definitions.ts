// Metadata only (label, direction, range, definition): no code that computes a metric, so
// the metric catalog can be read without bundling scoring code.
import type { MetricDefinition } from '../metric-definition.js';

/** Ranking metadata of the regression metrics; bump `version` whenever a score would change. */
export const regressionMetricDefinitions = [
  {
    key: 'mae',
    label: 'MAE',
    version: 1,
    higherIsBetter: false,
    range: [0, Number.POSITIVE_INFINITY],
    unit: 'target unit',
    definition:
      'Mean absolute error Σ|prediction − truth|/n, in the unit of the target (e.g. years for bone age, % for ejection fraction); equals scikit-learn mean_absolute_error.',
  },
  {
    key: 'rmse',
    label: 'RMSE',
    version: 1,
    higherIsBetter: false,
    range: [0, Number.POSITIVE_INFINITY],
    unit: 'target unit',
    definition:
      'Root mean squared error √(Σ(prediction − truth)²/n), in the unit of the target, penalizing large errors more than MAE; equals sqrt of scikit-learn mean_squared_error.',
  },
  {
    key: 'pearson_r',
    label: 'Pearson r',
    version: 1,
    higherIsBetter: true,
    range: [-1, 1],
    definition:
      'Pearson correlation coefficient between predictions and targets (linear agreement, insensitive to scale and offset); NaN for constant input; equals scipy.stats.pearsonr (1.10) statistic.',
  },
  {
    key: 'spearman_rho',
    label: 'Spearman ρ',
    version: 1,
    higherIsBetter: true,
    range: [-1, 1],
    definition:
      'Spearman rank correlation: Pearson correlation of the average ranks (ties share the mean rank), measuring monotonic agreement; NaN for constant input; equals scipy.stats.spearmanr (1.10) statistic.',
  },
] as const satisfies readonly MetricDefinition[];
