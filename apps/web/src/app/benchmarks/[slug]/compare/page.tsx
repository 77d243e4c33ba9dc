import { isAppError } from '@medrank/core';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import {
  boardSearchString,
  parseBoardSearch,
  type RawSearch,
} from '@/features/leaderboard/board-search';
import {
  CategoryDeltaChart,
  DiffForestChart,
} from '@/features/leaderboard/components/compare-charts';
import { KindBadge } from '@/features/leaderboard/components/row-badges';
import {
  getComparedEntries,
  getComparison,
  type Comparison,
} from '@/features/leaderboard/get-comparison';
import type { BoardRow, BoardView } from '@/features/leaderboard/board-types';
import { currentViewer, getBoardView } from '@/features/leaderboard/queries';
import { CI_LABEL, formatCi, formatValue } from '@/lib/format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare entries' };

/** The shape of entry ids (cuid-like), so a pick never carries arbitrary text into a URL. */
const ENTRY_ID = /^[a-z0-9_-]{1,64}$/i;

const list = (v: string | string[] | undefined) =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

function formatP(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<RawSearch>;
}) {
  const { slug } = await params;
  const raw = await searchParams;
  const { search } = parseBoardSearch({ track: raw.track, testSet: raw.testSet });
  // Nothing of a board the viewer may not see (a draft), not even an empty compare form.
  if (
    !(await getBoardView(
      { slug, track: search.track, testSet: search.testSet },
      await currentViewer(),
    ))
  )
    notFound();
  const base = `/benchmarks/${encodeURIComponent(slug)}`;
  const boardHref = `${base}${boardSearchString(search)}`;
  // The board's compare form (no JS) sends the ticked rows as e=…&e=…; the canonical URL is a/b.
  const picked = [...new Set(list(raw.e))];
  if (picked.length > 0 && !raw.a) {
    if (picked.length === 2) {
      redirect(
        `${base}/compare${boardSearchString(search, { a: picked[0] ?? '', b: picked[1] ?? '' })}`,
      );
    }
    // One entry ticked: back to the board with it picked, so the second can be ticked on any
    // page of the board (the board's compare form carries the pick along).
    if (picked.length === 1 && ENTRY_ID.test(picked[0] ?? '')) {
      const board = parseBoardSearch(raw).search;
      redirect(`${base}${boardSearchString(board, { pick: picked[0] ?? '' })}#compare-form`);
    }
    return (
      <CompareShell title="Compare entries" boardHref={boardHref}>
        <p
          role="alert"
          className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          Tick exactly two entries to compare (you ticked {picked.length}).{' '}
          <Link href={boardHref} className="font-medium underline">
            Back to the board
          </Link>
        </p>
      </CompareShell>
    );
  }
  const a = list(raw.a)[0];
  const b = list(raw.b)[0];
  if (!a || !b) {
    return (
      <CompareShell title="Compare entries" boardHref={boardHref}>
        <p className="text-sm text-slate-600">
          Pick two entries on the{' '}
          <Link href={boardHref} className="font-medium text-brand-700 hover:underline">
            board
          </Link>{' '}
          (tick “compare” on two rows).
        </p>
      </CompareShell>
    );
  }
  const viewer = await currentViewer();
  const compareHref = `${base}/compare${boardSearchString(search, { a, b })}`;
  let comparison: Comparison;
  try {
    if (!viewer) {
      // Paired differences come from hidden per-case results: signed-in accounts only. The
      // entries' public board scores stay.
      const entries = await getComparedEntries(
        { slug, track: search.track, testSet: search.testSet, a, b },
        null,
      );
      return <PublicCompareView {...entries} boardHref={boardHref} compareHref={compareHref} />;
    }
    comparison = await getComparison(
      { slug, track: search.track, testSet: search.testSet, a, b },
      viewer,
    );
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === 'NOT_FOUND' && /board/.test(error.message)) notFound();
    return (
      <CompareShell title="Compare entries" boardHref={boardHref}>
        <p
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
          data-testid="compare-error"
        >
          {error.message}
        </p>
      </CompareShell>
    );
  }
  return <CompareView comparison={comparison} boardHref={boardHref} />;
}

function CompareShell({
  title,
  boardHref,
  children,
}: {
  title: string;
  boardHref: string;
  children: React.ReactNode;
}) {
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={boardHref} className="hover:text-slate-800">
          Back to the board
        </Link>
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      {children}
    </div>
  );
}

