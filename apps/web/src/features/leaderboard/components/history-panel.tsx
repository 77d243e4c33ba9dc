import { describeMetric } from '@medrank/metrics/catalog';
import { formatDate, formatValue } from '@/lib/format';
import type { BoardView } from '../board-types';
import { getBoardHistory } from '../queries';
import { HistoryChart } from './history-chart';
import { KindBadge } from './row-badges';

/** The state of the art over time on this board's sort metric, with a table alternative. */
export async function HistoryPanel({ view }: { view: BoardView }) {
  const column = view.columns.find((c) => c.key === view.sort.metric);
  const history = await getBoardHistory(
    {
      slug: view.benchmark.slug,
      track: view.track.slug,
      testSet: view.testSet.slug,
      metric: view.sort.metric,
    },
    null,
  );
  if (!history || history.scoresHidden || history.points.length === 0 || !column) {
    return (
      <p className="text-sm text-slate-600">
        {history?.scoresHidden ? 'History appears when the scores do.' : 'No scored entries yet.'}
      </p>
    );
  }
  const records = history.points.filter((p) => p.isRecord);
  return (
    <section aria-labelledby="history-heading" className="space-y-4">
      <h3 id="history-heading" className="text-lg font-semibold">
        State of the art over time · {column.label} {column.higherIsBetter ? '↑' : '↓'}
      </h3>
      <figure className="rounded-xl border border-slate-200 bg-white p-4">
        <div
          role="img"
          aria-label={`Step chart of the best ${column.label} over time; the table below lists the records.`}
        >
          <HistoryChart
            points={history.points.map((p) => ({
              time: Date.parse(p.date.length === 4 ? `${p.date}-01-01` : p.date),
              value: p.value,
              kind: p.kind,
              methodName: p.methodName,
              isRecord: p.isRecord,
            }))}
            metricLabel={column.label}
            decimals={column.decimals}
            range={describeMetric(column.key).range}
          />
        </div>
        <figcaption className="mt-2 text-xs text-slate-600">
          Circles: verified entries (scored by MedRank). Triangles: reported results. The step line
          is the best value to date.
        </figcaption>
      </figure>
      <table className="w-full max-w-2xl text-sm" data-testid="history-records">
        <caption className="mb-2 text-left font-medium text-slate-700">Records</caption>
        <thead className="text-xs text-slate-600">
          <tr>
            <th scope="col" className="py-1 text-left font-medium">
              Date
            </th>
            <th scope="col" className="py-1 text-left font-medium">
              Entry
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              {column.label}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {records.map((p) => (
            <tr key={`${p.kind}-${p.id}`}>
              <td className="py-1.5 whitespace-nowrap text-slate-600">
                {p.date.length === 4 ? p.date : formatDate(p.date)}
              </td>
              <td className="py-1.5">
                {p.methodName} <KindBadge kind={p.kind} />
              </td>
              <td className="tabular py-1.5 text-right">{formatValue(p.value, column.decimals)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
