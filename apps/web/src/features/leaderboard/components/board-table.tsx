import Link from 'next/link';
import { formatDate, formatValue } from '@/lib/format';
import type { BoardColumn, BoardRow, BoardView } from '../board-types';
import { CiWhisker } from './ci-whisker';
import { MetricHeader } from './metric-header';
import { BaselineBadge, DisqualifiedBadge, KindBadge, OpenWeightsBadge } from './row-badges';

interface Props {
  view: BoardView;
  /** URL of this view sorted by `metric` in `dir` (undefined: the metric's better direction). */
  sortHref: (metric: string, dir?: 'asc' | 'desc') => string;
  highlightId?: string | undefined;
  /** id of the GET form the row "compare" checkboxes belong to. */
  compareFormId: string;
}

/** One axis per metric over the values and CIs shown, so whiskers compare down a column. */
function columnAxes(columns: BoardColumn[], rows: BoardRow[]) {
  return Object.fromEntries(
    columns.map((column) => {
      const values = rows
        .flatMap((r) => [
          r.scores[column.key]?.ciLow,
          r.scores[column.key]?.ciHigh,
          r.scores[column.key]?.value,
        ])
        .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (values.length === 0) return [column.key, { min: 0, max: 1 }];
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      const pad = (hi - lo) * 0.1 || 0.05;
      return [column.key, { min: lo - pad, max: hi + pad }];
    }),
  );
}

function plusMinus(
  value: number | null,
  low: number | null,
  high: number | null,
  decimals: number,
) {
  if (value === null || low === null || high === null) return null;
  return Math.max(value - low, high - value).toFixed(decimals);
}

function ScoreCell({
  column,
  row,
  isSortColumn,
  axis,
}: {
  column: BoardColumn;
  row: BoardRow;
  isSortColumn: boolean;
  axis: { min: number; max: number };
}) {
  const score = row.scores[column.key];
  const value = score?.value ?? null;
  const halfWidth = plusMinus(value, score?.ciLow ?? null, score?.ciHigh ?? null, column.decimals);
  return (
    <td className="px-3 py-2.5 text-right align-top whitespace-nowrap" data-metric={column.key}>
      <span
        className={`tabular ${isSortColumn ? 'font-semibold text-slate-900' : 'text-slate-800'}`}
        data-testid="score-value"
      >
        {value === null ? (
          <span aria-label="no value">—</span>
        ) : (
          formatValue(value, column.decimals)
        )}
      </span>
      {halfWidth !== null && (
        <>
          <span className="tabular ml-1 text-xs text-slate-600" aria-hidden>
            ±{halfWidth}
          </span>
          <span className="sr-only">
            , 95% CI {formatValue(score?.ciLow, column.decimals)} to{' '}
            {formatValue(score?.ciHigh, column.decimals)}
          </span>
        </>
      )}
      <div className="flex justify-end">
        <CiWhisker
          value={value}
          low={score?.ciLow ?? null}
          high={score?.ciHigh ?? null}
          min={axis.min}
          max={axis.max}
        />
      </div>
    </td>
  );
}

function rowClass(row: BoardRow, isHighlighted: boolean) {
  if (isHighlighted) return 'bg-brand-50';
  if (row.moderation === 'DISQUALIFIED') return 'bg-red-50/40 text-slate-500';
  if (row.baselineKind) return 'bg-slate-50 italic';
  return 'hover:bg-slate-50/70';
}

