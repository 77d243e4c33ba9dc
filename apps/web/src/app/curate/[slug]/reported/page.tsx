import type { Metadata } from 'next';
import { reported } from '@medrank/db';
import { actorForPage } from '@/features/curation/access';
import { CurationTabs } from '@/features/curation/components/curation-nav';
import { ReportedImport } from '@/features/curation/components/reported-import';
import { curationAccessForPage } from '@/features/curation/queries';
import { db } from '@/server/db';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Reported results · Curate' };

export default async function ReportedPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const actor = await actorForPage(`/curate/${slug}/reported`);
  const access = await curationAccessForPage(actor, slug);
  const entries = await reported.listForBenchmark(db(), access.benchmarkId);
  return (
    <>
      <CurationTabs slug={slug} current="/reported" />
      <section
        aria-labelledby="reported-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="reported-heading" className="font-semibold">
          Import reported results
        </h2>
        <p className="mb-4 mt-1 text-sm text-slate-600">
          Published numbers MedRank did not compute. They are shown as “reported”, apart from
          verified entries, never with a confidence interval or a verified rank.
        </p>
        <ReportedImport slug={slug} />
      </section>
      <section
        aria-labelledby="reported-list-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="reported-list-heading" className="font-semibold">
          {entries.length} reported {entries.length === 1 ? 'entry' : 'entries'}
        </h2>
        {entries.length > 0 && (
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {entries.slice(0, 200).map((e) => (
              <li key={e.id} className="flex flex-wrap justify-between gap-2 py-2">
                <span className="font-medium">{e.modelName}</span>
                <span className="text-slate-500">
                  {e.trackSlug} / {e.testSetSlug} · {e.scores.length} numbers
                  {e.moderation !== 'VISIBLE' && ` · ${e.moderation.toLowerCase()}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
