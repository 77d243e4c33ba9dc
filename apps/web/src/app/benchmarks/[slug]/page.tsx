import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { teams } from '@medrank/db';
import { InlineText } from '@/components/inline-text';
import { Chip } from '@/features/benchmarks/components/benchmark-card';
import { getBenchmark } from '@/features/benchmarks/queries';
import { submissionFormatRules } from '@/features/benchmarks/submission-format';
import { LeaderboardTable } from '@/features/leaderboard/components/leaderboard-table';
import { getBoard } from '@/features/leaderboard/queries';
import { UploadForm } from '@/features/submissions/components/upload-form';
import { TASK_TYPE_LABELS } from '@/lib/format';
import { db } from '@/server/db';
import { getUser } from '@/server/require-user';

export const dynamic = 'force-dynamic';

type Params = { slug: string };
type Search = { track?: string; testSet?: string; sort?: string; highlight?: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const benchmark = await getBenchmark((await params).slug);
  return { title: benchmark?.title ?? 'Benchmark not found', description: benchmark?.summary };
}

export default async function BenchmarkPage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<Search>;
}) {
  const { slug } = await params;
  const search = await searchParams;
  const benchmark = await getBenchmark(slug);
  if (!benchmark) notFound();
  const track = benchmark.tracks.find((t) => t.slug === search.track) ?? benchmark.tracks[0];
  const testSet = track?.testSets.find((t) => t.slug === search.testSet) ?? track?.testSets[0];
  const sort =
    track && search.sort && track.metrics.includes(search.sort)
      ? search.sort
      : track?.primaryMetric;
  const board =
    testSet && sort && track ? await getBoard(testSet.id, sort, track.taskConfig) : null;
  const user = await getUser().catch(() => null);
  const userTeams = user ? await teams.listForUser(db(), user.id) : [];

  const hrefFor = (next: Partial<Search>) => {
    const query = new URLSearchParams();
    const merged = { track: track?.slug, testSet: testSet?.slug, sort, ...next };
    for (const [key, value] of Object.entries(merged)) if (value) query.set(key, value);
    return `/benchmarks/${benchmark.slug}?${query.toString()}`;
  };

  return (
    <div className="space-y-8">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/" className="hover:text-slate-800">
          Benchmarks
        </Link>{' '}
        <span aria-hidden>/</span> <span className="text-slate-800">{benchmark.title}</span>
      </nav>
      <header>
        <div className="flex flex-wrap gap-1.5">
          <Chip>{TASK_TYPE_LABELS[benchmark.taskType] ?? benchmark.taskType}</Chip>
          {benchmark.modality && <Chip>{benchmark.modality}</Chip>}
          {benchmark.bodyRegion && <Chip>{benchmark.bodyRegion}</Chip>}
          {benchmark.license && <Chip>{benchmark.license}</Chip>}
        </div>
        <h1 className="mt-3 text-3xl font-semibold tracking-tight">{benchmark.title}</h1>
        <p className="mt-2 max-w-3xl text-slate-600">{benchmark.summary}</p>
      </header>

      <div className="grid gap-8 lg:grid-cols-[1fr_320px]">
        <section aria-labelledby="board-heading" className="min-w-0">
          <div className="flex flex-wrap items-end justify-between gap-2">
            <h2 id="board-heading" className="text-xl font-semibold tracking-tight">
              Leaderboard
            </h2>
            {testSet && (
              <p className="text-sm text-slate-500">
                {testSet.name} · {testSet.caseCount} hidden cases
              </p>
            )}
          </div>
          {benchmark.tracks.length * (track?.testSets.length ?? 1) > 1 && (
            <nav aria-label="Tracks and test sets" className="mt-3 flex flex-wrap gap-2">
              {benchmark.tracks.flatMap((t) =>
                t.testSets.map((ts) => {
                  const isCurrent = t.slug === track?.slug && ts.slug === testSet?.slug;
                  return (
                    <Link
                      key={`${t.slug}/${ts.slug}`}
                      href={hrefFor({ track: t.slug, testSet: ts.slug, sort: t.primaryMetric })}
                      aria-current={isCurrent ? 'page' : undefined}
                      className={`rounded-full px-3 py-1 text-sm ${isCurrent ? 'bg-brand-700 text-white' : 'bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50'}`}
                    >
                      {t.name} · {ts.name}
                    </Link>
                  );
                }),
              )}
            </nav>
          )}
          <div className="mt-4">
            {board && track && sort ? (
              <LeaderboardTable
                board={board}
                metrics={track.metrics}
                taskConfig={track.taskConfig}
                sortedBy={sort}
                sortHref={(m) => hrefFor({ sort: m })}
                highlightSubmissionId={search.highlight}
              />
            ) : (
              <p className="text-slate-600">This benchmark has no test set yet.</p>
            )}
          </div>
          {benchmark.description && (
            <section
              aria-labelledby="about-heading"
              className="mt-8 rounded-xl border border-slate-200 bg-white p-6"
            >
              <h2 id="about-heading" className="text-lg font-semibold">
                About this benchmark
              </h2>
              {benchmark.description.split(/\n{2,}/).map((paragraph, i) => (
                <p key={i} className="mt-3 text-sm leading-6 text-slate-700">
                  <InlineText text={paragraph} />
                </p>
              ))}
            </section>
          )}
        </section>

        <aside className="space-y-4">
          <section
            aria-labelledby="submit-heading"
            className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
          >
            <h2 id="submit-heading" className="font-semibold">
              Submit predictions
            </h2>
            {!benchmark.openPhase ? (
              <p className="mt-2 text-sm text-slate-600">
                Submissions are closed: no phase is open.
              </p>
            ) : user && track ? (
              <>
                <p className="mt-1 text-xs text-slate-500">
                  Phase “{benchmark.openPhase.name}” · {benchmark.openPhase.dailyQuota} per team per
                  day; failed runs do not count.
                </p>
                <div className="mt-3">
                  <UploadForm
                    benchmarkSlug={benchmark.slug}
                    trackSlug={track.slug}
                    teams={userTeams.map((t) => ({ slug: t.slug, name: t.name }))}
                  />
                </div>
              </>
            ) : (
              <p className="mt-2 text-sm text-slate-600">
                <Link
                  href={`/sign-in?next=/benchmarks/${benchmark.slug}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  Sign in
                </Link>{' '}
                or{' '}
                <Link
                  href={`/sign-up?next=/benchmarks/${benchmark.slug}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  create an account
                </Link>{' '}
                to submit.
              </p>
            )}
          </section>
          {track && (
            <section
              aria-labelledby="format-heading"
              className="rounded-xl border border-slate-200 bg-white p-5"
            >
              <h2 id="format-heading" className="font-semibold">
                Submission format
              </h2>
              <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700 [overflow-wrap:anywhere]">
                {submissionFormatRules(track).map((rule) => (
                  <li key={rule}>{rule}</li>
                ))}
              </ul>
              <a
                href={`/api/v1/benchmarks/${benchmark.slug}/template?track=${track.slug}`}
                className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline"
                download
              >
                Download the case-id template (CSV)
              </a>
            </section>
          )}
          {benchmark.citation && (
            <section
              aria-labelledby="cite-heading"
              className="rounded-xl border border-slate-200 bg-white p-5"
            >
              <h2 id="cite-heading" className="font-semibold">
                Cite
              </h2>
              <p className="mt-2 text-xs leading-5 text-slate-600">{benchmark.citation}</p>
              <div className="mt-2 flex gap-3 text-sm">
                {benchmark.paperUrl && (
                  <a
                    className="text-brand-700 hover:underline"
                    href={benchmark.paperUrl}
                    rel="noreferrer"
                  >
                    Paper
                  </a>
                )}
                {benchmark.dataUrl && (
                  <a
                    className="text-brand-700 hover:underline"
                    href={benchmark.dataUrl}
                    rel="noreferrer"
                  >
                    Data
                  </a>
                )}
              </div>
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}