export function BoardTable({ view, sortHref, highlightId, compareFormId }: Props) {
  const { columns, entries, sort } = view;
  const axes = columnAxes(columns, entries);
  const sortColumn = columns.find((c) => c.key === sort.metric);
  return (
    <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" data-testid="board-table">
        <caption className="sr-only">
          {view.track.name} · {view.testSet.name}: {entries.length} entries sorted by{' '}
          {sortColumn?.label ?? sort.metric}, {sort.dir === 'desc' ? 'highest' : 'lowest'} first.
          Values with 95% bootstrap confidence intervals.
        </caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-600 uppercase">
          <tr>
            <th
              scope="col"
              className="sticky left-0 z-10 w-12 min-w-12 bg-slate-50 py-3 pr-1 pl-3 font-medium"
            >
              Rank
            </th>
            <th
              scope="col"
              className="sticky left-12 z-10 min-w-[170px] bg-slate-50 px-2 py-3 font-medium shadow-[1px_0_0_0_var(--color-slate-200)] sm:min-w-[250px]"
            >
              Method · Team
            </th>
            <th scope="col" className="px-3 py-3 font-medium whitespace-nowrap">
              <abbr
                title="95% rank interval: the ranks this entry takes in 95% of bootstrap resamples of the cases"
                className="cursor-help no-underline"
              >
                Rank interval
              </abbr>
            </th>
            <th scope="col" className="px-3 py-3 font-medium">
              <abbr
                title="Significance tier: 1 + the number of entries significantly better (paired bootstrap, 5%). Entries in the same tier are not told apart."
                className="cursor-help no-underline"
              >
                Tier
              </abbr>
            </th>
            {columns.map((column) => {
              const isSorted = column.key === sort.metric;
              const betterDir = column.higherIsBetter ? 'desc' : 'asc';
              const nextDir = isSorted ? (sort.dir === 'desc' ? 'asc' : 'desc') : betterDir;
              return (
                <MetricHeader
                  key={column.key}
                  column={column}
                  sortedDir={isSorted ? sort.dir : null}
                  href={sortHref(column.key, nextDir === betterDir ? undefined : nextDir)}
                />
              );
            })}
            <th scope="col" className="px-3 py-3 font-medium whitespace-nowrap">
              Date
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.map((row) => {
            const isDisqualified = row.moderation === 'DISQUALIFIED';
            const canCompare =
              row.kind === 'verified' && !isDisqualified && !view.testSet.scoresHidden;
            const stickyBg =
              row.id === highlightId
                ? 'bg-brand-50'
                : isDisqualified
                  ? 'bg-red-50'
                  : row.baselineKind
                    ? 'bg-slate-50'
                    : 'bg-white';
            return (
              <tr
                key={`${row.kind}-${row.id}`}
                className={rowClass(row, row.id === highlightId)}
                data-testid="board-row"
                data-kind={row.kind}
                data-id={row.id}
                data-rank={row.rank ?? ''}
              >
                <td
                  className={`tabular sticky left-0 z-10 w-12 min-w-12 py-2.5 pr-1 pl-3 align-top text-base font-semibold text-slate-900 ${stickyBg}`}
                  data-testid="rank"
                >
                  {row.rank ?? (
                    <span aria-label="not ranked" className="text-slate-400">
                      –
                    </span>
                  )}
                </td>
                <th
                  scope="row"
                  className={`sticky left-12 z-10 px-2 py-2.5 text-left align-top font-normal shadow-[1px_0_0_0_var(--color-slate-200)] ${stickyBg}`}
                >
                  <div>
                    <div className="flex flex-wrap items-center gap-x-1.5 gap-y-1">
                      {row.kind === 'verified' ? (
                        <Link
                          href={`/entries/${row.id}`}
                          data-testid="method-name"
                          className={`font-medium text-slate-900 hover:text-brand-700 hover:underline ${isDisqualified ? 'line-through' : ''}`}
                        >
                          {row.methodName}
                        </Link>
                      ) : row.sourceUrl ? (
                        <a
                          href={row.sourceUrl}
                          rel="noreferrer"
                          data-testid="method-name"
                          className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
                        >
                          {row.methodName}
                        </a>
                      ) : (
                        <span className="font-medium text-slate-900" data-testid="method-name">
                          {row.methodName}
                        </span>
                      )}
                      <KindBadge kind={row.kind} />
                      {row.baselineKind && <BaselineBadge kind={row.baselineKind} />}
                      {row.openWeights && <OpenWeightsBadge />}
                      {isDisqualified && <DisqualifiedBadge />}
                    </div>
                    <div className="mt-0.5 text-xs text-slate-600 not-italic">
                      {[row.team?.name, row.institution].filter(Boolean).join(' · ')}
                      {row.modelSlug && (
                        <>
                          {row.team || row.institution ? ' · ' : ''}
                          <Link href={`/models/${row.modelSlug}`} className="hover:underline">
                            all results of this model
                          </Link>
                        </>
                      )}
                    </div>
                    {isDisqualified && (
                      <p className="mt-1 max-w-xs text-xs whitespace-normal text-red-800 not-italic">
                        Disqualified: {row.moderationReason ?? 'no reason given'}
                      </p>
                    )}
                    {canCompare && (
                      <label className="mt-1 inline-flex items-center gap-1 text-xs text-slate-600 not-italic">
                        <input
                          type="checkbox"
                          name="e"
                          value={row.id}
                          form={compareFormId}
                          className="size-3.5 accent-brand-600"
                        />
                        compare<span className="sr-only"> {row.methodName}</span>
                      </label>
                    )}
                  </div>
                </th>
                <td
                  className="tabular px-3 py-2.5 align-top whitespace-nowrap text-slate-700"
                  data-testid="rank-interval"
                >
                  {row.rankInterval
                    ? row.rankInterval[0] === row.rankInterval[1]
                      ? `${row.rankInterval[0]}`
                      : `${row.rankInterval[0]}–${row.rankInterval[1]}`
                    : '—'}
                </td>
                <td className="tabular px-3 py-2.5 align-top text-slate-700" data-testid="tier">
                  {row.tier ?? '—'}
                </td>
                {columns.map((column) => (
                  <ScoreCell
                    key={column.key}
                    column={column}
                    row={row}
                    isSortColumn={column.key === sort.metric}
                    axis={axes[column.key] ?? { min: 0, max: 1 }}
                  />
                ))}
                <td className="px-3 py-2.5 align-top whitespace-nowrap text-slate-600 not-italic">
                  {row.date ? formatDate(row.date) : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
