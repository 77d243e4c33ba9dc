import type { BoardColumnLayout } from '../board-columns';
import type { BoardRow, BoardView } from '../board-types';
import { boardRowsHtml, type Axis } from './board-rows-html';
import { WHISKER_STYLES } from './ci-whisker';
import { MetricHeader } from './metric-header';
import { ScrollShadows } from './scroll-shadows';

interface Props {
  view: BoardView;
  /** The columns shown (boardColumnLayout: primary metric first, empty columns left out). */
  layout: BoardColumnLayout;
  /** The rows of this page (a slice of view.entries; ranks are the board's, not the page's). */
  rows: BoardRow[];
  /** 0-based index of the first row shown, for the caption. */
  first: number;
  /** URL of this view sorted by `metric` in `dir` (undefined: the metric's better direction). */
  sortHref: (metric: string, dir?: 'asc' | 'desc') => string;
  highlightId?: string | undefined;
  /** id of the GET form the row "compare" checkboxes belong to. */
  compareFormId: string;
  /** An entry picked for comparison on another page: its checkbox shows ticked. */
  pickedId?: string | undefined;
}

/**
 * One axis per metric over every entry's values and CIs (not just this page's), so whiskers
 * compare down a column and across pages. Memoised per view object: the read model returns the
 * same object for an unchanged board and query, so the 1,000-row scan runs once per change.
 */
const axesByView = new WeakMap<BoardView, Record<string, Axis>>();
function columnAxes(view: BoardView): Record<string, Axis> {
  const cached = axesByView.get(view);
  if (cached) return cached;
  const axes: Record<string, Axis> = {};
  for (const column of view.columns) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const row of view.entries) {
      const score = row.scores[column.key];
      for (const v of [score?.ciLow, score?.ciHigh, score?.value]) {
        if (typeof v === 'number' && Number.isFinite(v)) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
    }
    const pad = (hi - lo) * 0.1 || 0.05;
    axes[column.key] = lo === Infinity ? { min: 0, max: 1 } : { min: lo - pad, max: hi + pad };
  }
  axesByView.set(view, axes);
  return axes;
}

/**
 * Cell styles set once on the table instead of on each of the page's ~700 cells: tabular
 * figures, padding and alignment of body cells, right-aligned score cells with their 95% CI in
 * small grey type under the value, the sticky rank and method columns (which take their row's opaque background so
 * scrolled cells do not show through), and the whiskers.
 */
const TABLE_STYLES = [
  'tabular w-full text-left text-sm',
  '[&_tbody_td]:px-3 [&_tbody_td]:py-2.5 [&_tbody_td]:align-top [&_tbody_td]:whitespace-nowrap [&_tbody_td]:text-slate-700',
  '[&_td[data-metric]]:text-right [&_td[data-metric]]:text-slate-800',
  '[&_td_small]:block [&_td_small]:text-xs [&_td_small]:font-normal [&_td_small]:text-slate-600',
  '[&_tbody_tr>:first-child]:sticky [&_tbody_tr>:first-child]:left-0 [&_tbody_tr>:first-child]:z-10 [&_tbody_tr>:first-child]:w-12 [&_tbody_tr>:first-child]:min-w-12 [&_tbody_tr>:first-child]:pr-1 [&_tbody_tr>:first-child]:pl-3 [&_tbody_tr>:first-child]:text-base [&_tbody_tr>:first-child]:font-semibold [&_tbody_tr>:first-child]:text-slate-900',
  '[&_tbody_th]:sticky [&_tbody_th]:left-12 [&_tbody_th]:z-10 [&_tbody_th]:px-2 [&_tbody_th]:py-2.5 [&_tbody_th]:text-left [&_tbody_th]:align-top [&_tbody_th]:font-normal [&_tbody_th]:shadow-[1px_0_0_0_var(--color-slate-200)]',
  '[&_tbody_tr>:nth-child(-n+2)]:bg-inherit',
  // Scrolled sideways (ScrollShadows): the pinned columns cast a shadow over what passes under.
  '[[data-scrolled-left]_&_th:nth-child(2)]:shadow-[4px_0_8px_-2px_rgb(15_23_42/0.25)]',
  WHISKER_STYLES,
].join(' ');

