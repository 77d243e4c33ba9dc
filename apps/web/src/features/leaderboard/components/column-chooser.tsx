import type { BoardColumn } from '../board-types';

/**
 * "Columns": a checkbox per metric the board has values for, sent as a GET form so the choice
 * lives in the URL (`cols`) and a shared link keeps it; works without JavaScript. The sorted
 * metric stays shown (ticked and fixed; a hidden field sends it).
 */
export function ColumnChooser({
  action,
  hidden,
  columns,
  shown,
  sortMetric,
}: {
  action: string;
  /** The board state to keep (tab, sort, filters, rows per page), without `cols` and `page`. */
  hidden: Record<string, string>;
  columns: BoardColumn[];
  shown: BoardColumn[];
  sortMetric: string;
}) {
  if (columns.length < 2) return null;
  const shownKeys = new Set(shown.map((c) => c.key));
  return (
    <details className="relative text-sm" data-testid="column-chooser">
      <summary className="cursor-pointer list-none rounded-md bg-white px-3 py-1.5 font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none">
        Columns{' '}
        <span className="font-normal text-slate-500">
          ({shown.length} of {columns.length})
        </span>
      </summary>
      <form
        method="get"
        action={action}
        className="absolute right-0 z-30 mt-1 w-64 rounded-lg border border-slate-200 bg-white p-3 shadow-lg max-sm:left-0"
      >
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="cols" value={sortMetric} />
        <fieldset>
          <legend className="font-medium text-slate-800">Metrics shown</legend>
          <ul className="mt-2 space-y-1.5">
            {columns.map((column) => {
              const isSorted = column.key === sortMetric;
              return (
                <li key={column.key}>
                  <label className="flex items-center gap-2 text-slate-700">
                    <input
                      type="checkbox"
                      name={isSorted ? undefined : 'cols'}
                      value={column.key}
                      defaultChecked={isSorted || shownKeys.has(column.key)}
                      disabled={isSorted}
                      className="size-4 accent-brand-600"
                    />
                    {column.label}
                    {isSorted && <span className="text-xs text-slate-500">(sorted by)</span>}
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>
        <button
          type="submit"
          className="mt-3 w-full rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-offset-2 focus-visible:outline-none"
        >
          Show these columns
        </button>
      </form>
    </details>
  );
}
