import type { Metadata } from 'next';
import Link from 'next/link';
import { listAuditLog } from '@medrank/curation';
import { actorForPage } from '@/features/curation/access';
import { AuditTable } from '@/features/curation/components/audit-table';
import { CurationTabs } from '@/features/curation/components/curation-nav';
import { curationAccessForPage } from '@/features/curation/queries';
import { db } from '@/server/db';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Audit log · Curate' };

const PAGE_SIZE = 50;

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ after?: string }>;
}) {
  const { slug } = await params;
  const { after } = await searchParams;
  const actor = await actorForPage(`/curate/${slug}/audit`);
  await curationAccessForPage(actor, slug);
  const rows = await listAuditLog(db(), actor, slug, { limit: PAGE_SIZE, cursor: after });
  const last = rows.at(-1);
  return (
    <>
      <CurationTabs slug={slug} current="/audit" />
      <section
        aria-labelledby="audit-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="audit-heading" className="font-semibold">
          Audit log
        </h2>
        <p className="mb-4 mt-1 text-sm text-slate-600">
          Every curator action on this benchmark, newest first.
        </p>
        <AuditTable rows={rows} />
        {rows.length === PAGE_SIZE && last && (
          <p className="mt-3 text-sm">
            <Link
              href={`/curate/${slug}/audit?after=${last.id}`}
              className="text-brand-700 hover:underline"
            >
              Older entries
            </Link>
          </p>
        )}
      </section>
    </>
  );
}
