import { METRIC_CATALOG } from '@medrank/metrics';

export interface MetricInfo {
  key: string;
  label: string;
  higherIsBetter: boolean;
  definition: string;
  decimals: number;
}

interface ExternalScorerConfig {
  key?: unknown;
  label?: unknown;
  higherIsBetter?: unknown;
  version?: unknown;
}

/**
 * Metrics a task type defines itself rather than @medrank/metrics' catalog. The web may not
 * import @medrank/scoring, so their display metadata is repeated here; without it the board
 * would take "extraction failure rate" for higher-is-better and rank it upside down.
 * Mirrors extractionFailureRateDefinition (packages/scoring/src/multiple-choice).
 */
const TASK_TYPE_METRICS: Readonly<
  Record<
    string,
    {
      label: string;
      higherIsBetter: boolean;
      range: readonly [number, number];
      unit?: string;
      definition: string;
    }
  >
> = {
  extraction_failure_rate: {
    label: 'Extraction failure rate',
    higherIsBetter: false,
    range: [0, 1],
    definition:
      'Fraction of multiple-choice responses from which no option letter can be extracted (empty, ambiguous, out of range, no match). Such responses count as wrong in accuracy; the rate is reported beside it.',
  },
};

/**
 * Display metadata of a metric (label, direction, definition); never used to compute. Metrics a
 * curator attached through an external scorer are described by the track's configuration.
 */
export function metricInfo(key: string, taskConfig?: Record<string, unknown>): MetricInfo {
  const scorers = Array.isArray(taskConfig?.externalScorers)
    ? (taskConfig.externalScorers as ExternalScorerConfig[])
    : [];
  const external = scorers.find((scorer) => scorer?.key === key);
  if (external) {
    return {
      key,
      label: typeof external.label === 'string' ? external.label : key,
      higherIsBetter: external.higherIsBetter !== false,
      definition: `Computed by the curator's external scorer${typeof external.version === 'string' ? ` (${external.version})` : ''} through MedRank's external-scorer protocol; mean over cases.`,
      decimals: 3,
    };
  }
  const definition = METRIC_CATALOG[key] ?? TASK_TYPE_METRICS[key];
  return {
    key,
    label: definition?.label ?? key,
    higherIsBetter: definition?.higherIsBetter ?? true,
    definition: definition?.definition ?? '',
    decimals: definition ? decimalsFor(definition.range, definition.unit) : 3,
  };
}

/**
 * Decimals that show a metric's real resolution: scores on [0, 1] (AUROC, Dice) need three;
 * distances and errors in physical units (mm) or unbounded ranges read best with two.
 */
export function decimalsFor(range: readonly [number, number], unit?: string): number {
  const [min, max] = range;
  if (unit) return 2;
  if (Number.isFinite(min) && Number.isFinite(max) && max - min <= 1) return 3;
  return 2;
}
