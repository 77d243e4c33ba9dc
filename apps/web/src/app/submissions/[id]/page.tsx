import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { isAppError } from '@medrank/core';
import { SubmissionStatus } from '@/features/submissions/components/submission-status';
import { isOnBoard } from '@/features/submissions/is-on-board';
import { currentViewer, getEntry } from '@/features/leaderboard/queries';
import { getSubmissionForUserOrThrow } from '@/features/submissions/get-submission-for-user';
import { formatBytes, formatDateTime } from '@/lib/format';
import { describeMetric } from '@medrank/metrics/catalog';
import { getUser } from '@/server/require-user';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Submission' };

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await getUser().catch(() => null);
  // Old links keep working: anyone but the owning team sees the public entry page, when the
  // entry is public; the status stepper and error table stay with the owners.
  const publicEntry = async () => getEntry(id, await currentViewer());
  if (!user) {
    if (await publicEntry()) redirect(`/entries/${encodeURIComponent(id)}`);
    redirect(`/sign-in?next=/submissions/${encodeURIComponent(id)}`);
  }
  let submission;
  try {
    submission = await getSubmissionForUserOrThrow(user, id);
  } catch (error) {
    if (isAppError(error) && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')) {
      if (await publicEntry()) redirect(`/entries/${encodeURIComponent(id)}`);
      notFound();
    }
    throw error;
  }
  const metricLabels = Object.fromEntries(
    submission.track.metrics.map((m) => [m, describeMetric(m).label]),
  );
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/" className="hover:text-slate-800">
          Benchmarks
        </Link>{' '}
        <span aria-hidden>/</span>{' '}
        <Link href={`/benchmarks/${submission.benchmark.slug}`} className="hover:text-slate-800">
          {submission.benchmark.title}
        </Link>{' '}
        <span aria-hidden>/</span> <span className="text-slate-800">Submission</span>
      </nav>
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">{submission.methodName}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {submission.team.name} · {submission.track.name} · submitted{' '}
          {formatDateTime(submission.createdAt)}
        </p>
        <p className="mt-1 text-xs text-slate-500">
          <span className="font-mono">{submission.fileName}</span> ·{' '}
          {formatBytes(submission.fileBytes)} · SHA-256{' '}
          <span className="font-mono">{submission.sha256.slice(0, 12)}…</span>
        </p>
      </header>
      <SubmissionStatus initial={submission} metricLabels={metricLabels} />
      {submission.status === 'SCORED' && isOnBoard(submission) && (
        <p className="text-sm">
          <Link
            href={`/entries/${submission.id}`}
            className="font-medium text-brand-700 hover:underline"
          >
            Public entry page
          </Link>{' '}
          <span className="text-slate-500">
            (what everyone sees: method card, ranks, breakdowns, badge)
          </span>
        </p>
      )}
    </div>
  );
}
