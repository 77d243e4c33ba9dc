import type { BoardView } from './board-types';

/** One entry on the "score against time per case" chart. */
export interface EfficiencyPoint {
  id: string;
  methodName: string;
  kind: 'onnx' | 'endpoint';
  /** Mean inference time per case over the whole run, ms (the board's rounded value). */
  meanMs: number;
  /** The entry's value on the board's sort metric. */
  value: number;
}

/**
 * The entries the efficiency chart plots: every entry with a run's time per case and a value on
 * the sort metric, disqualified ones left out (the table still lists them). A time that rounds
 * to 0 ms sits at 0.1 ms, so the chart's logarithmic axis can place it.
 */
export function efficiencyPoints(view: BoardView): EfficiencyPoint[] {
  return view.entries.flatMap((row) => {
    const value = row.scores[view.sort.metric]?.value;
    if (!row.inference || row.moderation === 'DISQUALIFIED') return [];
    if (typeof value !== 'number' || !Number.isFinite(value)) return [];
    return [
      {
        id: row.id,
        methodName: row.methodName,
        kind: row.inference.kind,
        meanMs: Math.max(row.inference.meanMs, 0.1),
        value,
      },
    ];
  });
}

/**
 * The chart's axes: whole decades of time around the points (0.1 ms … 100 ms), so no point sits
 * on the frame of the log axis, and the values padded by a tenth of their spread (or ±0.05).
 */
export function efficiencyDomains(points: readonly EfficiencyPoint[]): {
  timeMs: [number, number];
  /** One tick per decade of the time axis. */
  timeTicksMs: number[];
  value: [number, number];
} {
  const times = points.map((p) => p.meanMs);
  const values = points.map((p) => p.value);
  const low = Math.floor(Math.log10(Math.min(...times)));
  let high = Math.ceil(Math.log10(Math.max(...times)));
  if (high === low) high += 1;
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const pad = (max - min) * 0.1 || 0.05;
  // 10 ** -1 is 0.1 exactly; a negative exponent keeps float noise out of the tick values.
  const decade = (e: number) => (e < 0 ? 1 / 10 ** -e : 10 ** e);
  const timeTicksMs = Array.from({ length: high - low + 1 }, (_, i) => decade(low + i));
  return {
    timeMs: [decade(low), decade(high)],
    timeTicksMs,
    value: [min - pad, max + pad],
  };
}
