import type { Metadata } from 'next';
import Link from 'next/link';
import { listAuditLog, listBoardQueries } from '@medrank/curation';
import { actorForPage } from '@/features/curation/access';
import { AuditTable } from '@/features/curation/components/audit-table';
import { BoardQueryTable } from '@/features/curation/components/board-query-table';
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
  searchParams: Promise<{ after?: string; queriesAfter?: string }>;
}) {
  const { slug } = await params;
  const { after, queriesAfter } = await searchParams;
  const actor = await actorForPage(`/curate/${slug}/audit`);
  await curationAccessForPage(actor, slug);
  const [rows, queries] = await Promise.all([
    listAuditLog(db(), actor, slug, { limit: PAGE_SIZE, cursor: after }),
    listBoardQueries(db(), actor, slug, { limit: PAGE_SIZE, cursor: queriesAfter }),
  ]);
  const last = rows.at(-1);
  const lastQuery = queries.at(-1);
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
      <section
        aria-labelledby="board-queries-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="board-queries-heading" className="font-semibold">
          Board queries
        </h2>
        <p className="mb-4 mt-1 text-sm text-slate-600">
          Every custom subset and paired comparison asked of this benchmark’s boards, by whom, and
          whether it was answered, refused or rate-limited, newest first. Many refused or
          overlapping subsets from one account can mean someone is trying to isolate hidden cases.
        </p>
        <BoardQueryTable rows={queries} />
        {queries.length === PAGE_SIZE && lastQuery && (
          <p className="mt-3 text-sm">
            <Link
              href={`/curate/${slug}/audit?queriesAfter=${lastQuery.id}`}
              className="text-brand-700 hover:underline"
            >
              Older questions
            </Link>
          </p>
        )}
      </section>
    </>
  );
}
