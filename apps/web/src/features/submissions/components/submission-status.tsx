'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { EvaluationDto, SubmissionDto, SubmissionRunDto } from '@medrank/db';
import { CI_LABEL, formatCi, formatDateTime, formatValue, formatWithCi } from '@/lib/format';
import { isOnBoard } from '../is-on-board';
import { SubmissionRun } from './submission-run';

const STEPS = [
  { status: 'QUEUED', label: 'Queued' },
  { status: 'VALIDATING', label: 'Validating' },
  { status: 'SCORING', label: 'Scoring' },
  { status: 'DONE', label: 'Done' },
] as const;

const POLL_INTERVAL_MS = 1_000;

/**
 * Why the numbers of one test set are not shown, in the submitter's terms: hidden until the
 * phase closes, or withheld by the Ladder (with the team's best released score, never this one's).
 * For a curator, who sees the numbers, what participants are told instead.
 */
function restrictionText(evaluation: EvaluationDto): string | null {
  const restriction = evaluation.restriction;
  if (!restriction) return null;
  if (restriction.kind === 'hidden-until-close') {
    const when = restriction.releaseAt
      ? formatDateTime(restriction.releaseAt)
      : 'no close date is set yet';
    return evaluation.scoresShown
      ? `Hidden from participants until the phase closes (${when}); you see them as a curator.`
      : `Scored — scores on ${evaluation.testSetName} are hidden until the phase closes (${when}).`;
  }
  const margin = restriction.margin.toFixed(restriction.scoreDecimals);
  if (evaluation.scoresShown)
    return `Withheld by the Ladder: participants do not see these numbers (they did not beat the team’s best released score by ${margin}); you see them as a curator.`;
  const best =
    restriction.bestReleased === null
      ? ''
      : ` (${restriction.bestReleased.toFixed(restriction.scoreDecimals)})`;
  return `Withheld by the Ladder: this did not beat your team’s best released score${best} by ${margin}.`;
}
const isFinal = (s: SubmissionDto['status']) =>
  s === 'SCORED' || s === 'FAILED' || s === 'CANCELLED';

