import Link from 'next/link';
import type { BoardDto } from '@medrank/db';
import { formatCi, formatDate, formatValue } from '@/lib/format';
import { metricInfo } from '@/lib/metric-info';
import { CiWhisker } from './ci-whisker';

interface Props {
  board: BoardDto;
  metrics: string[];
  /** The track's task configuration (describes metrics from external scorers). */
  taskConfig: Record<string, unknown>;
  sortedBy: string;
  /** Builds the URL that sorts by a metric, keeping the rest of the view. */
  sortHref: (metric: string) => string;
  highlightSubmissionId?: string | undefined;
}

export function LeaderboardTable({
  board,
  metrics,
  taskConfig,
  sortedBy,
  sortHref,
  highlightSubmissionId,
}: Props) {
  if (board.entries.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
        No scored entries yet. Be the first: upload your predictions on the right.
      </p>
    );
  }
  // One axis per metric across rows, from the CIs shown, so whiskers are comparable down a column.
  const axes = Object.fromEntries(
    metrics.map((m) => {
      const values = board.entries
        .flatMap((e) => [e.scores[m]?.ciLow, e.scores[m]?.ciHigh, e.scores[m]?.value])
        .filter((v): v is number => typeof v === 'number');
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      const pad = (hi - lo) * 0.1 || 0.05;
      return [m, { min: lo - pad, max: hi + pad }];
    }),
  );
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="w-full min-w-[640px] text-left text-sm">
        <caption className="sr-only">
          Leaderboard on {board.testSet.name}, ranked by {metricInfo(sortedBy, taskConfig).label};
          values with 95% bootstrap confidence intervals.
        </caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">
              Rank
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Method · Team
            </th>
            {metrics.map((m) => {
              const info = metricInfo(m, taskConfig);
              const isSorted = m === sortedBy;
              return (
                <th
                  key={m}
                  scope="col"
                  className="px-4 py-3 font-medium"
                  aria-sort={isSorted ? (info.higherIsBetter ? 'descending' : 'ascending') : 'none'}
                >
                  <Link
                    href={sortHref(m)}
                    className={`inline-flex items-center gap-1 hover:text-slate-900 ${isSorted ? 'text-slate-900' : ''}`}
                    title={info.definition || undefined}
                  >
                    {info.label}
                    <span aria-label={info.higherIsBetter ? 'higher is better' : 'lower is better'}>
                      {info.higherIsBetter ? '↑' : '↓'}
                    </span>
                  </Link>
                </th>
              );
            })}
            <th scope="col" className="px-4 py-3 font-medium">
              Submitted
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {board.entries.map((entry) => (
            <tr
              key={entry.submissionId}
              className={
                entry.submissionId === highlightSubmissionId ? 'bg-brand-50' : 'hover:bg-slate-50'
              }
              data-testid="board-row"
            >
              <td className="tabular px-4 py-3 text-base font-semibold text-slate-900">
                {entry.rank}
              </td>
              <td className="px-4 py-3">
                <div className="font-medium text-slate-900">{entry.methodName}</div>
                <div className="text-xs text-slate-600">{entry.team.name}</div>
              </td>
              {metrics.map((m) => {
                const score = entry.scores[m];
                const info = metricInfo(m, taskConfig);
                const ci = formatCi(score?.ciLow, score?.ciHigh, info.decimals);
                const axis = axes[m] ?? { min: 0, max: 1 };
                return (
                  <td key={m} className="px-4 py-3 align-top">
                    <span
                      className={`tabular ${m === sortedBy ? 'font-semibold text-slate-900' : 'text-slate-800'}`}
                    >
                      {formatValue(score?.value, info.decimals)}
                    </span>
                    {ci && <span className="tabular ml-1.5 text-xs text-slate-600">[{ci}]</span>}
                    <CiWhisker
                      value={score?.value ?? null}
                      low={score?.ciLow ?? null}
                      high={score?.ciHigh ?? null}
                      min={axis.min}
                      max={axis.max}
                    />
                  </td>
                );
              })}
              <td className="whitespace-nowrap px-4 py-3 text-slate-600">
                {formatDate(entry.submittedAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-600">
        Brackets: 95% percentile-bootstrap confidence interval (1,000 resamples of the{' '}
        {board.testSet.caseCount} cases). Ties share a rank; entries without a value rank last.
        Evaluator version {board.evaluatorVersion}.
      </p>
    </div>
  );
}
