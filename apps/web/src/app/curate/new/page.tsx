import type { Metadata } from 'next';
import Link from 'next/link';
import { canCreateBenchmarks } from '@medrank/curation';
import { actorForPage } from '@/features/curation/access';
import { DetailsStep } from '@/features/curation/components/details-step';
import { listTaskTypeOptions } from '@/features/curation/queries';
import { CURATION_STEPS } from '@/features/curation/views';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New benchmark · Curate' };

export default async function NewBenchmarkPage() {
  const actor = await actorForPage('/curate/new');
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/curate" className="hover:text-slate-800">
          Curate
        </Link>{' '}
        <span aria-hidden>/</span> <span className="text-slate-800">New benchmark</span>
      </nav>
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">New benchmark</h1>
        <p className="mt-1 text-sm text-slate-600">
          Step 1 of {CURATION_STEPS.length}: the details and the task type. This saves a draft only
          you (and site admins) can see; come back to it any time from Curate.
        </p>
      </header>
      {canCreateBenchmarks(actor) ? (
        <section
          aria-label="Details"
          className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6"
        >
          <DetailsStep slug={null} values={{}} taskTypes={listTaskTypeOptions()} />
        </section>
      ) : (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
          Creating benchmarks needs the curator role; a site admin can grant it.
        </p>
      )}
    </div>
  );
}