export function SubmissionStatus({
  initial,
  metricLabels,
}: {
  /** The submission with its run (the GET operation's OwnedSubmission), as polling refreshes it. */
  initial: SubmissionDto & SubmissionRunDto;
  metricLabels: Record<string, string>;
}) {
  const [submission, setSubmission] = useState(initial);
  const [pollError, setPollError] = useState<string | null>(null);

  useEffect(() => {
    if (isFinal(submission.status)) return;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/v1/submissions/${submission.id}`, { cache: 'no-store' });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as { submission: SubmissionDto & SubmissionRunDto };
        setSubmission(body.submission);
        setPollError(null);
      } catch (error) {
        setPollError(
          `Could not refresh the status (${error instanceof Error ? error.message : 'network error'}); retrying.`,
        );
        setSubmission((s) => ({ ...s }));
      }
    }, POLL_INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [submission]);

  const currentIndex =
    submission.status === 'QUEUED'
      ? 0
      : submission.status === 'VALIDATING'
        ? 1
        : submission.status === 'SCORING'
          ? 2
          : 3;
  // A file rejected with a list of problems, or as a near-duplicate, failed before scoring ran.
  const failedBeforeScoring =
    (submission.error?.issueCount ?? 0) > 0 || submission.error?.code === 'NEAR_DUPLICATE';
  const failedAtIndex = submission.status === 'FAILED' ? (failedBeforeScoring ? 1 : 2) : null;
  const nearDuplicate = submission.error?.nearDuplicate;
  const statusText =
    submission.status === 'SCORED'
      ? 'Scored'
      : submission.status === 'FAILED'
        ? 'Failed'
        : submission.status === 'CANCELLED'
          ? 'Cancelled'
          : STEPS[currentIndex]!.label;

  return (
    <div className="space-y-6">
      <section
        aria-labelledby="status-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <div className="flex items-center justify-between">
          <h2 id="status-heading" className="font-semibold">
            Status
          </h2>
          <span
            data-testid="submission-status"
            className={`rounded-full px-2.5 py-0.5 text-sm font-medium ${
              submission.status === 'SCORED'
                ? 'bg-emerald-50 text-emerald-800'
                : submission.status === 'FAILED'
                  ? 'bg-red-50 text-red-800'
                  : 'bg-brand-50 text-brand-700'
            }`}
          >
            {statusText}
          </span>
        </div>
        <ol className="mt-4 grid grid-cols-4 gap-2" aria-label="Scoring steps">
          {STEPS.map((step, index) => {
            const state =
              failedAtIndex !== null
                ? index < failedAtIndex
                  ? 'done'
                  : 'todo'
                : index < currentIndex || (index === 3 && isFinal(submission.status))
                  ? 'done'
                  : index === currentIndex
                    ? 'current'
                    : 'todo';
            const failedHere = failedAtIndex !== null && (index === failedAtIndex || index === 3);
            return (
              <li
                key={step.status}
                aria-current={state === 'current' ? 'step' : undefined}
                className="text-xs"
              >
                <div
                  className={`h-1.5 rounded-full ${failedHere ? 'bg-red-500' : state === 'done' ? 'bg-emerald-500' : state === 'current' ? 'bg-brand-500' : 'bg-slate-200'}`}
                />
                <span
                  className={`mt-1 block ${state === 'todo' ? 'text-slate-500' : 'text-slate-700'}`}
                >
                  {index === 3 && isFinal(submission.status) ? statusText : step.label}
                </span>
              </li>
            );
          })}
        </ol>
        {!isFinal(submission.status) && (
          <div className="mt-4" aria-live="polite">
            <div className="flex justify-between text-xs text-slate-600">
              <span>{STEPS[currentIndex]!.label}…</span>
              <span className="tabular">{submission.progress}%</span>
            </div>
            <div
              role="progressbar"
              aria-label="Scoring progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={submission.progress}
              className="mt-1 h-2 overflow-hidden rounded-full bg-slate-100"
            >
              <div
                className="h-full rounded-full bg-brand-500 transition-all"
                style={{ width: `${Math.max(3, submission.progress)}%` }}
              />
            </div>
          </div>
        )}
        {pollError && <p className="mt-3 text-xs text-amber-700">{pollError}</p>}
      </section>

      <SubmissionRun inference={submission.inference} runReport={submission.runReport} />

      {submission.status === 'SCORED' && (
        <section
          aria-labelledby="scores-heading"
          className="rounded-xl border border-slate-200 bg-white shadow-sm"
        >
          <h2 id="scores-heading" className="px-5 pt-5 font-semibold">
            Scores
          </h2>
          {submission.evaluations.map((evaluation) => (
            <div key={evaluation.testSetId} className="px-5 pb-5">
              <p className="mt-1 text-sm text-slate-500">
                {evaluation.testSetName} · {evaluation.caseCount} cases · evaluator v
                {evaluation.evaluatorVersion}
              </p>
              {evaluation.restriction && (
                <p
                  className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900"
                  data-testid="evaluation-restriction"
                >
                  {restrictionText(evaluation)}
                </p>
              )}
              {evaluation.scoresShown && (
                <table className="mt-3 w-full text-sm">
                  <caption className="sr-only">Scores with 95% confidence intervals</caption>
                  <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                    <tr>
                      <th scope="col" className="py-2 font-medium">
                        Metric
                      </th>
                      <th scope="col" className="py-2 font-medium">
                        Value
                      </th>
                      <th scope="col" className="py-2 font-medium">
                        {CI_LABEL}
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {evaluation.scores.map((score) => (
                      <tr key={score.metric} data-testid={`score-${score.metric}`}>
                        <th scope="row" className="py-2 text-left font-medium text-slate-800">
                          {metricLabels[score.metric] ?? score.metric}
                        </th>
                        <td className="tabular py-2 text-slate-900">{formatValue(score.value)}</td>
                        <td className="tabular py-2 text-slate-600">
                          {formatCi(score.ciLow, score.ciHigh) ?? '—'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {evaluation.notes.length > 0 && (
                <ul
                  className="mt-3 list-disc space-y-1 pl-5 text-xs text-slate-600"
                  aria-label="Scoring notes"
                >
                  {evaluation.notes.map((note) => (
                    <li key={note}>{note}</li>
                  ))}
                </ul>
              )}
              {[...new Set(evaluation.breakdowns.map((b) => b.dimension))].map((dimension) => (
                <table
                  key={dimension}
                  className="mt-4 w-full text-sm"
                  data-testid={`breakdown-${dimension}`}
                >
                  <caption className="pb-1 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                    By {dimension}
                  </caption>
                  <thead className="text-left text-xs text-slate-600">
                    <tr>
                      <th scope="col" className="py-1 font-medium">
                        Category
                      </th>
                      <th scope="col" className="py-1 font-medium">
                        Metric
                      </th>
                      <th scope="col" className="py-1 font-medium">
                        Value ({CI_LABEL})
                      </th>
                      <th scope="col" className="py-1 text-right font-medium">
                        Cases
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {evaluation.breakdowns
                      .filter((b) => b.dimension === dimension)
                      .map((b) => (
                        <tr key={`${b.category}/${b.metric}`}>
                          <th scope="row" className="py-1 text-left font-normal text-slate-800">
                            {b.category}
                          </th>
                          <td className="py-1 text-slate-700">
                            {metricLabels[b.metric] ?? b.metric}
                          </td>
                          <td className="tabular py-1 text-slate-900">
                            {formatWithCi(b.value, b.ciLow, b.ciHigh)}
                          </td>
                          <td className="tabular py-1 text-right text-slate-600">{b.n}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              ))}
            </div>
          ))}
          {isOnBoard(submission) && (
            <p className="border-t border-slate-100 px-5 py-3 text-sm">
              <Link
                className="font-medium text-brand-700 hover:underline"
                href={`/benchmarks/${submission.benchmark.slug}?highlight=${submission.id}`}
              >
                See it on the {submission.benchmark.title} leaderboard →
              </Link>
            </p>
          )}
        </section>
      )}

      {submission.status === 'FAILED' && submission.error && (
        <section
          aria-labelledby="errors-heading"
          className="rounded-xl border border-red-200 bg-white p-5 shadow-sm"
        >
          <h2 id="errors-heading" className="font-semibold text-red-800">
            Why it failed
          </h2>
          <p className="mt-1 text-sm text-slate-700" data-testid="error-message">
            {submission.error.message}
          </p>
          {nearDuplicate && (
            <dl
              className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm"
              data-testid="near-duplicate"
            >
              <dt className="text-slate-500">Repeats</dt>
              <dd className="[overflow-wrap:anywhere]">
                <Link
                  className="font-medium text-brand-700 hover:underline"
                  href={`/submissions/${nearDuplicate.submissionId}`}
                >
                  {nearDuplicate.methodName}
                </Link>{' '}
                <span className="text-slate-500">
                  submitted {nearDuplicate.submittedAt.slice(0, 16).replace('T', ' ')} UTC
                </span>
              </dd>
              <dt className="text-slate-500">Changed cases</dt>
              <dd className="tabular">
                {nearDuplicate.changedCases} of {nearDuplicate.caseCount} (at least{' '}
                {nearDuplicate.minChangedCases} needed)
              </dd>
            </dl>
          )}
          {submission.error.issues.length > 0 && (
            <>
              <table className="mt-3 w-full text-sm" data-testid="error-list">
                <caption className="sr-only">Problems found in the file</caption>
                <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="py-2 pr-3 font-medium">
                      Line
                    </th>
                    <th scope="col" className="py-2 pr-3 font-medium">
                      Case
                    </th>
                    <th scope="col" className="py-2 font-medium">
                      Problem
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {submission.error.issues.map((issue, i) => (
                    <tr key={i}>
                      <td className="tabular py-1.5 pr-3 text-slate-600">{issue.line ?? '—'}</td>
                      <td className="py-1.5 pr-3 font-mono text-xs text-slate-700">
                        {issue.caseId ?? '—'}
                      </td>
                      <td className="py-1.5 text-slate-800">
                        {issue.column ? (
                          <span className="font-mono text-xs">{issue.column}: </span>
                        ) : null}
                        {issue.message}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {submission.error.issueCount > submission.error.issues.length && (
                <p className="mt-2 text-xs text-slate-500">
                  …and {submission.error.issueCount - submission.error.issues.length} more problems
                  not listed.
                </p>
              )}
            </>
          )}
          <p className="mt-4 text-sm">
            <Link
              className="font-medium text-brand-700 hover:underline"
              href={`/benchmarks/${submission.benchmark.slug}`}
            >
              Fix the file and submit again
            </Link>
            <span className="text-slate-500">
              {' '}
              — failed submissions do not count against your quota.
            </span>
          </p>
        </section>
      )}
    </div>
  );
}
