import type { Metadata } from 'next';
import { CopyButton } from '@/components/copy-button';
import { MarkdownText } from '@/components/markdown';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { teams } from '@medrank/db';
import { Chip } from '@/features/benchmarks/components/benchmark-card';
import { getBenchmark } from '@/features/benchmarks/queries';
import { submissionFormat, submitHeading } from '@/features/benchmarks/submission-format';
import {
  boardSearchString,
  hasRowFilters,
  paginate,
  parseBoardSearch,
  toBoardQuery,
  type BoardSearch,
  type RawSearch,
} from '@/features/leaderboard/board-search';
import { boardColumnLayout, parseColumnChoice } from '@/features/leaderboard/board-columns';
import { BoardFilters } from '@/features/leaderboard/components/board-filters';
import { BoardLegend } from '@/features/leaderboard/components/board-legend';
import { BoardPager } from '@/features/leaderboard/components/board-pager';
import { BoardStatus } from '@/features/leaderboard/components/board-status';
import { BoardTable } from '@/features/leaderboard/components/board-table';
import { BoardTabs } from '@/features/leaderboard/components/board-tabs';
import { BreakdownPanel } from '@/features/leaderboard/components/breakdown-panel';
import { ColumnChooser } from '@/features/leaderboard/components/column-chooser';
import { EfficiencyFigure } from '@/features/leaderboard/components/efficiency-figure';
import { HistoryPanel } from '@/features/leaderboard/components/history-panel';
import { currentViewer, getBoardView } from '@/features/leaderboard/queries';
import type { BoardView } from '@/features/leaderboard/board-types';
import { ParticipationPanel } from '@/features/participation/components/participation-panel';
import { participationForPage } from '@/features/participation/queries';
import { SubmitJumpLink } from '@/features/submissions/components/submit-jump-link';
import { UploadForm } from '@/features/submissions/components/upload-form';
import { TestInputsLinks } from '@/features/test-inputs/components/test-inputs-links';
import { taskTypeLabel, formatDateTime } from '@/lib/format';
import { db } from '@/server/db';
import { getUser } from '@/server/require-user';

export const dynamic = 'force-dynamic';

type Params = { slug: string };
// The metadata and the page both need the catalog record: one query per request.
const benchmarkRecord = cache(getBenchmark);
type TeamOption = { slug: string; name: string };
// The team filter's options over every entry, once per view object (the read model returns
// the same object for an unchanged board and query).
const teamOptionsByView = new WeakMap<BoardView, TeamOption[]>();
function teamOptionsOf(view: BoardView): TeamOption[] {
  let options = teamOptionsByView.get(view);
  if (!options) {
    options = [
      ...new Map(
        view.entries.flatMap((e) => (e.team ? [[e.team.slug, e.team] as const] : [])),
      ).values(),
    ].sort((a, b) => a.name.localeCompare(b.name));
    teamOptionsByView.set(view, options);
  }
  return options;
}
const PANELS = ['board', 'breakdowns', 'history'] as const;
/** The shape of entry ids (cuid-like): `highlight` and `pick` never carry other text. */
const ENTRY_ID = /^[a-z0-9_-]{1,64}$/i;
const entryIdParam = (value: string | string[] | undefined) =>
  typeof value === 'string' && ENTRY_ID.test(value) ? value : undefined;
type Panel = (typeof PANELS)[number];

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const benchmark = await benchmarkRecord((await params).slug);
  return { title: benchmark?.title ?? 'Benchmark', description: benchmark?.summary };
}

