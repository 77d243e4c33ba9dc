import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { KindBadge } from '@/features/leaderboard/components/row-badges';
import { currentViewer, getModel } from '@/features/leaderboard/queries';
import { CI_LABEL, formatCi, formatDate, formatValue } from '@/lib/format';
import { describeMetric } from '@medrank/metrics/catalog';

export const dynamic = 'force-dynamic';

type Params = { slug: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const model = await getModel((await params).slug, await currentViewer());
  return { title: model ? `${model.name} across benchmarks` : 'Model not found' };
}

/** One model's results across benchmarks: verified entries and reported results. */
export default async function ModelPage({ params }: { params: Promise<Params> }) {
  const { slug } = await params;
  const model = await getModel(slug, await currentViewer());
  if (!model || model.entries.length === 0) notFound();
  const verifiedCount = model.entries.filter((e) => e.kind === 'verified').length;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/" className="hover:text-slate-800">
          Benchmarks
        </Link>{' '}
        <span aria-hidden>/</span> <span className="text-slate-800">Model</span>
      </nav>
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">{model.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          <span className="font-mono">{model.modelSlug}</span> · {model.entries.length} results on{' '}
          {new Set(model.entries.map((e) => e.benchmark.slug)).size} benchmarks · {verifiedCount}{' '}
          verified by MedRank
        </p>
      </header>
      <div
        // Scrolls sideways on a narrow screen: a named, focusable region for keyboard users.
        role="region"
        aria-label="Results on each board"
        tabIndex={0}
        className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
      >
        <table className="w-full text-sm" data-testid="model-entries">
          <caption className="sr-only">
            Results of {model.name} on each board, on the track’s primary metric
          </caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 text-left font-medium">
                Benchmark · board
              </th>
              <th scope="col" className="px-3 py-2 text-left font-medium">
                Entry
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Primary metric
              </th>
              <th scope="col" className="px-3 py-2 text-left font-medium">
                Date
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {model.entries.map((entry) => {
              const info = describeMetric(entry.track.primaryMetric);
              const score = entry.scores[entry.track.primaryMetric];
              const boardHref = `/benchmarks/${entry.benchmark.slug}?track=${entry.track.slug}&testSet=${entry.testSet.slug}`;
              return (
                <tr
                  key={`${entry.kind}-${entry.id}-${entry.testSet.slug}`}
                  className={entry.moderation === 'DISQUALIFIED' ? 'text-slate-500' : ''}
                >
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    <Link href={boardHref} className="font-medium text-slate-900 hover:underline">
                      {entry.benchmark.title}
                    </Link>
                    <div className="text-xs text-slate-600">
                      {entry.track.name} · {entry.testSet.name}
                    </div>
                  </th>
                  <td className="px-3 py-2">
                    {entry.kind === 'verified' ? (
                      <Link href={`/entries/${entry.id}`} className="hover:underline">
                        {entry.methodName}
                      </Link>
                    ) : (
                      entry.methodName
                    )}{' '}
                    <KindBadge kind={entry.kind} />
                    {entry.moderation === 'DISQUALIFIED' && (
                      <span className="ml-1 text-xs text-red-800">disqualified</span>
                    )}
                  </td>
                  <td className="tabular px-3 py-2 text-right whitespace-nowrap">
                    <span className="text-xs text-slate-500">{info.label} </span>
                    <span className="font-semibold">
                      {formatValue(entry.primaryValue, info.decimals)}
                    </span>
                    {score?.ciLow != null && score.ciHigh != null && (
                      <span className="ml-1 text-xs text-slate-600">
                        ({CI_LABEL} {formatCi(score.ciLow, score.ciHigh, info.decimals)})
                      </span>
                    )}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap text-slate-600">
                    {entry.date
                      ? entry.date.length === 4
                        ? entry.date
                        : formatDate(entry.date)
                      : '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