function EntryCards({ a, b }: { a: BoardRow; b: BoardRow }) {
  return (
    <dl className="grid gap-3 sm:grid-cols-2">
      {[
        ['a', a],
        ['b', b],
      ].map(([label, row]) => {
        const r = row as BoardRow;
        return (
          <div key={label as string} className="rounded-xl border border-slate-200 bg-white p-4">
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">
              Entry {label as string}
            </dt>
            <dd className="mt-1">
              <Link
                href={`/entries/${r.id}`}
                className="font-semibold text-slate-900 hover:underline"
              >
                {r.methodName}
              </Link>{' '}
              <KindBadge kind={r.kind} />
              <div className="text-sm text-slate-600">
                {r.team?.name ?? '—'} · rank {r.rank ?? '—'}
                {r.rankInterval ? ` (interval ${r.rankInterval[0]}–${r.rankInterval[1]})` : ''}
              </div>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/** What a visitor who is not signed in sees: both entries' public scores and a sign-in prompt. */
function PublicCompareView({
  view,
  a,
  b,
  boardHref,
  compareHref,
}: {
  view: BoardView;
  a: BoardRow;
  b: BoardRow;
  boardHref: string;
  compareHref: string;
}) {
  return (
    <CompareShell title={`${a.methodName} vs ${b.methodName}`} boardHref={boardHref}>
      <p className="-mt-4 text-sm text-slate-600">
        {view.benchmark.title} · {view.track.name} · {view.testSet.name}
      </p>
      <EntryCards a={a} b={b} />
      <p
        className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700"
        data-testid="compare-sign-in"
      >
        <Link
          href={`/sign-in?next=${encodeURIComponent(compareHref)}`}
          className="font-medium text-brand-700 hover:underline"
        >
          Sign in to compute paired comparisons
        </Link>{' '}
        (differences with 95% CIs and p-values). They are computed from hidden per-case results, so
        they are limited per account and logged for the benchmark’s curators.
      </p>
      {!view.testSet.scoresHidden && (
        <div
          // Scrolls sideways on a narrow screen: a named, focusable region for keyboard users.
          role="region"
          aria-label="Both entries’ scores"
          tabIndex={0}
          className="overflow-x-auto rounded-xl border border-slate-200 bg-white focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
        >
          <table className="w-full text-sm" data-testid="compare-public-scores">
            <caption className="sr-only">Both entries’ scores as the board shows them</caption>
            <thead className="bg-slate-50 text-xs text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-medium">
                  Metric
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  a
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  b
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {view.columns.map((c) => (
                <tr key={c.key}>
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {c.label} {c.higherIsBetter ? '↑' : '↓'}
                  </th>
                  <td className="tabular px-3 py-2 text-right">
                    {formatValue(a.scores[c.key]?.value ?? null, c.decimals)}
                  </td>
                  <td className="tabular px-3 py-2 text-right">
                    {formatValue(b.scores[c.key]?.value ?? null, c.decimals)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </CompareShell>
  );
}

function CompareView({ comparison, boardHref }: { comparison: Comparison; boardHref: string }) {
  const { view, a, b, metrics, categories, method } = comparison;
  const columns = new Map(view.columns.map((c) => [c.key, c]));
  const forest = metrics.flatMap((m) =>
    m.diff === null || m.ciLow === null || m.ciHigh === null
      ? []
      : [
          {
            label: columns.get(m.metric)?.label ?? m.metric,
            diff: m.diff,
            error: [m.diff - m.ciLow, m.ciHigh - m.diff] as [number, number],
          },
        ],
  );
  const primary = columns.get(view.sort.metric) ?? view.columns[0];
  const primaryDeltas = categories.filter((c) => c.metric === primary?.key && c.delta !== null);
  return (
    <CompareShell title={`${a.methodName} vs ${b.methodName}`} boardHref={boardHref}>
      <p className="-mt-4 text-sm text-slate-600">
        {view.benchmark.title} · {view.track.name} · {view.testSet.name} · evaluator v
        {view.testSet.rankedVersion}. Differences are a − b, with 95% CIs and two-sided p-values (
        {method}).
      </p>
      <EntryCards a={a} b={b} />
      <section aria-labelledby="diff-heading" className="space-y-3">
        <h2 id="diff-heading" className="text-lg font-semibold">
          Paired differences per metric
        </h2>
        {forest.length > 0 && (
          <figure className="rounded-xl border border-slate-200 bg-white p-4">
            <div
              role="img"
              aria-label="Forest plot of the paired differences; the table below has the numbers."
            >
              <DiffForestChart points={forest} />
            </div>
            <figcaption className="mt-1 text-xs text-slate-600">
              Dot: a − b; bar: 95% CI; an interval that crosses zero means the data do not tell them
              apart.
            </figcaption>
          </figure>
        )}
        <div
          // Scrolls sideways on a narrow screen: a named, focusable region for keyboard users.
          role="region"
          aria-label="Paired differences"
          tabIndex={0}
          className="overflow-x-auto rounded-xl border border-slate-200 bg-white focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
        >
          <table className="w-full text-sm" data-testid="compare-table">
            <caption className="sr-only">Paired differences a − b per metric</caption>
            <thead className="bg-slate-50 text-xs text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-medium">
                  Metric
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  a
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  b
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  a − b
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {CI_LABEL}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  p
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {metrics.map((m) => {
                const c = columns.get(m.metric);
                const d = c?.decimals ?? 3;
                const better =
                  m.diff === null ||
                  m.ciLow === null ||
                  m.ciHigh === null ||
                  (m.ciLow <= 0 && m.ciHigh >= 0)
                    ? 'no significant difference'
                    : m.diff > 0 === (c?.higherIsBetter ?? true)
                      ? 'a better'
                      : 'b better';
                return (
                  <tr key={m.metric}>
                    <th scope="row" className="px-3 py-2 text-left font-medium">
                      {c?.label ?? m.metric} {c ? (c.higherIsBetter ? '↑' : '↓') : ''}
                    </th>
                    <td className="tabular px-3 py-2 text-right">{formatValue(m.a, d)}</td>
                    <td className="tabular px-3 py-2 text-right">{formatValue(m.b, d)}</td>
                    <td className="tabular px-3 py-2 text-right font-semibold">
                      {formatValue(m.diff, d)}
                    </td>
                    <td className="tabular px-3 py-2 text-right whitespace-nowrap">
                      {formatCi(m.ciLow, m.ciHigh, d) ?? '—'}
                      <div className="text-xs text-slate-500">{m.note ?? better}</div>
                    </td>
                    <td className="tabular px-3 py-2 text-right">{formatP(m.pValue)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      {primary && primaryDeltas.length > 0 && (
        <section aria-labelledby="cat-heading" className="space-y-3">
          <h2 id="cat-heading" className="text-lg font-semibold">
            {primary.label} per category group (a − b)
          </h2>
          <figure className="rounded-xl border border-slate-200 bg-white p-4">
            <div
              role="img"
              aria-label="Bar chart of per-group differences; the table below has the numbers."
            >
              <CategoryDeltaChart
                bars={primaryDeltas.map((c) => ({
                  label: `${c.dimension}: ${c.category}`,
                  delta: c.delta ?? 0,
                }))}
                higherIsBetter={primary.higherIsBetter}
              />
            </div>
            <figcaption className="mt-1 text-xs text-slate-600">
              Blue: a better; amber: b better.
            </figcaption>
          </figure>
          <div
            // Scrolls sideways on a narrow screen: a named, focusable region for keyboard users.
            role="region"
            aria-label="Category deltas"
            tabIndex={0}
            className="overflow-x-auto rounded-xl border border-slate-200 bg-white focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
          >
            <table className="w-full text-sm" data-testid="category-delta-table">
              <thead className="bg-slate-50 text-xs text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2 text-left font-medium">
                    Category group
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    n
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    a
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    b
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    a − b
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {primaryDeltas.map((c) => (
                  <tr key={`${c.dimension}:${c.category}`}>
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      {c.dimension}: {c.category}
                    </th>
                    <td className="tabular px-3 py-2 text-right">{c.n}</td>
                    <td className="tabular px-3 py-2 text-right">
                      {formatValue(c.a, primary.decimals)}
                    </td>
                    <td className="tabular px-3 py-2 text-right">
                      {formatValue(c.b, primary.decimals)}
                    </td>
                    <td className="tabular px-3 py-2 text-right font-semibold">
                      {formatValue(c.delta, primary.decimals)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </CompareShell>
  );
}