export default async function BenchmarkPage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<RawSearch>;
}) {
  const { slug } = await params;
  const raw = await searchParams;
  const { search } = parseBoardSearch(raw);
  const panel: Panel = PANELS.find((p) => p === raw.panel) ?? 'board';
  const viewer = await currentViewer();
  const view = await getBoardView(toBoardQuery(slug, search), viewer);
  if (!view) notFound();
  // The catalog record (description, citation, open phase) of a published benchmark; a draft
  // shown to its curators has none yet.
  const benchmark = await benchmarkRecord(slug);
  const user = viewer ? await getUser().catch(() => null) : null;
  const userTeams = user ? await teams.listForUser(db(), user.id) : [];
  // Phases that need a curator's approval: the viewer's request and its status.
  const participation = benchmark ? await participationForPage(user, slug) : null;
  const approvalPhase = participation?.phase ?? null;
  const mayUpload = !benchmark?.openPhase?.requiresApproval || participation?.isApproved === true;

  const base = `/benchmarks/${encodeURIComponent(slug)}`;
  // The tab and sort the board resolved to, so links keep them even when the URL left them out.
  const resolved: BoardSearch = {
    ...search,
    track: view.track.slug,
    testSet: view.testSet.slug,
  };
  const hrefWith = (next: Partial<BoardSearch>, nextPanel: Panel = panel) =>
    `${base}${boardSearchString({ ...resolved, ...next }, nextPanel === 'board' ? {} : { panel: nextPanel })}`;
  // A new sort starts again on page 1; ranks follow the sort.
  const sortHref = (metric: string, dir?: 'asc' | 'desc') =>
    hrefWith({ sort: metric, dir, page: undefined });
  const highlightId = entryIdParam(raw.highlight);
  const pickedId = entryIdParam(raw.pick);
  const picked = pickedId ? view.entries.find((e) => e.id === pickedId) : undefined;
  // Ranks are the board's; the page only slices the sorted rows. A highlighted entry (the
  // "see it on the board" link after a submission) opens the page that holds it.
  const boardPage = paginate(
    view.entries,
    search,
    highlightId ? view.entries.findIndex((e) => e.id === highlightId) : -1,
    { foldShortLastPage: true },
  );
  const pageHref = (page: number, keepPick = true) =>
    `${base}${boardSearchString(
      { ...resolved, page: page === 1 ? undefined : String(page) },
      picked && keepPick ? { pick: picked.id } : {},
    )}`;
  const pagerProps = {
    page: boardPage.page,
    pageCount: boardPage.pageCount,
    perPage: boardPage.perPage,
    first: boardPage.first,
    shown: boardPage.rows.length,
    total: boardPage.total,
    pageHref,
    perPageAction: base,
    perPageHidden: Object.fromEntries(
      Object.entries({ ...resolved, page: undefined, perPage: undefined }).filter(
        (pair): pair is [string, string] => typeof pair[1] === 'string',
      ),
    ),
  };
  const teamOptions = teamOptionsOf(view);
  // Primary metric first, columns empty on the whole board left out, the chooser's choice.
  const layout = boardColumnLayout(view, parseColumnChoice(search.cols, view.columns));
  const chooserHidden = Object.fromEntries(
    Object.entries({ ...resolved, page: undefined, cols: undefined }).filter(
      (pair): pair is [string, string] => typeof pair[1] === 'string',
    ),
  );
  // Exports carry every entry and metric of the view (the contract), whatever the table shows.
  const exportQuery = boardSearchString({
    ...resolved,
    page: undefined,
    perPage: undefined,
    cols: undefined,
  });
  const track = benchmark?.tracks.find((t) => t.slug === view.track.slug);
  const format = track ? submissionFormat(track) : null;
  const submissionsOpen = Boolean(benchmark?.openPhase) && format?.scored === true;
  // A hidden-until-close test set next to a public one of the same track is the private split.
  const isPrivateSplit =
    view.testSet.visibility === 'HIDDEN_UNTIL_CLOSE' &&
    (track?.testSets.some((t) => t.visibility === 'PUBLIC') ?? false);

  return (
    <div className="space-y-8">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/" className="hover:text-slate-800">
          Benchmarks
        </Link>{' '}
        <span aria-hidden>/</span> <span className="text-slate-800">{view.benchmark.title}</span>
      </nav>
      <header>
        <div className="flex flex-wrap gap-1.5">
          {view.benchmark.status === 'DRAFT' && <Chip>Draft</Chip>}
          {[...new Set(benchmark?.tracks.map((t) => t.taskType) ?? [view.benchmark.taskType])].map(
            (taskType) => (
              <Chip key={taskType}>{taskTypeLabel(taskType)}</Chip>
            ),
          )}
          {benchmark?.modality && <Chip>{benchmark.modality}</Chip>}
          {benchmark?.bodyRegion && <Chip>{benchmark.bodyRegion}</Chip>}
          {benchmark?.license && <Chip>{benchmark.license}</Chip>}
        </div>
        <div className="mt-3 flex flex-wrap items-start justify-between gap-3">
          <h1 className="text-3xl font-semibold tracking-tight">{view.benchmark.title}</h1>
          {/* Only where this board takes submissions: an open phase and a scored track. */}
          {submissionsOpen && <SubmitJumpLink targetId="submit" />}
        </div>
        <p className="mt-2 max-w-3xl text-slate-600">{view.benchmark.summary}</p>
      </header>

      <section aria-labelledby="board-heading" className="min-w-0 space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="board-heading" className="text-xl font-semibold tracking-tight">
            Leaderboard
          </h2>
          <nav aria-label="Board views" className="flex gap-1 rounded-lg bg-slate-100 p-1 text-sm">
            {PANELS.map((p) => (
              <Link
                key={p}
                href={hrefWith({}, p)}
                aria-current={p === panel ? 'page' : undefined}
                className={`rounded-md px-3 py-1 capitalize focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none ${p === panel ? 'bg-white font-medium text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900'}`}
              >
                {p}
              </Link>
            ))}
          </nav>
        </div>
        <BoardTabs
          tabs={view.tabs}
          current={{ trackSlug: view.track.slug, testSetSlug: view.testSet.slug }}
          hrefFor={(tab) =>
            `${base}${boardSearchString(
              {
                ...search,
                track: tab.trackSlug,
                testSet: tab.testSetSlug,
                sort: undefined,
                dir: undefined,
                page: undefined,
              },
              panel === 'board' ? {} : { panel },
            )}`
          }
        />
        {(view.track.description || view.testSet.description) && (
          <p className="max-w-3xl text-sm text-slate-600">
            {[view.track.description, view.testSet.description].filter(Boolean).join(' ')}
          </p>
        )}
        <BoardStatus testSet={view.testSet} />
        {view.testSet.scoresHidden && (
          <p
            role="status"
            data-testid="scores-hidden-banner"
            className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
          >
            {isPrivateSplit
              ? 'This is the private split: the final ranking is made on these cases, which nobody could probe while submitting. '
              : ''}
            Scores on this test set stay hidden from everyone, the submitting teams included, until
            every submission phase has closed
            {view.testSet.releaseAt ? ` (${formatDateTime(view.testSet.releaseAt)})` : ''}. Entries
            are listed without scores.
          </p>
        )}

        {panel === 'board' && (
          <>
            <BoardFilters
              action={base}
              search={resolved}
              teams={teamOptions}
              resetHref={`${base}${boardSearchString({ track: view.track.slug, testSet: view.testSet.slug })}`}
            />
            <form
              id="compare-form"
              method="get"
              action={`${base}/compare`}
              className="flex flex-wrap items-center justify-between gap-3 text-sm"
            >
              {/* The whole board state, so ticking one entry returns to this very page. */}
              {Object.entries(pagerProps.perPageHidden).map(([name, value]) => (
                <input key={name} type="hidden" name={name} value={value} />
              ))}
              {boardPage.page > 1 && <input type="hidden" name="page" value={boardPage.page} />}
              {search.perPage && <input type="hidden" name="perPage" value={search.perPage} />}
              {picked && <input type="hidden" name="e" value={picked.id} />}
              <p className="text-slate-600" aria-live="polite" data-testid="compare-hint">
                {view.entries.length.toLocaleString('en-GB')}{' '}
                {view.entries.length === 1 ? 'entry' : 'entries'}
                {search.view === 'best' ? ' (best per team)' : ''}.{' '}
                {picked ? (
                  <>
                    Comparing with <strong className="font-medium">{picked.methodName}</strong>
                    {picked.rank !== null ? ` (rank ${picked.rank})` : ''}: tick one more entry on
                    any page, then “Compare selected”.{' '}
                    <Link
                      href={pageHref(boardPage.page, false)}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      Clear the pick
                    </Link>
                  </>
                ) : (
                  'Tick “compare” on two rows (one here, one on another page works too) to compare them.'
                )}
              </p>
              <div className="flex flex-wrap items-center gap-2">
                <button
                  type="submit"
                  className="rounded-md bg-white px-3 py-1.5 font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
                >
                  Compare selected
                </button>
                <a
                  href={`/api/v1/benchmarks/${encodeURIComponent(slug)}/board${exportQuery}${exportQuery ? '&' : '?'}format=csv`}
                  className="rounded-md bg-white px-3 py-1.5 font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50"
                  data-testid="download-csv"
                >
                  Download CSV
                </a>
                <a
                  href={`/api/v1/benchmarks/${encodeURIComponent(slug)}/board${exportQuery}${exportQuery ? '&' : '?'}format=json`}
                  className="rounded-md bg-white px-3 py-1.5 font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50"
                  data-testid="download-json"
                >
                  JSON
                </a>
              </div>
            </form>
            {view.entries.length === 0 ? (
              <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
                {hasRowFilters(search)
                  ? 'No entry matches these filters.'
                  : 'No entries yet. Be the first: upload your predictions below.'}
              </p>
            ) : (
              <>
                <div className="flex flex-wrap items-center justify-between gap-3">
                  <p className="text-xs text-slate-500">
                    {layout.choosable.length > 1
                      ? 'Swipe or scroll the table sideways for more metrics, or choose them with “Columns”; rank and method stay in view.'
                      : 'Rank and method stay in view when the table scrolls sideways.'}
                  </p>
                  <ColumnChooser
                    action={base}
                    hidden={chooserHidden}
                    columns={layout.choosable}
                    shown={layout.columns}
                    sortMetric={view.sort.metric}
                  />
                </div>
                <BoardPager label="Board pages" showPerPage {...pagerProps} />
                <BoardTable
                  view={view}
                  layout={layout}
                  rows={boardPage.rows}
                  first={boardPage.first}
                  sortHref={sortHref}
                  highlightId={highlightId}
                  compareFormId="compare-form"
                  pickedId={picked?.id}
                />
                {boardPage.pageCount > 1 && (
                  <BoardPager label="Board pages, bottom" {...pagerProps} />
                )}
                {layout.showInference && <EfficiencyFigure view={view} />}
              </>
            )}
            <BoardLegend
              caseCount={view.testSet.caseCount}
              reportedOnly={layout.listPosition}
              showRankStatistics={layout.showRankInterval || layout.showTier}
              showInference={layout.showInference}
            />
          </>
        )}
        {panel === 'breakdowns' && (
          <BreakdownPanel
            view={view}
            raw={raw}
            hrefBase={hrefWith({}, 'breakdowns')}
            viewer={viewer}
          />
        )}
        {panel === 'history' && <HistoryPanel view={view} />}
      </section>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <section
          id="submit"
          tabIndex={-1}
          aria-labelledby="submit-heading"
          className="scroll-mt-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id="submit-heading" className="font-semibold">
            {submitHeading(format?.takes)}
          </h2>
          {user && approvalPhase && participation && (
            <div className="mt-3">
              <ParticipationPanel slug={slug} state={{ ...participation, phase: approvalPhase }} />
            </div>
          )}
          {!user && approvalPhase && (
            <p className="mt-2 text-sm text-slate-600" data-testid="participation-sign-in">
              Phase “{approvalPhase.name}” needs a curator&apos;s approval to take part: sign in to
              ask.
            </p>
          )}
          {!benchmark?.openPhase ? (
            <p className="mt-2 text-sm text-slate-600">Submissions are closed: no phase is open.</p>
          ) : format && !format.scored ? (
            <p className="mt-2 text-sm text-slate-600">{format.noTemplateReason}</p>
          ) : user && track ? (
            mayUpload && (
              <>
                <p className={`${approvalPhase ? 'mt-3' : 'mt-1'} text-xs text-slate-500`}>
                  Phase “{benchmark.openPhase.name}” · {benchmark.openPhase.dailyQuota} per team and
                  per person per day; failed runs do not count. Scores are stated to{' '}
                  {benchmark.openPhase.scoreDecimals} decimals.
                  {benchmark.openPhase.ladderMargin !== null &&
                    ` Ladder: a new score on a public test set is shown only when it beats your team’s best shown score by ${benchmark.openPhase.ladderMargin}.`}
                </p>
                <div className="mt-3">
                  <UploadForm
                    benchmarkSlug={benchmark.slug}
                    trackSlug={track.slug}
                    accept={format?.accept ?? ''}
                    takes={format?.takes ?? { predictions: true, model: false, endpoint: false }}
                    teams={userTeams.map((t) => ({ slug: t.slug, name: t.name }))}
                  />
                </div>
              </>
            )
          ) : (
            <p className="mt-2 text-sm text-slate-600">
              <Link
                href={`/sign-in?next=${base}`}
                className="font-medium text-brand-700 hover:underline"
              >
                Sign in
              </Link>{' '}
              or{' '}
              <Link
                href={`/sign-up?next=${base}`}
                className="font-medium text-brand-700 hover:underline"
              >
                create an account
              </Link>{' '}
              to submit.
            </p>
          )}
        </section>
        {track && format && (
          <section
            aria-labelledby="format-heading"
            className="rounded-xl border border-slate-200 bg-white p-5"
            data-testid="submission-format"
          >
            <h2 id="format-heading" className="font-semibold">
              Submission format
            </h2>
            <p className="mt-2 text-sm text-slate-700">{format.description}</p>
            <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700 [overflow-wrap:anywhere]">
              {format.rules.map((rule) => (
                <li key={rule}>{rule}</li>
              ))}
            </ul>
            {format.example && (
              <>
                <div className="mt-3 flex items-center justify-between">
                  <p className="text-xs font-medium text-slate-500">Example</p>
                  <CopyButton value={format.example} label="example file" />
                </div>
                <pre
                  // Scrollable when a line is long: focusable so keyboard users can scroll it.
                  tabIndex={0}
                  aria-label="Example file"
                  className="mt-1 overflow-x-auto rounded-md bg-slate-50 p-2 text-xs text-slate-800 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
                >
                  {format.example}
                </pre>
              </>
            )}
            {format.templateLabel ? (
              <a
                href={`/api/v1/benchmarks/${encodeURIComponent(slug)}/template?track=${encodeURIComponent(track.slug)}`}
                className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline"
                download
              >
                {format.templateLabel}
              </a>
            ) : (
              format.noTemplateReason && (
                <p className="mt-3 text-sm text-slate-600">{format.noTemplateReason}</p>
              )
            )}
            {benchmark && (
              <TestInputsLinks benchmarkId={benchmark.id} slug={slug} trackSlug={track.slug} />
            )}
          </section>
        )}
        {benchmark?.citation && (
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
      </div>
      {benchmark?.description && (
        <section
          aria-labelledby="about-heading"
          className="rounded-xl border border-slate-200 bg-white p-6"
        >
          <h2 id="about-heading" className="text-lg font-semibold">
            About this benchmark
          </h2>
          <div className="mt-3">
            <MarkdownText source={benchmark.description} />
          </div>
        </section>
      )}
    </div>
  );
}
