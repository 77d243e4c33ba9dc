import type { Metadata } from 'next';
import Link from 'next/link';
import { isAppError } from '@medrank/core';
import { entryCases } from '@medrank/db';
import { actorForPage } from '@/features/curation/access';
import { CurationTabs } from '@/features/curation/components/curation-nav';
import { inputClass, secondaryButtonClass } from '@/features/curation/components/form-kit';
import {
  askEntryCaseResults,
  ENTRY_CASES_MAX_ROWS,
  ENTRY_CASES_PAGE_SIZE,
  type EntryCaseResults,
} from '@/features/curation/entry-case-results';
import { curationAccessForPage } from '@/features/curation/queries';
import { db } from '@/server/db';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Per-case results · Curate' };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const formatValue = (v: number | null) =>
  v === null ? '—' : Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();

/**
 * The curator's view of every scored entry, case by case: for a chosen entry and test set, each
 * case's per-case metric values beside its id, categories and truth, sortable (worst cases
 * first is the main use), paged, and downloadable as CSV. Curators of the benchmark and site
 * admins only; the values come from a worker (the web cannot read them).
 */
export default async function EntryResultsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { slug } = await params;
  const actor = await actorForPage(`/curate/${slug}/results`);
  const access = await curationAccessForPage(actor, slug);
  const query = await searchParams;
  const entryId = one(query.entry);
  const testSetId = one(query.testSet);
  const sort = one(query.sort);
  const order = one(query.order) === 'desc' ? 'desc' : 'asc';
  const page = Math.max(1, Math.min(1_000_000, Number.parseInt(one(query.page) ?? '1', 10) || 1));

  const entries = await entryCases.listScoredEntries(db(), access.benchmarkId);
  const chosen = entries.find((e) => e.submissionId === entryId);
  const evaluation = chosen?.evaluations.find((e) => e.testSetId === testSetId);

  let result: EntryCaseResults | null = null;
  let problem: string | null = null;
  if (chosen && evaluation) {
    try {
      result = await askEntryCaseResults(actor, {
        slug,
        submissionId: chosen.submissionId,
        testSetId: evaluation.testSetId,
        ...(sort ? { sortMetric: sort } : {}),
        order,
        offset: (page - 1) * ENTRY_CASES_PAGE_SIZE,
        limit: ENTRY_CASES_PAGE_SIZE,
      });
    } catch (error) {
      if (!isAppError(error) || !['BAD_REQUEST', 'UNAVAILABLE'].includes(error.code)) throw error;
      problem = error.message;
    }
  }

  const base = `/curate/${slug}/results`;
  const linkTo = (changes: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams();
    const merged = { entry: entryId, testSet: testSetId, sort, order, page, ...changes };
    for (const [key, value] of Object.entries(merged))
      if (value !== undefined && value !== '') p.set(key, String(value));
    return `${base}?${p.toString()}`;
  };
  const pages = result ? Math.max(1, Math.ceil(result.total / ENTRY_CASES_PAGE_SIZE)) : 1;
  const csvHref =
    chosen && evaluation
      ? `/api/v1/curation/benchmarks/${encodeURIComponent(slug)}/entries/${encodeURIComponent(chosen.submissionId)}/cases?${new URLSearchParams(
          {
            testSet: evaluation.testSetId,
            ...(sort ? { sort } : {}),
            order,
            limit: String(ENTRY_CASES_MAX_ROWS),
            format: 'csv',
          },
        ).toString()}`
      : null;

  return (
    <>
      <CurationTabs slug={slug} current="/results" />
      <section aria-labelledby="entries-heading" className="mt-6 space-y-3">
        <h2 id="entries-heading" className="text-lg font-semibold">
          Scored entries
        </h2>
        <p className="text-sm text-slate-600">
          Every scored entry of {access.title}, hidden and unreleased ones included. Choose a test
          set to see the entry case by case: where a model fails, next to the truth you uploaded.
          Only curators of this benchmark see this page.
        </p>
        {entries.length === 0 ? (
          <p className="text-sm text-slate-600">No scored entry yet.</p>
        ) : (
          <div
            // Scrolls sideways on a narrow screen: a named, focusable region for keyboard users.
            role="region"
            aria-label="Entries"
            tabIndex={0}
            className="overflow-x-auto focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
          >
            <table className="w-full text-sm" data-testid="curator-entries">
              <thead>
                <tr className="border-b border-slate-200 text-left text-slate-600">
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Entry
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Team
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Track
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Submitted
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    Per-case results on
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr
                    key={e.submissionId}
                    className={`border-b border-slate-100 ${e.submissionId === entryId ? 'bg-brand-50' : ''}`}
                  >
                    <th scope="row" className="py-2 pr-4 text-left font-medium">
                      {e.methodName}
                    </th>
                    <td className="py-2 pr-4">{e.teamName}</td>
                    <td className="py-2 pr-4">{e.trackName}</td>
                    <td className="tabular py-2 pr-4">{e.createdAt.slice(0, 10)}</td>
                    <td className="py-2">
                      <ul className="flex flex-wrap gap-2">
                        {e.evaluations.map((ev) => (
                          <li key={ev.testSetId}>
                            <Link
                              className="text-brand-700 underline"
                              href={`${base}?${new URLSearchParams({ entry: e.submissionId, testSet: ev.testSetId }).toString()}`}
                              aria-current={
                                e.submissionId === entryId && ev.testSetId === testSetId
                                  ? 'page'
                                  : undefined
                              }
                            >
                              {ev.testSetName}
                            </Link>{' '}
                            <span className="tabular text-xs text-slate-600">
                              ({ev.primaryMetric} {formatValue(ev.primaryValue)}, v
                              {ev.evaluatorVersion})
                            </span>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {chosen && evaluation && (
        <section aria-labelledby="cases-heading" className="mt-8 space-y-3">
          <h2 id="cases-heading" className="text-lg font-semibold">
            {chosen.methodName} on {evaluation.testSetName}
          </h2>
          {problem && (
            <p role="alert" className="text-sm text-red-800">
              {problem}
            </p>
          )}
          {result && (
            <>
              <form method="get" action={base} className="flex flex-wrap items-end gap-3">
                <input type="hidden" name="entry" value={chosen.submissionId} />
                <input type="hidden" name="testSet" value={evaluation.testSetId} />
                <label className="text-sm">
                  <span className="block text-slate-700">Sort by</span>
                  <select name="sort" defaultValue={sort ?? ''} className={inputClass}>
                    <option value="">case id</option>
                    {result.metrics.map((m) => (
                      <option key={m} value={m}>
                        {m}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="text-sm">
                  <span className="block text-slate-700">Order</span>
                  <select name="order" defaultValue={order} className={inputClass}>
                    <option value="asc">lowest first</option>
                    <option value="desc">highest first</option>
                  </select>
                </label>
                <button type="submit" className={secondaryButtonClass}>
                  Sort
                </button>
                {csvHref && (
                  <a href={csvHref} className="text-sm text-brand-700 underline" download>
                    Download CSV (all {result.total.toLocaleString('en')} cases)
                  </a>
                )}
              </form>
              {result.note && <p className="text-sm text-amber-800">{result.note}</p>}
              <div
                // Scrolls sideways on a narrow screen: a named, focusable region for keyboard users.
                role="region"
                aria-label="Per-case results"
                tabIndex={0}
                className="overflow-x-auto focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
              >
                <table className="w-full text-sm" data-testid="entry-cases">
                  <caption className="sr-only">
                    Per-case results, page {page} of {pages}
                  </caption>
                  <thead>
                    <tr className="border-b border-slate-200 text-left text-slate-600">
                      <th scope="col" className="py-2 pr-4 font-medium">
                        Case
                      </th>
                      {result.dimensions.map((d) => (
                        <th key={d} scope="col" className="py-2 pr-4 font-medium">
                          {d}
                        </th>
                      ))}
                      <th scope="col" className="py-2 pr-4 font-medium">
                        Truth
                      </th>
                      {result.metrics.map((m) => (
                        <th
                          key={m}
                          scope="col"
                          className="py-2 pr-4 text-right font-medium"
                          aria-sort={
                            m === result.sortMetric
                              ? result.order === 'asc'
                                ? 'ascending'
                                : 'descending'
                              : undefined
                          }
                        >
                          {m}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {result.rows.map((row) => (
                      <tr key={row.caseId} className="border-b border-slate-100">
                        <th scope="row" className="tabular py-1.5 pr-4 text-left font-normal">
                          {row.caseId}
                        </th>
                        {result.dimensions.map((d) => (
                          <td key={d} className="py-1.5 pr-4">
                            {row.categories[d] ?? ''}
                          </td>
                        ))}
                        <td className="max-w-xs truncate py-1.5 pr-4" title={row.truth ?? ''}>
                          {row.truth ?? '—'}
                        </td>
                        {result.metrics.map((m) => (
                          <td key={m} className="tabular py-1.5 pr-4 text-right">
                            {formatValue(row.values[m] ?? null)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <nav aria-label="Pages of cases" className="flex items-center gap-4 text-sm">
                {page > 1 && <Link href={linkTo({ page: page - 1 })}>← Previous</Link>}
                <span className="tabular text-slate-600">
                  Page {page} of {pages} · {result.total.toLocaleString('en')} cases
                </span>
                {page < pages && <Link href={linkTo({ page: page + 1 })}>Next →</Link>}
              </nav>
            </>
          )}
        </section>
      )}
    </>
  );
}
