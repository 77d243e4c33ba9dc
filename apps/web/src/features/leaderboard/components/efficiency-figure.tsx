import type { BoardView } from '../board-types';
import { efficiencyPoints } from '../efficiency-points';
import { EfficiencyChart } from './efficiency-chart';

/**
 * The board's "score against time per case" chart, under the table: drawn when at least two
 * entries have a run and a value on the sorted metric (one point compares nothing). The chart is
 * a picture of numbers the table lists (its Time / case column), so it is labelled as an image.
 */
export function EfficiencyFigure({ view }: { view: BoardView }) {
  const column = view.columns.find((c) => c.key === view.sort.metric);
  const points = efficiencyPoints(view);
  if (!column || points.length < 2) return null;
  return (
    <figure
      className="rounded-xl border border-slate-200 bg-white p-4"
      data-testid="efficiency-figure"
    >
      <div
        role="img"
        aria-label={`Scatter chart of ${column.label} against mean time per case for the ${points.length} entries with a model or endpoint run; the table's Time / case column lists the same numbers.`}
      >
        <EfficiencyChart
          points={points}
          metricLabel={column.label}
          display={{ decimals: column.decimals, percent: column.percent }}
        />
      </div>
      <figcaption className="mt-2 text-xs text-slate-600">
        {column.label} ({column.higherIsBetter ? 'higher' : 'lower'} is better) against the mean
        time per case of each model or endpoint run; faster runs sit further left. Endpoint times
        include the network.
      </figcaption>
    </figure>
  );
}
