import { isAppError } from '@medrank/core';
import type { BoardViewer } from '@medrank/db';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { getBenchmark } from '@/features/benchmarks/queries';
import { CI_LABEL, formatCi, formatMetricValue } from '@/lib/format';
import type { SubsetScores } from '../board-queries';
import type { RawSearch } from '../board-search';
import type { BoardColumn, BoardView, BreakdownTable } from '../board-types';
import {
  ariaSortOf,
  breakdownSortParam,
  effectiveSort,
  nextSort,
  orderBreakdownRows,
  parseBreakdownSort,
  shortCategoryName,
  type BreakdownSort,
} from '../breakdown-order';
import { getSubsetScores } from '../get-subset-scores';
import { HEAT_STEPS, heatStep, valueRange } from '../heat-scale';
import { getBoardView, getBreakdownTable, listCategoryTree } from '../queries';
import { CategoryTreeForm, GroupingNote } from './category-tree-form';
import { KindBadge } from './row-badges';

const asList = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

// TEMPORARY: BoardView carries no test set id; until it does, published benchmarks resolve it
// from the catalog record (drafts show no breakdowns to their curators yet).
async function resolveTestSetId(view: BoardView): Promise<string | null> {
  const benchmark = await getBenchmark(view.benchmark.slug);
  const track = benchmark?.tracks.find((t) => t.slug === view.track.slug);
  return track?.testSets.find((t) => t.slug === view.testSet.slug)?.id ?? null;
}

/**
 * The other test sets of this track whose heat maps have rows, for the empty state's link
 * (GMAI-MMBench publishes its per-category accuracies on Test only). Read through the board read
 * model, so a hidden test set's breakdowns are as withheld as on its own tab.
 */
async function testSetsWithBreakdowns(view: BoardView, viewer: BoardViewer | null) {
  const siblings = view.tabs.filter(
    (t) => t.trackSlug === view.track.slug && t.testSetSlug !== view.testSet.slug,
  );
  const found = await Promise.all(
    siblings.map(async (tab) => {
      const sibling = await getBoardView(
        { slug: view.benchmark.slug, track: tab.trackSlug, testSet: tab.testSetSlug },
        viewer,
      );
      if (!sibling || sibling.testSet.scoresHidden) return null;
      const testSetId = await resolveTestSetId(sibling);
      const metric =
        sibling.columns.find((c) => c.key === sibling.sort.metric) ?? sibling.columns[0];
      if (!testSetId || !metric) return null;
      const table = await getBreakdownTable({
        testSetId,
        version: sibling.testSet.rankedVersion,
        metric: metric.key,
      });
      return table && table.dimensions.length > 0 ? tab : null;
    }),
  );
  return found.filter((t) => t !== null);
}

