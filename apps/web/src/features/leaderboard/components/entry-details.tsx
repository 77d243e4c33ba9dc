import Link from 'next/link';
import type { EntryView } from '@medrank/db';
import {
  CI_LABEL,
  formatCi,
  formatDate,
  formatDateTime,
  formatParameterCount,
  formatValue,
} from '@/lib/format';
import { describeMetric } from '@medrank/metrics/catalog';
import { BreakdownChart } from './breakdown-chart';
import { CopyField } from '@/components/copy-field';
import { BaselineBadge, DisqualifiedBadge, KindBadge, OpenWeightsBadge } from './row-badges';

function MethodCard({ entry }: { entry: EntryView }) {
  const links = [
    ['Code', entry.codeUrl],
    ['Paper', entry.paperUrl],
    ['Model', entry.modelUrl],
  ].filter((l): l is [string, string] => Boolean(l[1]));
  return (
    <section
      aria-labelledby="method-heading"
      className="rounded-xl border border-slate-200 bg-white p-5"
    >
      <h2 id="method-heading" className="font-semibold">
        Method
      </h2>
      <p className="mt-2 text-sm leading-6 whitespace-pre-line text-slate-700">
        {entry.description || 'No description given.'}
      </p>
      <dl className="mt-4 grid grid-cols-2 gap-x-4 gap-y-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-slate-500">Team</dt>
          <dd className="font-medium">{entry.team.name}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Parameters</dt>
          <dd className="tabular font-medium">
            {entry.parameterCount === null
              ? 'not disclosed'
              : formatParameterCount(entry.parameterCount)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Weights</dt>
          <dd className="font-medium">{entry.openWeights ? 'open' : 'not released'}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Submitted</dt>
          <dd className="font-medium">{formatDate(entry.submittedAt)}</dd>
        </div>
        <div className="col-span-2 sm:col-span-4">
          <dt className="text-slate-500">Training data</dt>
          <dd className="whitespace-pre-line">{entry.trainingData || 'not disclosed'}</dd>
        </div>
        {entry.modelSlug && (
          <div className="col-span-2">
            <dt className="text-slate-500">Model</dt>
            <dd>
              <Link
                href={`/models/${entry.modelSlug}`}
                className="font-medium text-brand-700 hover:underline"
              >
                {entry.modelSlug}
              </Link>{' '}
              <span className="text-slate-500">(all its results)</span>
            </dd>
          </div>
        )}
      </dl>
      {links.length > 0 && (
        <ul className="mt-4 flex flex-wrap gap-3 text-sm">
          {links.map(([label, href]) => (
            <li key={label}>
              <a
                href={href}
                rel="noreferrer nofollow"
                className="font-medium text-brand-700 hover:underline"
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function EntryDetails({
  entry,
  appUrl,
  isOwner,
}: {
  entry: EntryView;
  appUrl: string;
  isOwner: boolean;
}) {
  const primary = entry.track.primaryMetric;
  // The badge is public: only a result everyone may see can have one.
  const firstVisible = entry.results.find((r) => r.restriction === null);
  const badgeUrl = `${appUrl}/api/v1/benchmarks/${entry.benchmark.slug}/badge?entry=${entry.id}${firstVisible ? `&testSet=${firstVisible.testSetSlug}` : ''}`;
  const entryUrl = `${appUrl}/entries/${entry.id}`;
  const isDisqualified = entry.moderation === 'DISQUALIFIED';
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/" className="hover:text-slate-800">
          Benchmarks
        </Link>{' '}
        <span aria-hidden>/</span>{' '}
        <Link
          href={`/benchmarks/${entry.benchmark.slug}?track=${entry.track.slug}`}
          className="hover:text-slate-800"
        >
          {entry.benchmark.title}
        </Link>{' '}
        <span aria-hidden>/</span> <span className="text-slate-800">Entry</span>
      </nav>
      <header>
        <div className="flex flex-wrap items-center gap-1.5">
          <KindBadge kind="verified" />
          {entry.baselineKind && <BaselineBadge kind={entry.baselineKind} />}
          {entry.openWeights && <OpenWeightsBadge />}
          {isDisqualified && <DisqualifiedBadge />}
        </div>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">{entry.methodName}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {entry.team.name} · {entry.benchmark.title} · {entry.track.name}
        </p>
        {isDisqualified && (
          <p className="mt-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            Disqualified: {entry.moderationReason ?? 'no reason given'}
          </p>
        )}
        {isOwner && (
          <p className="mt-2 text-sm">
            <Link
              href={`/submissions/${entry.id}`}
              className="font-medium text-brand-700 hover:underline"
            >
              Your submission’s status and file details
            </Link>
          </p>
        )}
      </header>
      <MethodCard entry={entry} />
      {entry.results.length === 0 && <p className="text-sm text-slate-600">No scores yet.</p>}
      {entry.results.map((result) => {
        const stat = result.rankStats.find((r) => r.metric === primary);
        const primaryBreakdowns = result.breakdowns.filter(
          (b) => b.metric === primary && b.value !== null,
        );
        const dimensions = [...new Set(primaryBreakdowns.map((b) => b.dimension))];
        const primaryInfo = describeMetric(primary);
        return (
          <section
            key={result.testSetSlug}
            aria-labelledby={`ts-${result.testSetSlug}`}
            className="space-y-4 rounded-xl border border-slate-200 bg-white p-5"
            data-testid="entry-result"
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id={`ts-${result.testSetSlug}`} className="font-semibold">
                {result.testSetName}
              </h2>
              <p className="text-xs text-slate-500">
                {result.caseCount.toLocaleString('en-GB')} cases · evaluator v
                {result.evaluatorVersion}
              </p>
            </div>
            {result.restriction && !result.scoresHidden && (
              <p
                className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900"
                data-testid="curator-restriction"
              >
                {result.restriction.kind === 'hidden-until-close'
                  ? `Hidden from participants until ${result.restriction.releaseAt ? formatDateTime(result.restriction.releaseAt) : 'a phase close date is set'}: you see these numbers as a curator of this benchmark.`
                  : 'Withheld by the Ladder: participants, the submitting team included, never see these numbers; you see them as a curator of this benchmark.'}
              </p>
            )}
            {result.scoresHidden ? (
              <p className="text-sm text-slate-600" data-testid="scores-hidden">
                Scores on this test set stay hidden until the submission phase closes
                {result.restriction?.kind === 'hidden-until-close' && result.restriction.releaseAt
                  ? ` (${formatDateTime(result.restriction.releaseAt)})`
                  : ''}
                .
              </p>
            ) : (
              <>
                <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
                  <div>
                    {/* What the rank counts: verified entries ranked on the board, out of how many. */}
                    <dt className="text-slate-500">Verified rank ({primaryInfo.label})</dt>
                    <dd className="tabular text-lg font-semibold" data-testid="entry-rank">
                      {result.rank ?? '—'}
                      {result.rank !== null && result.rankedCount !== null && (
                        <span className="text-sm font-normal text-slate-600">
                          {' '}
                          of {result.rankedCount}
                        </span>
                      )}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-slate-500">Rank interval</dt>
                    <dd className="tabular text-lg font-semibold">
                      {stat
                        ? stat.rankLow === stat.rankHigh
                          ? stat.rankLow
                          : `${stat.rankLow}–${stat.rankHigh}`
                        : '—'}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-slate-500">Tier</dt>
                    <dd className="tabular text-lg font-semibold">{stat?.tier ?? '—'}</dd>
                  </div>
                  <div>
                    <dt className="text-slate-500">P(best)</dt>
                    <dd className="tabular text-lg font-semibold">
                      {stat ? `${Math.round(stat.pBest * 100)} %` : '—'}
                    </dd>
                  </div>
                </dl>
                <table className="w-full text-sm">
                  <caption className="sr-only">
                    Scores on {result.testSetName} with {CI_LABEL}s
                  </caption>
                  <thead className="text-xs text-slate-600">
                    <tr className="border-b border-slate-200">
                      <th scope="col" className="py-2 text-left font-medium">
                        Metric
                      </th>
                      <th scope="col" className="py-2 text-right font-medium">
                        Value
                      </th>
                      <th scope="col" className="py-2 text-right font-medium">
                        {CI_LABEL}
                      </th>
                      <th scope="col" className="py-2 text-right font-medium">
                        n
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {result.scores.map((score) => {
                      const info = describeMetric(score.metric);
                      return (
                        <tr key={score.metric}>
                          <th scope="row" className="py-2 text-left font-normal">
                            <abbr title={info.definition || info.label} className="no-underline">
                              {info.label}
                            </abbr>{' '}
                            <span
                              aria-label={
                                info.higherIsBetter ? 'higher is better' : 'lower is better'
                              }
                            >
                              {info.higherIsBetter ? '↑' : '↓'}
                            </span>
                          </th>
                          <td className="tabular py-2 text-right font-semibold">
                            {formatValue(score.value, info.decimals)}
                          </td>
                          <td className="tabular py-2 text-right text-slate-600">
                            {formatCi(score.ciLow, score.ciHigh, info.decimals) ?? '—'}
                          </td>
                          <td className="tabular py-2 text-right text-slate-600">{score.n}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                {dimensions.map((dimension) => {
                  const rows = primaryBreakdowns.filter((b) => b.dimension === dimension);
                  return (
                    <figure key={dimension} className="space-y-2">
                      <figcaption className="text-sm font-medium">
                        {primaryInfo.label} by {dimension.replaceAll('_', ' ')}
                      </figcaption>
                      <div
                        role="img"
                        aria-label={`Bar chart of ${primaryInfo.label} by ${dimension}; the table below has the numbers.`}
                      >
                        <BreakdownChart
                          decimals={primaryInfo.decimals}
                          bars={rows.map((b) => ({
                            category: b.category,
                            value: b.value ?? 0,
                            error: [
                              b.ciLow === null ? 0 : (b.value ?? 0) - b.ciLow,
                              b.ciHigh === null ? 0 : b.ciHigh - (b.value ?? 0),
                            ],
                            n: b.n,
                          }))}
                        />
                      </div>
                      <details className="text-sm">
                        <summary className="cursor-pointer text-slate-600">Table</summary>
                        <table className="mt-2 w-full">
                          <thead className="text-xs text-slate-600">
                            <tr>
                              <th scope="col" className="text-left font-medium">
                                Category
                              </th>
                              <th scope="col" className="text-right font-medium">
                                n
                              </th>
                              <th scope="col" className="text-right font-medium">
                                {primaryInfo.label}
                              </th>
                              <th scope="col" className="text-right font-medium">
                                {CI_LABEL}
                              </th>
                            </tr>
                          </thead>
                          <tbody>
                            {rows.map((b) => (
                              <tr key={b.category}>
                                <th scope="row" className="text-left font-normal">
                                  {b.category}
                                </th>
                                <td className="tabular text-right">{b.n}</td>
                                <td className="tabular text-right">
                                  {formatValue(b.value, primaryInfo.decimals)}
                                </td>
                                <td className="tabular text-right">
                                  {formatCi(b.ciLow, b.ciHigh, primaryInfo.decimals) ?? '—'}
                                </td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </details>
                    </figure>
                  );
                })}
              </>
            )}
          </section>
        );
      })}
      {firstVisible && (
        <section
          aria-labelledby="badge-heading"
          className="space-y-3 rounded-xl border border-slate-200 bg-white p-5"
        >
          <h2 id="badge-heading" className="font-semibold">
            Badge
          </h2>
          {/* A plain <img>: the badge is shown exactly as people embed it elsewhere, at its own
              size (shrunk to a phone's width its text would be unreadable): a wide badge scrolls. */}
          <div
            role="region"
            aria-label="Badge preview"
            tabIndex={0}
            className="overflow-x-auto focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
          >
            <img
              src={badgeUrl.replace(appUrl, '')}
              alt={`MedRank badge of ${entry.methodName}`}
              height={20}
              className="h-5 max-w-none"
              data-testid="entry-badge"
            />
          </div>
          <CopyField
            id="badge-markdown"
            label="Markdown"
            value={`[![MedRank](${badgeUrl})](${entryUrl})`}
          />
          <CopyField
            id="badge-html"
            label="HTML"
            value={`<a href="${entryUrl}"><img src="${badgeUrl.replaceAll('&', '&amp;')}" alt="MedRank badge"></a>`}
          />
        </section>
      )}
    </div>
  );
}
