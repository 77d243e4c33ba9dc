import { METRIC_CATALOG } from '@medrank/metrics';

export interface MetricInfo {
  key: string;
  label: string;
  higherIsBetter: boolean;
  definition: string;
  decimals: number;
}

/** Display metadata of a metric (label, direction, definition); never used to compute. */
export function metricInfo(key: string): MetricInfo {
  const definition = METRIC_CATALOG[key];
  return {
    key,
    label: definition?.label ?? key,
    higherIsBetter: definition?.higherIsBetter ?? true,
    definition: definition?.definition ?? '',
    decimals: 3,
  };
}
