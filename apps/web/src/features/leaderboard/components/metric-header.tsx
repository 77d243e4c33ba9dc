import Link from 'next/link';
import type { BoardColumn } from '../board-types';

/**
 * A sortable metric column header. The definition is a real tooltip: it shows on hover and on
 * keyboard focus of the sort link, and screen readers hear it through aria-describedby.
 */
export function MetricHeader({
  column,
  sortedDir,
  href,
}: {
  column: BoardColumn;
  /** The current sort direction when the board is sorted by this column. */
  sortedDir: 'asc' | 'desc' | null;
  href: string;
}) {
  const tooltipId = `metric-def-${column.key}`;
  const direction = column.higherIsBetter ? 'higher is better' : 'lower is better';
  return (
    <th
      scope="col"
      className="px-3 py-3 text-right align-bottom font-medium whitespace-nowrap"
      aria-sort={sortedDir === 'asc' ? 'ascending' : sortedDir === 'desc' ? 'descending' : 'none'}
      data-metric={column.key}
    >
      <span className="group relative inline-flex items-center justify-end">
        <Link
          href={href}
          scroll={false}
          aria-describedby={tooltipId}
          className={`inline-flex items-center gap-1 rounded px-1 hover:text-slate-900 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none ${sortedDir ? 'text-slate-900' : ''}`}
        >
          <span className="flex flex-col items-end normal-case">
            <span>{column.label}</span>
            {column.qualifier && (
              <span
                className="text-[11px] font-normal text-slate-500"
                data-testid="metric-qualifier"
              >
                {column.qualifier}
              </span>
            )}
          </span>
          <abbr title={direction} className="no-underline" aria-label={direction}>
            {column.higherIsBetter ? '↑' : '↓'}
          </abbr>
          {sortedDir && (
            <span className="text-brand-700" aria-hidden>
              {sortedDir === 'desc' ? '▾' : '▴'}
            </span>
          )}
          {!column.computed && <span className="sr-only">(reported only)</span>}
        </Link>
        <span
          id={tooltipId}
          role="tooltip"
          className="pointer-events-none absolute top-full right-0 z-20 mt-1 hidden w-64 rounded-md bg-slate-900 px-3 py-2 text-left text-xs leading-5 font-normal tracking-normal whitespace-normal text-white normal-case shadow-lg group-focus-within:block group-hover:block"
        >
          <strong className="font-semibold">{column.label}</strong> ({direction}
          {column.computed ? '' : '; reported by authors, not recomputed by MedRank'}).{' '}
          {column.definition || 'No definition recorded.'}
        </span>
      </span>
    </th>
  );
}