/**
 * The board table. The header (sort links, metric definitions as tooltips) is JSX; the body rows
 * come as one escaped HTML string from `boardRowsHtml` (see there for why).
 */
export function BoardTable({
  view,
  layout,
  rows,
  first,
  sortHref,
  highlightId,
  compareFormId,
  pickedId,
}: Props) {
  const { entries, sort } = view;
  const { columns } = layout;
  const sortColumn = columns.find((c) => c.key === sort.metric);
  const shown =
    rows.length === entries.length
      ? `${entries.length} entries`
      : `entries ${first + 1} to ${first + rows.length} of ${entries.length}`;
  const body = boardRowsHtml({
    view,
    rows,
    first,
    layout,
    axes: columnAxes(view),
    highlightId,
    compareFormId,
    pickedId,
  });
  return (
    <ScrollShadows
      label={`${view.track.name} · ${view.testSet.name} leaderboard (scrolls sideways)`}
      className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm"
    >
      <table className={TABLE_STYLES} data-testid="board-table">
        <caption className="sr-only">
          {view.track.name} · {view.testSet.name}: {shown} sorted by{' '}
          {sortColumn?.label ?? sort.metric}, {sort.dir === 'desc' ? 'highest' : 'lowest'} first.{' '}
          {layout.listPosition
            ? 'Numbers as published by their authors; # is the position in this list.'
            : 'Values with their 95% bootstrap confidence intervals (95% CI) under them.'}
        </caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-600 uppercase">
          <tr>
            <th
              scope="col"
              className="sticky left-0 z-10 w-12 min-w-12 bg-slate-50 py-3 pr-1 pl-3 font-medium"
            >
              {layout.listPosition ? (
                // No entry is ranked (reported results only): the rows are numbered instead.
                <abbr
                  title="Position in this list as sorted. Reported results are not ranked by MedRank."
                  aria-label="Position"
                  className="cursor-help no-underline"
                  data-testid="position-header"
                >
                  #
                </abbr>
              ) : (
                'Rank'
              )}
            </th>
            <th
              scope="col"
              className="sticky left-12 z-10 min-w-[170px] bg-slate-50 px-2 py-3 font-medium shadow-[1px_0_0_0_var(--color-slate-200)] sm:min-w-[250px]"
            >
              Method · Team
            </th>
            {layout.showRankInterval && (
              <th scope="col" className="px-3 py-3 font-medium whitespace-nowrap max-sm:hidden">
                <abbr
                  title="95% rank interval: the ranks this entry takes in 95% of bootstrap resamples of the cases"
                  className="cursor-help no-underline"
                >
                  Rank interval
                </abbr>
              </th>
            )}
            {layout.showTier && (
              <th scope="col" className="px-3 py-3 font-medium max-sm:hidden">
                <abbr
                  title="Significance tier: 1 + the number of entries significantly better (paired bootstrap, 5%). Entries in the same tier are not told apart."
                  className="cursor-help no-underline"
                >
                  Tier
                </abbr>
              </th>
            )}
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
            {layout.showInference && (
              <th
                scope="col"
                className="px-3 py-3 text-right font-medium whitespace-nowrap"
                data-testid="inference-header"
              >
                <abbr
                  title="Inference time per case: the mean over the whole run of a model run on MedRank (ONNX) or of an endpoint's round trip (network included), with the median (p50) and 95th percentile (p95) under it. Entries without a model run (prediction files) show a dash."
                  className="cursor-help no-underline"
                >
                  Time / case
                </abbr>
              </th>
            )}
            <th scope="col" className="px-3 py-3 font-medium whitespace-nowrap">
              Date
            </th>
          </tr>
        </thead>
        <tbody
          className="divide-y divide-slate-100"
          // Escaped row markup built in board-rows-html.ts.
          dangerouslySetInnerHTML={{ __html: body }}
        />
      </table>
    </ScrollShadows>
  );
}
