import type { Metadata } from 'next';
import Link from 'next/link';
import { canCreateBenchmarks, listCuratedBenchmarks } from '@medrank/curation';
import { actorForPage } from '@/features/curation/access';
import { StatusBadge } from '@/features/curation/components/curation-nav';
import { formatDate, taskTypeLabel } from '@/lib/format';
import { db } from '@/server/db';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Curate' };

export default async function CuratePage() {
  const actor = await actorForPage('/curate');
  const mine = await listCuratedBenchmarks(db(), actor);
  const mayCreate = canCreateBenchmarks(actor);
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Curate</h1>
          <p className="mt-1 text-sm text-slate-600">
            Benchmarks you curate: drafts are visible only to their curators and site admins.
          </p>
        </div>
        {mayCreate && (
          <div className="flex gap-2">
            <Link
              href="/curate/import"
              className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
            >
              Import from YAML
            </Link>
            <Link
              href="/curate/new"
              className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
            >
              New benchmark
            </Link>
          </div>
        )}
      </header>
      {!mayCreate && (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
          Creating benchmarks needs the curator role; a site admin can grant it.
        </p>
      )}
      {mine.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          You do not curate any benchmark yet.
        </p>
      ) : (
        <div
          // Scrolls sideways on a narrow screen: a named, focusable region for keyboard users.
          role="region"
          aria-label="Benchmarks you curate"
          tabIndex={0}
          className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
        >
          <table className="w-full min-w-[36rem] text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Benchmark
                </th>
                <th scope="col" className="px-4 py-2">
                  Task
                </th>
                <th scope="col" className="px-4 py-2">
                  Status
                </th>
                <th scope="col" className="px-4 py-2">
                  Updated
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {mine.map((b) => (
                <tr key={b.slug} data-testid={`curated-${b.slug}`}>
                  <th scope="row" className="px-4 py-3 font-medium">
                    <Link
                      href={`/curate/${b.slug}`}
                      className="text-slate-900 hover:text-brand-700"
                    >
                      {b.title}
                    </Link>
                    <div className="text-xs font-normal text-slate-500">{b.slug}</div>
                  </th>
                  <td className="px-4 py-3 text-slate-600">{taskTypeLabel(b.taskType)}</td>
                  <td className="px-4 py-3">
                    <StatusBadge status={b.status} />
                  </td>
                  <td className="px-4 py-3 text-slate-600">{formatDate(b.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
