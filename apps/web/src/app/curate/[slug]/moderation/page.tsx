import type { Metadata } from 'next';
import { moderation, reported } from '@medrank/db';
import { actorForPage } from '@/features/curation/access';
import { CurationTabs } from '@/features/curation/components/curation-nav';
import {
  ModerationRow,
  type ModerationEntryView,
} from '@/features/curation/components/moderation-row';
import { curationAccessForPage } from '@/features/curation/queries';
import { db } from '@/server/db';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Moderation · Curate' };

export default async function ModerationPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const actor = await actorForPage(`/curate/${slug}/moderation`);
  const access = await curationAccessForPage(actor, slug);
  // Hidden entries are listed too (boards leave them out), so they can be restored.
  const [verifiedRows, reportedEntries] = await Promise.all([
    moderation.listVerifiedEntries(db(), access.benchmarkId),
    reported.listForBenchmark(db(), access.benchmarkId),
  ]);
  const verified: ModerationEntryView[] = verifiedRows.map((e) => ({
    kind: 'verified',
    id: e.id,
    name: e.methodName,
    detail: [e.teamName, e.trackName, e.createdAt.slice(0, 10)].join(' · '),
    moderation: e.moderation,
    moderationReason: e.moderationReason,
    baselineKind: e.baselineKind,
  }));
  const reportedViews: ModerationEntryView[] = reportedEntries.map((e) => ({
    kind: 'reported',
    id: e.id,
    name: e.modelName,
    detail: [e.institution, `${e.trackSlug} / ${e.testSetSlug}`, e.reportedDate]
      .filter(Boolean)
      .join(' · '),
    moderation: e.moderation,
    moderationReason: e.moderationReason,
    baselineKind: e.baselineKind,
  }));
  return (
    <>
      <CurationTabs slug={slug} current="/moderation" />
      <datalist id="baseline-kinds">
        <option value="random" />
        <option value="human expert" />
        <option value="majority class" />
      </datalist>
      {[
        {
          id: 'verified',
          title: 'Verified entries',
          rows: verified,
          empty: 'No scored entry yet.',
        },
        {
          id: 'reported',
          title: 'Reported results',
          rows: reportedViews,
          empty: 'No reported result imported.',
        },
      ].map((group) => (
        <section
          key={group.id}
          aria-labelledby={`${group.id}-heading`}
          className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id={`${group.id}-heading`} className="font-semibold">
            {group.title}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Hiding or disqualifying needs a reason; it is shown publicly. Baselines are shown apart
            and never ranked. Every action is in the audit log.
          </p>
          {group.rows.length === 0 ? (
            <p className="mt-3 text-sm text-slate-500">{group.empty}</p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-100">
              {group.rows.map((entry) => (
                <ModerationRow key={`${entry.kind}-${entry.id}`} slug={slug} entry={entry} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}
