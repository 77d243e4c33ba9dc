import { describeMetric } from '@medrank/metrics/catalog';
import type { BoardColumn } from '../dto.js';
import type { TrackSource } from './board-source.js';

/**
 * A track's board columns: its computed metrics, described by the metrics catalog (label,
 * direction, decimals, percent: their one source), then metrics only reported results have.
 * A computed metric is shown with its display decimals, or fewer when the entries were stored at
 * a coarser stated precision (`storedDecimals`, the most precise phase on the board): printing
 * 0.870 for a value stored as 0.87 would claim a digit nobody measured.
 */
export function boardColumns(
  track: Pick<TrackSource, 'metrics' | 'taskConfig' | 'reportedMetrics'>,
  storedDecimals: number | null = null,
): BoardColumn[] {
  const computed = track.metrics.map((key): BoardColumn => {
    const info = describeMetric(key, track.taskConfig);
    // Stored decimals count digits of the fraction; a percentage shows two of them before the point.
    const storedShown =
      storedDecimals === null ? null : Math.max(0, storedDecimals - (info.percent ? 2 : 0));
    return {
      key,
      label: info.label,
      higherIsBetter: info.higherIsBetter,
      decimals: storedShown === null ? info.decimals : Math.min(info.decimals, storedShown),
      percent: info.percent === true,
      definition: info.definition,
      qualifier: info.qualifier ?? null,
      computed: true,
    };
  });
  const reportedOnly = track.reportedMetrics
    .filter((m) => !track.metrics.includes(m.key))
    .map((m): BoardColumn => ({
      key: m.key,
      label: m.label ?? m.key,
      higherIsBetter: m.higherIsBetter ?? true,
      decimals: m.decimals ?? 3,
      percent: false,
      definition: m.description ?? '',
      qualifier: null,
      computed: false,
    }));
  return [...computed, ...reportedOnly];
}
