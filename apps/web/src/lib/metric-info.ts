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
  const definition = METRIC_CATALOG[key];
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
