import type { Metadata } from 'next';
import Link from 'next/link';
import { actorForPage } from '@/features/curation/access';
import { CurationTabs } from '@/features/curation/components/curation-nav';
import { DeleteDraft } from '@/features/curation/components/delete-draft';
import { RescoreButton } from '@/features/curation/components/rescore-button';
import {
  curationAccessForPage,
  getDefinition,
  listTestSetStates,
} from '@/features/curation/queries';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Curate' };

export default async function CurationOverviewPage({
  params,
}: {
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const actor = await actorForPage(`/curate/${slug}`);
  const access = await curationAccessForPage(actor, slug);
  const definition = await getDefinition(slug);
  const states = await listTestSetStates(access.benchmarkId, definition);
  return (
    <>
      <CurationTabs slug={slug} current="" />
      <section
        aria-labelledby="testsets-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="testsets-heading" className="font-semibold">
          Test sets
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Replacing ground truth (a first upload does not) or changing metrics creates a new
          evaluator version; rescoring scores every entry again at it (old evaluations are kept) and
          the board moves to it when done. Without scored entries the board moves at once.
        </p>
        <div
          // Scrolls sideways on a narrow screen: a named, focusable region for keyboard users.
          role="region"
          aria-label="Tracks and test sets"
          tabIndex={0}
          className="mt-4 overflow-x-auto focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
        >
          <table className="w-full min-w-[40rem] text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-3">
                  Track / test set
                </th>
                <th scope="col" className="py-2 pr-3 text-right">
                  Cases
                </th>
                <th scope="col" className="py-2 pr-3">
                  Evaluator
                </th>
                <th scope="col" className="py-2 pr-3">
                  Ground truth
                </th>
                <th scope="col" className="py-2">
                  Rescore
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {states.map((s) => (
                <tr key={`${s.trackSlug}/${s.testSetSlug}`} className="align-top">
                  <th scope="row" className="py-3 pr-3 font-medium">
                    {s.trackName} / {s.testSetName}
                  </th>
                  <td className="tabular py-3 pr-3 text-right">{s.caseCount}</td>
                  <td className="py-3 pr-3" data-testid={`version-${s.trackSlug}-${s.testSetSlug}`}>
                    v{s.evaluatorVersion}
                  </td>
                  <td className="py-3 pr-3">
                    <Link
                      href={`/curate/${slug}/ground-truth`}
                      className="text-brand-700 hover:underline"
                    >
                      {s.caseCount > 0
                        ? 'in use'
                        : s.latestUpload
                          ? s.latestUpload.status.toLowerCase()
                          : 'upload'}
                    </Link>
                  </td>
                  <td className="py-3">
                    {s.caseCount > 0 ? (
                      <RescoreButton
                        slug={slug}
                        trackSlug={s.trackSlug}
                        testSetSlug={s.testSetSlug}
                        evaluatorVersion={s.evaluatorVersion}
                        latest={s.latestRescore}
                      />
                    ) : (
                      <span className="text-slate-500">needs ground truth</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <p className="text-sm">
        <Link href={`/curate/${slug}/details`} className="text-brand-700 hover:underline">
          Edit the setup
        </Link>{' '}
        ·{' '}
        <Link href={`/curate/${slug}/review`} className="text-brand-700 hover:underline">
          Review and publish
        </Link>
      </p>
      {access.status === 'DRAFT' && <DeleteDraft slug={slug} title={access.title} />}
    </>
  );
}
