import { METRIC_CATALOG } from '@medrank/metrics';

/**
 * Whether a larger value of `metric` is better: the metric catalog's direction, or for a metric
 * an external scorer provides, the direction the track's configuration declares (default higher).
 */
export function isHigherBetter(metric: string, taskConfig: Record<string, unknown>): boolean {
  const known = METRIC_CATALOG[metric];
  if (known) return known.higherIsBetter;
  const scorers = Array.isArray(taskConfig.externalScorers) ? taskConfig.externalScorers : [];
  const scorer = scorers.find(
    (s): s is { key: string; higherIsBetter?: unknown } =>
      !!s && typeof s === 'object' && (s as { key?: unknown }).key === metric,
  );
  return scorer?.higherIsBetter !== false;
}
