import { BenchmarkCard } from '@/features/benchmarks/components/benchmark-card';
import { CatalogFilters } from '@/features/benchmarks/components/catalog-filters';
import {
  catalogFacets,
  catalogResultSummary,
  filterCatalog,
  hasCatalogFilters,
  parseCatalogSearch,
  type RawCatalogSearch,
} from '@/features/benchmarks/catalog-search';
import { listCatalog } from '@/features/benchmarks/queries';
import { taskTypeLabel } from '@/lib/format';

export const dynamic = 'force-dynamic';

export default async function CatalogPage({
  searchParams,
}: {
  searchParams: Promise<RawCatalogSearch>;
}) {
  const catalog = await listCatalog();
  const search = parseCatalogSearch(await searchParams);
  const facets = catalogFacets(catalog);
  const results = filterCatalog(catalog, search);
  return (
    <div>
      <section className="rounded-2xl bg-gradient-to-br from-brand-900 to-brand-700 px-6 py-10 text-white sm:px-10">
        <h1 className="max-w-2xl text-3xl font-semibold tracking-tight sm:text-4xl">
          Leaderboards for medical imaging AI you can trust
        </h1>
        <p className="mt-3 max-w-2xl text-brand-100">
          Submit predictions, get scored on hidden test sets by the same reference metrics
          researchers use, and see every number with its 95% confidence interval.
        </p>
      </section>
      <section aria-labelledby="catalog-heading" className="mt-10">
        <div className="flex items-baseline justify-between">
          <h2 id="catalog-heading" className="text-xl font-semibold tracking-tight">
            Benchmarks
          </h2>
          <p className="text-sm text-slate-500">{catalog.length} published</p>
        </div>
        {catalog.length > 0 && (
          <CatalogFilters
            search={search}
            taskTypes={facets.taskTypes.map((key) => ({ value: key, label: taskTypeLabel(key) }))}
            modalities={facets.modalities}
            regions={facets.regions}
          />
        )}
        {catalog.length > 0 && (
          // Announced when live filtering replaces the list (the element stays, its text changes).
          <p
            role="status"
            aria-live="polite"
            data-testid="catalog-count"
            className="mt-4 text-sm text-slate-600"
          >
            {catalogResultSummary(results)}
            {hasCatalogFilters(search) ? ` among ${catalog.length} benchmarks.` : '.'}
          </p>
        )}
        {catalog.length === 0 ? (
          <p className="mt-4 rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
            No benchmark is published yet. Run{' '}
            <code className="rounded bg-slate-100 px-1">npm run db:seed</code> to load the demo
            catalog.
          </p>
        ) : results.length === 0 ? (
          <p className="mt-4 rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
            No benchmark matches these filters.
          </p>
        ) : (
          <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {results.map((benchmark) => (
              <li key={benchmark.slug} className="flex">
                <BenchmarkCard benchmark={benchmark} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