export async function BreakdownPanel({
  view,
  raw,
  hrefBase,
  viewer,
}: {
  view: BoardView;
  raw: RawSearch;
  hrefBase: string;
  /** Custom subsets are for signed-in accounts (rate-limited and logged per account). */
  viewer: BoardViewer | null;
}) {
  if (view.testSet.scoresHidden) {
    return <p className="text-sm text-slate-600">Breakdowns appear when the scores do.</p>;
  }
  const testSetId = await resolveTestSetId(view);
  const metricParam = asList(raw.metric)[0];
  const metricColumn =
    view.columns.find((c) => c.key === metricParam && c.computed) ??
    view.columns.find((c) => c.key === view.sort.metric) ??
    view.columns[0];
  if (!testSetId || !metricColumn) {
    return <p className="text-sm text-slate-600">No breakdowns for this test set.</p>;
  }
  const [table, tree, unfiltered] = await Promise.all([
    getBreakdownTable({ testSetId, version: view.testSet.rankedVersion, metric: metricColumn.key }),
    listCategoryTree(testSetId),
    // Overall is every row's board score; the board's filters (team, search, best per team)
    // narrow the board's rows, not the heat map's, so read the unfiltered view (cached).
    getBoardView(
      { slug: view.benchmark.slug, track: view.track.slug, testSet: view.testSet.slug },
      viewer,
    ),
  ]);
  const overall = new Map(
    (unfiltered ?? view).entries.map((e) => [e.id, e.scores[metricColumn.key]?.value ?? null]),
  );
  const [path = '', query = ''] = hrefBase.split('?');
  // A header's link keeps the tab and the metric, drops a custom subset (recomputing it on
  // every sort would spend the account's subset budget) and returns to the table it sorted.
  const sortHref = (sort: BreakdownSort) => {
    const params = new URLSearchParams(query);
    params.set('metric', metricColumn.key);
    params.set('bsort', breakdownSortParam(sort));
    return `${path}?${params.toString()}#${`breakdown-${sort.dimension}`.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  };
  const elsewhere =
    table && table.dimensions.length > 0 ? [] : await testSetsWithBreakdowns(view, viewer);
  const testSetHref = (testSetSlug: string) => {
    const params = new URLSearchParams(query);
    params.set('testSet', testSetSlug);
    params.delete('page');
    return `${path}?${params.toString()}`;
  };
  const selected = asList(raw.cat);
  let subset: { result: SubsetScores } | { error: string } | null = null;
  if (selected.length > 0 && viewer) {
    try {
      const answer = await getSubsetScores(
        {
          slug: view.benchmark.slug,
          track: view.track.slug,
          testSet: view.testSet.slug,
          categories: selected,
        },
        viewer,
      );
      subset = { result: answer.subset };
    } catch (error) {
      if (!isAppError(error)) throw error;
      subset = { error: error.message };
    }
  }

  return (
    <div className="space-y-8" data-testid="breakdown-panel">
      <form
        method="get"
        action={hrefBase.split('?')[0]}
        className="flex flex-wrap items-end gap-3 text-sm"
      >
        {Object.entries(Object.fromEntries(new URLSearchParams(hrefBase.split('?')[1] ?? '')))
          .filter(([key]) => key !== 'metric')
          .map(([key, value]) => (
            <input key={key} type="hidden" name={key} value={value} />
          ))}
        <div>
          <label htmlFor="breakdown-metric" className="block font-medium text-slate-700">
            Metric
          </label>
          <select
            id="breakdown-metric"
            name="metric"
            defaultValue={metricColumn.key}
            className="mt-1 rounded-md border border-slate-300 bg-white px-2.5 py-1.5"
          >
            {view.columns.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label} {c.higherIsBetter ? '↑' : '↓'}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="rounded-md bg-white px-3 py-1.5 font-medium ring-1 ring-slate-300 hover:bg-slate-50"
        >
          Show
        </button>
      </form>
      {tree && <GroupingNote tree={tree} />}
      {table && table.dimensions.length > 0 ? (
        <BreakdownTables
          table={table}
          column={metricColumn}
          overall={overall}
          sort={parseBreakdownSort(raw.bsort)}
          sortHref={sortHref}
        />
      ) : (
        <div className="space-y-2 text-sm text-slate-600" data-testid="breakdown-empty">
          <p>
            {view.testSet.name} has no category breakdowns
            {view.testSet.categoryDimensions.length === 0
              ? ' (no category dimensions are defined)'
              : ''}
            .
          </p>
          {elsewhere.map((t) => (
            <p key={t.testSetSlug}>
              Breakdowns exist on {t.testSetName}:{' '}
              <Link
                href={testSetHref(t.testSetSlug)}
                className="font-medium text-brand-700 hover:underline"
                data-testid="breakdown-elsewhere"
              >
                open the {t.testSetName} breakdowns →
              </Link>
            </p>
          ))}
        </div>
      )}
      {tree && tree.dimensions.length > 0 && (
        <section aria-labelledby="subset-heading" className="space-y-4">
          <div>
            <h3 id="subset-heading" className="text-lg font-semibold">
              Custom subset
            </h3>
            <p className="mt-1 max-w-3xl text-sm text-slate-600">
              Tick groups to recompute every entry’s metrics on just those cases, with 95% CIs.
              Within a dimension groups combine with “or”, across dimensions with “and”. Every
              choice of whole groups covers cells of at least {tree.minCategorySize} cases, so no
              small group of hidden cases can be singled out, not even by comparing subsets.
            </p>
          </div>
          {viewer ? (
            <CategoryTreeForm
              tree={tree}
              selected={selected}
              action={hrefBase.split('?')[0] ?? ''}
              keep={Object.fromEntries(new URLSearchParams(hrefBase.split('?')[1] ?? ''))}
            />
          ) : (
            <p
              className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700"
              data-testid="subset-sign-in"
            >
              <Link
                href={`/sign-in?next=${encodeURIComponent(hrefBase)}`}
                className="font-medium text-brand-700 hover:underline"
              >
                Sign in to compute custom subsets
              </Link>
              . Subsets are recomputed from hidden per-case results, so they are limited per account
              and logged for the benchmark’s curators.
            </p>
          )}
          {subset && 'error' in subset && (
            <p
              role="alert"
              className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
              data-testid="subset-error"
            >
              {subset.error}
            </p>
          )}
          {subset && 'result' in subset && <SubsetResultTable view={view} result={subset.result} />}
        </section>
      )}
    </div>
  );
}

function BreakdownTables({
  table,
  column,
  overall,
  sort: requestedSort,
  sortHref,
}: {
  table: BreakdownTable;
  column: BoardColumn;
  /** Each row's overall value on the metric (the board's score), by entry id. */
  overall: ReadonlyMap<string, number | null>;
  sort: BreakdownSort | null;
  sortHref: (sort: BreakdownSort) => string;
}) {
  const { higherIsBetter, label } = column;
  const format = (value: number | null | undefined) => formatMetricValue(value, column);
  return (
    <div className="space-y-6">
      <HeatLegend higherIsBetter={higherIsBetter} />
      {table.dimensions.map((dimension) => {
        const range = valueRange(
          dimension.rows.flatMap((r) => Object.values(r.cells).map((c) => c.value)),
        );
        const overallRange = valueRange(dimension.rows.map((r) => overall.get(r.id) ?? null));
        const sort = effectiveSort(requestedSort, dimension, higherIsBetter);
        const rows = orderBreakdownRows(dimension.rows, sort, overall, higherIsBetter);
        const title = `${label} by ${dimension.dimension.replaceAll('_', ' ')}`;
        const headingId = `breakdown-${dimension.dimension}`.replace(/[^a-zA-Z0-9_-]/g, '_');
        const arrow = (forColumn: string | null) =>
          sort.column === forColumn ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : '';
        return (
          <section key={dimension.dimension} aria-labelledby={headingId}>
            <h3 id={headingId} className="mb-2 scroll-mt-4 font-semibold">
              {title}
            </h3>
            {/* Scrolls both ways inside a bounded box, so the header row and the entry column
                stay in view (sticky positions are relative to the nearest scroll container). `relative`
                keeps the cells' visually hidden CI labels inside it: positioned outside, they
                widened the page on a phone. */}
            <div
              className="relative max-h-[70vh] overflow-auto rounded-xl border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-brand-600"
              role="region"
              aria-label={`${title} (scrollable table)`}
              tabIndex={0}
              data-testid="breakdown-scroll"
            >
              <table
                className="w-full border-separate border-spacing-0 text-sm"
                data-testid="breakdown-table"
              >
                <thead className="text-xs text-slate-600">
                  <tr>
                    <th
                      scope="col"
                      className="sticky top-0 left-0 z-30 border-b border-slate-200 bg-slate-50 px-3 py-2 text-left font-medium"
                    >
                      Entry
                    </th>
                    <th
                      scope="col"
                      aria-sort={ariaSortOf(sort, null)}
                      className="sticky top-0 z-20 border-r border-b border-slate-200 bg-slate-50 px-3 py-2 text-right font-semibold whitespace-nowrap text-slate-800"
                      data-testid="breakdown-overall-header"
                    >
                      <SortLink href={sortHref(nextSort(sort, null, higherIsBetter))}>
                        Overall{arrow(null)}
                      </SortLink>
                    </th>
                    {dimension.categories.map((c) => {
                      const short = shortCategoryName(c.category);
                      return (
                        <th
                          key={c.category}
                          scope="col"
                          title={c.category}
                          aria-sort={ariaSortOf(sort, c.category)}
                          aria-describedby={
                            c.members.length > 1
                              ? mergedId(dimension.dimension, c.category)
                              : undefined
                          }
                          className="sticky top-0 z-20 border-b border-slate-200 bg-slate-50 px-3 py-2 text-right font-medium whitespace-nowrap"
                        >
                          <SortLink href={sortHref(nextSort(sort, c.category, higherIsBetter))}>
                            {short === c.category ? (
                              c.category
                            ) : (
                              <>
                                <span aria-hidden>{short}</span>
                                <span className="sr-only">{c.category}</span>
                              </>
                            )}
                            {arrow(c.category)}
                          </SortLink>
                          {c.n !== null && (
                            <div className="font-normal text-slate-500">n = {c.n}</div>
                          )}
                        </th>
                      );
                    })}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => {
                    const overallValue = overall.get(row.id) ?? null;
                    return (
                      <tr
                        key={`${row.kind}-${row.id}`}
                        className={row.baselineKind ? 'italic' : ''}
                        data-testid="breakdown-row"
                      >
                        <th
                          scope="row"
                          title={row.methodName}
                          className="sticky left-0 z-10 border-b border-slate-100 bg-white px-3 py-2 text-left font-normal"
                        >
                          <span className="flex items-center gap-1.5">
                            <span
                              className="block max-w-[8.5rem] truncate font-medium sm:max-w-[16rem]"
                              data-testid="breakdown-entry-name"
                            >
                              {row.methodName}
                            </span>
                            <KindBadge kind={row.kind} />
                          </span>
                        </th>
                        <td
                          className={`tabular border-r border-b border-slate-200 px-3 py-2 text-right font-semibold whitespace-nowrap text-slate-900 ${HEAT_STEPS[heatStep(overallValue, overallRange, higherIsBetter)]?.className ?? ''}`}
                          data-testid="breakdown-overall"
                          data-value={overallValue ?? ''}
                        >
                          {format(overallValue)}
                        </td>
                        {dimension.categories.map((c) => {
                          const cell = row.cells[c.category];
                          const step = heatStep(cell?.value ?? null, range, higherIsBetter);
                          return (
                            <td
                              key={c.category}
                              className={`tabular border-b border-slate-100 px-3 py-2 text-right whitespace-nowrap text-slate-900 ${HEAT_STEPS[step]?.className ?? ''}`}
                              data-value={cell?.value ?? ''}
                            >
                              {format(cell?.value)}
                              {cell && formatCi(cell.ciLow, cell.ciHigh, column) && (
                                <div className="text-[11px] text-slate-700">
                                  <span className="sr-only">, {CI_LABEL} </span>
                                  {formatCi(cell.ciLow, cell.ciHigh, column)}
                                </div>
                              )}
                            </td>
                          );
                        })}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <MergedGroups dimension={dimension} />
          </section>
        );
      })}
    </div>
  );
}

/** A header's sort link: server-rendered, so it works without script; keeps the scroll place. */
function SortLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link
      href={href}
      scroll={false}
      className="rounded text-inherit hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
    >
      {children}
    </Link>
  );
}

/** "a", "a and b", "a, b and c". */
const listOf = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

const mergedId = (dimension: string, label: string) =>
  `merged-${dimension}-${label}`.replace(/[^a-zA-Z0-9_-]/g, '_');

/** The categories behind each merged column, under its table (the headers point here). */
function MergedGroups({ dimension }: { dimension: BreakdownTable['dimensions'][number] }) {
  const merged = dimension.categories.filter((c) => c.members.length > 1);
  if (merged.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1 text-xs text-slate-600" data-testid="merged-groups">
      {merged.map((c) => (
        <li key={c.category} id={mergedId(dimension.dimension, c.category)}>
          <span className="font-medium text-slate-700">{c.category}</span> merges{' '}
          {listOf(c.members)}.
        </li>
      ))}
    </ul>
  );
}

function HeatLegend({ higherIsBetter }: { higherIsBetter: boolean }) {
  return (
    <figure className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
      <figcaption>Colour scale (per table; the number is always printed):</figcaption>
      <span>{higherIsBetter ? 'lowest' : 'highest'}</span>
      <span className="flex overflow-hidden rounded ring-1 ring-slate-200" aria-hidden>
        {HEAT_STEPS.slice(1).map((s) => (
          <span key={s.swatch} className={`block h-3 w-6 ${s.className}`} />
        ))}
      </span>
      <span>{higherIsBetter ? 'highest' : 'lowest'} (better)</span>
    </figure>
  );
}

function SubsetResultTable({ view, result }: { view: BoardView; result: SubsetScores }) {
  const names = new Map(view.entries.map((e) => [e.id, e.methodName]));
  const columns = view.columns.filter((c) => result.metrics.includes(c.key));
  return (
    <div className="space-y-2" data-testid="subset-result">
      <p className="text-sm text-slate-700" role="status">
        Recomputed on <strong className="tabular">{result.n.toLocaleString('en-GB')}</strong> cases
        (evaluator v{result.evaluatorVersion}; {result.method}).
      </p>
      {result.unavailable.length > 0 && (
        <ul className="list-disc pl-5 text-xs text-slate-600">
          {result.unavailable.map((u) => (
            <li key={u.metric}>
              {view.columns.find((c) => c.key === u.metric)?.label ?? u.metric}: {u.reason}
            </li>
          ))}
        </ul>
      )}
      <div
        // Scrolls sideways on a narrow screen: a named, focusable region for keyboard users.
        role="region"
        aria-label="Metrics on the chosen subset"
        tabIndex={0}
        className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
      >
        <table className="w-full text-sm">
          <caption className="sr-only">Metrics on the chosen subset with 95% CIs</caption>
          <thead className="bg-slate-50 text-xs text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 text-left font-medium">
                Entry
              </th>
              {columns.map((c) => (
                <th key={c.key} scope="col" className="px-3 py-2 text-right font-medium">
                  {c.label} {c.higherIsBetter ? '↑' : '↓'}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {result.entries.map((entry) => (
              <tr key={entry.submissionId}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {names.get(entry.submissionId) ?? entry.submissionId}
                </th>
                {columns.map((c) => {
                  const s = entry.scores[c.key];
                  return (
                    <td key={c.key} className="tabular px-3 py-2 text-right whitespace-nowrap">
                      {formatMetricValue(s?.value ?? null, c)}
                      {s && formatCi(s.ciLow, s.ciHigh, c) && (
                        <span className="block text-xs text-slate-600">
                          <span className="sr-only">, {CI_LABEL} </span>
                          {formatCi(s.ciLow, s.ciHigh, c)}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
