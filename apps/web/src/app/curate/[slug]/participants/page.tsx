import type { Metadata } from 'next';
import { listParticipants } from '@medrank/curation';
import { actorForPage } from '@/features/curation/access';
import { CurationTabs } from '@/features/curation/components/curation-nav';
import {
  ParticipantsTable,
  type ParticipantView,
} from '@/features/curation/components/participants-table';
import { curationAccessForPage } from '@/features/curation/queries';
import { db } from '@/server/db';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Participants · Curate' };

export default async function ParticipantsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const actor = await actorForPage(`/curate/${slug}/participants`);
  await curationAccessForPage(actor, slug);
  const rows: ParticipantView[] = (await listParticipants(db(), actor, slug)).map((p) => ({
    userId: p.userId,
    phaseId: p.phaseId,
    phaseName: p.phaseName,
    name: p.user.name,
    email: p.user.email,
    message: p.message,
    requestedAt: p.requestedAt,
    status: p.status,
    decisionNote: p.decisionNote,
    decidedAt: p.decidedAt,
    decidedBy: p.decidedBy?.name ?? null,
  }));
  const pending = rows.filter((r) => r.status === 'PENDING').length;
  return (
    <>
      <CurationTabs slug={slug} current="/participants" />
      <section
        aria-labelledby="participants-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="participants-heading" className="font-semibold">
          Participants
        </h2>
        <p className="mb-4 mt-1 max-w-3xl text-sm text-slate-600">
          In phases that require approval, people submit only once a curator approves their request.
          Approve one account per person: quotas and the near-duplicate check count people, so a
          second account of the same person multiplies what they can probe. The note is shown to the
          person; every decision is in the audit log.{' '}
          <span data-testid="participants-pending">
            {pending === 0
              ? 'No request is waiting.'
              : `${pending} ${pending === 1 ? 'request is' : 'requests are'} waiting.`}
          </span>
        </p>
        <ParticipantsTable slug={slug} rows={rows} />
      </section>
    </>
  );
}
