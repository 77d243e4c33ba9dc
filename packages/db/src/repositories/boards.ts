import { describeMetric } from '@medrank/metrics/catalog';
import {
  DEFAULT_SCORE_DECIMALS,
  NOT_SPECIFIED_CATEGORY,
  canSeeScores,
  evaluationRestriction,
  isDisclosedGroup,
  partitionLookup,
  testSetRelease,
  type PhaseWindow,
  type TestSetRelease,
} from '@medrank/core';
import type { Database } from '../client.js';
import type {
  BoardColumn,
  BoardHistory,
  BoardQuery,
  BoardRescore,
  BoardRow,
  BoardScore,
  BoardSortDirection,
  BoardTab,
  BoardView,
  BoardViewer,
  BreakdownCell,
  BreakdownTable,
  CategoryTree,
  EntryView,
  ModelView,
  RankStatDto,
} from '../dto.js';
import { countBoardEntries } from './board-entry-counts.js';
import { partitionForTestSet } from './disclosure.js';
import { isBenchmarkCurator } from './curators.js';
import { rankEntries } from './leaderboard.js';

// The board read model (CONTRACTS.md). Pages only read: rank statistics are precomputed by the
// rank-stats job, and per-case results never leave the `hidden` schema (the web role cannot read
// it). A board is assembled once per benchmark and change stamp and kept in memory: the stamp is
// one primary-key lookup (at most every STAMP_REUSE_MS per benchmark), so a board of 1,000 entries
// is served from memory until a write to that benchmark's boards bumps its stamp (readStamp).

/** A stamp checked this recently is trusted without asking Postgres again. */
const STAMP_REUSE_MS = 250;
/** Safety net for a change outside the tables whose triggers bump the stamp. */
const BASE_MAX_AGE_MS = 30_000;
const VIEW_CACHE_SIZE = 256;

// ───────────────────────── ranked version ─────────────────────────

/**
 * The evaluator version a test set's board ranks on: the highest version with a finished rescore
 * run, or else the first version anything was scored at; with no evaluation at all, the current
 * version (nothing to rescore). Evaluations of other versions are kept but not ranked.
 */
export async function rankedEvaluatorVersion(db: Database, testSetId: string): Promise<number> {
  const rows = await db.$queryRaw<{ version: number | null; current: number }[]>`
    SELECT GREATEST(
             (SELECT max(r."evaluatorVersion") FROM public.rescore_runs r
               WHERE r."testSetId" = ts.id AND r.status = 'DONE'),
             (SELECT min(e."evaluatorVersion") FROM public.evaluations e WHERE e."testSetId" = ts.id)
           ) AS version,
           ts."evaluatorVersion" AS current
      FROM public.test_sets ts WHERE ts.id = ${testSetId}`;
  const row = rows[0];
  if (!row) throw new Error(`test set ${testSetId} not found`);
  return row.version ?? row.current;
}

// ───────────────────────── visibility ─────────────────────────

/** Drafts, like restricted numbers, are for the benchmark's curators and site admins only. */
const canSeeDraft = isBenchmarkCurator;

// ───────────────────────── cached base ─────────────────────────

interface TestSetBase {
  id: string;
  slug: string;
  name: string;
  description: string;
  caseCount: number;
  currentVersion: number;
  rankedVersion: number;
  visibility: 'PUBLIC' | 'HIDDEN_UNTIL_CLOSE';
  /** The release rule's answer when the base was built (the stamp changes when a phase closes). */
  release: TestSetRelease;
  rankedAt: string | null;
  categoryDimensions: string[];
  rescore: BoardRescore | null;
  entryCount: number;
}

interface TrackBase {
  id: string;
  slug: string;
  name: string;
  description: string;
  taskType: string;
  taskConfig: Record<string, unknown>;
  metrics: string[];
  primaryMetric: string;
  reportedMetrics: ReportedMetricConfig[];
  testSets: TestSetBase[];
}

interface ReportedMetricConfig {
  key: string;
  label?: string;
  higherIsBetter?: boolean;
  decimals?: number;
  description?: string;
}

interface BenchmarkBase {
  id: string;
  slug: string;
  title: string;
  summary: string;
  taskType: string;
  status: 'DRAFT' | 'PUBLISHED';
  minCategorySize: number;
  tracks: TrackBase[];
  stamp: string;
  builtAt: number;
  /** Entries per test set, loaded when a tab is first asked for. */
  rows: Map<string, Promise<TestSetRows>>;
}

/** One board row before filtering and sorting; `sortDate` orders ties and date filters. */
interface BaseRow extends Omit<BoardRow, 'rank' | 'rankInterval' | 'tier' | 'pBest'> {
  sortDate: string;
  /** Stated precision of a verified entry's phase (null for reported rows). */
  scoreDecimals: number | null;
  isRankable: boolean;
  rankStats: Record<string, { rankLow: number; rankHigh: number; tier: number; pBest: number }>;
  haystack: string;
}

interface TestSetRows {
  verified: BaseRow[];
  reported: BaseRow[];
}

const stamps = new Map<
  string,
  { stamp: string | null; checkedAt: number; benchmarkId: string | null }
>();
const stampQueries = new Map<
  string,
  Promise<{ stamp: string | null; benchmarkId: string | null }>
>();
const bases = new Map<string, BenchmarkBase>();
const baseBuilds = new Map<string, Promise<BenchmarkBase | null>>();
const views = new Map<string, { base: BenchmarkBase; view: BoardView }>();

/** Forgets every cached board (tests that change rows behind the stamp's back use it). */
export function clearBoardCache(): void {
  stamps.clear();
  stampQueries.clear();
  bases.clear();
  baseBuilds.clear();
  views.clear();
}

/**
 * What a board depends on, in one primary-key lookup: the benchmark's own `boardStamp`, which
 * database triggers bump in the same transaction as any write to what its boards show
 * (evaluations, scores, rank statistics, rescore runs, submissions, reported entries, tracks,
 * test sets, phases, the benchmark row, a team's name; migration `board_stamp`), and how many
 * phases have closed, the one change nobody writes (the release rule of hidden-until-close test
 * sets). Writes elsewhere (a token, another benchmark) leave it alone.
 */
async function readStamp(
  db: Database,
  slug: string,
): Promise<{ stamp: string | null; benchmarkId: string | null }> {
  const rows = await db.$queryRaw<{ id: string; stamp: string }[]>`
    SELECT b.id,
           concat_ws('|', b.id, b."boardStamp"::text,
             (SELECT count(*) FILTER (WHERE p."closesAt" <= now())
                FROM public.phases p WHERE p."benchmarkId" = b.id)) AS stamp
      FROM public.benchmarks b WHERE b.slug = ${slug}`;
  const row = rows[0];
  return row ? { stamp: row.stamp, benchmarkId: row.id } : { stamp: null, benchmarkId: null };
}

async function currentStamp(db: Database, slug: string) {
  const known = stamps.get(slug);
  if (known && Date.now() - known.checkedAt < STAMP_REUSE_MS) return known;
  let pending = stampQueries.get(slug);
  if (!pending) {
    pending = readStamp(db, slug).finally(() => stampQueries.delete(slug));
    stampQueries.set(slug, pending);
  }
  const fresh = await pending;
  const entry = { ...fresh, checkedAt: Date.now() };
  stamps.set(slug, entry);
  return entry;
}

async function getBase(db: Database, slug: string): Promise<BenchmarkBase | null> {
  const { stamp } = await currentStamp(db, slug);
  if (stamp === null) return null;
  const cached = bases.get(slug);
  if (cached && cached.stamp === stamp && Date.now() - cached.builtAt < BASE_MAX_AGE_MS)
    return cached;
  const buildKey = `${slug}\u0000${stamp}`;
  let build = baseBuilds.get(buildKey);
  if (!build) {
    build = buildBase(db, slug, stamp).finally(() => baseBuilds.delete(buildKey));
    baseBuilds.set(buildKey, build);
  }
  const base = await build;
  if (base) bases.set(slug, base);
  return base;
}

async function buildBase(db: Database, slug: string, stamp: string): Promise<BenchmarkBase | null> {
  const benchmark = await db.benchmark.findUnique({
    where: { slug },
    include: {
      phases: { select: { opensAt: true, closesAt: true } },
      tracks: {
        orderBy: [{ position: 'asc' }, { slug: 'asc' }],
        include: {
          testSets: {
            orderBy: [{ position: 'asc' }, { slug: 'asc' }],
            include: {
              rescoreRuns: {
                orderBy: { evaluatorVersion: 'desc' },
                take: 1,
              },
            },
          },
        },
      },
    },
  });
  if (!benchmark) return null;
  const phases: PhaseWindow[] = benchmark.phases;
  const testSetIds = benchmark.tracks.flatMap((t) => t.testSets.map((s) => s.id));
  const versions = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const [id, count] of await countBoardEntries(db, testSetIds)) {
    versions.set(id, count.rankedVersion ?? 1);
    counts.set(id, count.verified + count.reported);
  }
  return {
    id: benchmark.id,
    slug: benchmark.slug,
    title: benchmark.title,
    summary: benchmark.summary,
    taskType: benchmark.taskType,
    status: benchmark.status,
    minCategorySize: benchmark.minCategorySize,
    stamp,
    builtAt: Date.now(),
    rows: new Map(),
    tracks: benchmark.tracks.map((t) => ({
      id: t.id,
      slug: t.slug,
      name: t.name,
      description: t.description,
      taskType: t.taskType,
      taskConfig: (t.taskConfig ?? {}) as Record<string, unknown>,
      metrics: t.metrics,
      primaryMetric: t.primaryMetric,
      reportedMetrics: parseReportedMetrics(t.reportedMetrics),
      testSets: t.testSets.map((s) => {
        const rankedVersion = versions.get(s.id) ?? s.evaluatorVersion;
        // The latest run: in progress towards a newer version, or the one the board ranks on.
        const run = s.rescoreRuns[0];
        return {
          id: s.id,
          slug: s.slug,
          name: s.name,
          description: s.description,
          caseCount: s.caseCount,
          currentVersion: s.evaluatorVersion,
          rankedVersion,
          visibility: s.visibility,
          release: testSetRelease(s.visibility, phases),
          rankedAt: s.rankedAt?.toISOString() ?? null,
          categoryDimensions: s.categoryDimensions,
          rescore:
            run && run.evaluatorVersion >= rankedVersion
              ? {
                  version: run.evaluatorVersion,
                  done: run.done,
                  total: run.total,
                  failed: run.failed,
                  status: run.status,
                }
              : null,
          entryCount: counts.get(s.id) ?? 0,
        };
      }),
    })),
  };
}

function parseReportedMetrics(raw: unknown): ReportedMetricConfig[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((m): ReportedMetricConfig[] => {
    if (!m || typeof m !== 'object' || typeof (m as { key?: unknown }).key !== 'string') return [];
    const r = m as Record<string, unknown>;
    return [
      {
        key: r.key as string,
        ...(typeof r.label === 'string' ? { label: r.label } : {}),
        ...(typeof r.higherIsBetter === 'boolean' ? { higherIsBetter: r.higherIsBetter } : {}),
        ...(typeof r.decimals === 'number' ? { decimals: r.decimals } : {}),
        ...(typeof r.description === 'string' ? { description: r.description } : {}),
      },
    ];
  });
}

function getRows(db: Database, base: BenchmarkBase, testSet: TestSetBase) {
  let rows = base.rows.get(testSet.id);
  if (!rows) {
    rows = loadRows(db, testSet);
    // A failed load must not stick in the cache.
    rows.catch(() => base.rows.delete(testSet.id));
    base.rows.set(testSet.id, rows);
  }
  return rows;
}

interface VerifiedSqlRow {
  evaluationId: string;
  scoreDecimals: number;
  submissionId: string;
  methodName: string;
  modelSlug: string | null;
  teamSlug: string;
  teamName: string;
  createdAt: Date;
  openWeights: boolean;
  baselineKind: string | null;
  moderation: 'VISIBLE' | 'DISQUALIFIED';
  moderationReason: string | null;
  modelUrl: string | null;
  codeUrl: string | null;
  paperUrl: string | null;
}

async function loadRows(db: Database, testSet: TestSetBase): Promise<TestSetRows> {
  const version = testSet.rankedVersion;
  const [verified, scores, rankStats, reported, reportedScores] = await Promise.all([
    db.$queryRaw<VerifiedSqlRow[]>`
      SELECT e.id AS "evaluationId", s.id AS "submissionId", s."methodName", s."modelSlug",
             t.slug AS "teamSlug", t.name AS "teamName", s."createdAt", s."openWeights",
             s."baselineKind", s.moderation::text AS moderation, s."moderationReason",
             s."modelUrl", s."codeUrl", s."paperUrl",
             COALESCE(p."scoreDecimals", ${DEFAULT_SCORE_DECIMALS}) AS "scoreDecimals"
        FROM public.evaluations e
        JOIN public.submissions s ON s.id = e."submissionId"
        JOIN public.teams t ON t.id = s."teamId"
        LEFT JOIN public.phases p ON p.id = s."phaseId"
       WHERE e."testSetId" = ${testSet.id} AND e."evaluatorVersion" = ${version}
         AND e."isReleased"
         AND s.status = 'SCORED' AND s."isPublished" AND s.moderation <> 'HIDDEN'`,
    db.$queryRaw<
      {
        evaluationId: string;
        metric: string;
        value: number | null;
        ciLow: number | null;
        ciHigh: number | null;
      }[]
    >`
      SELECT sc."evaluationId", sc.metric, sc.value, sc."ciLow", sc."ciHigh"
        FROM public.scores sc JOIN public.evaluations e ON e.id = sc."evaluationId"
       WHERE e."testSetId" = ${testSet.id} AND e."evaluatorVersion" = ${version}`,
    db.$queryRaw<
      {
        evaluationId: string;
        metric: string;
        rankLow: number;
        rankHigh: number;
        tier: number;
        pBest: number;
      }[]
    >`
      SELECT "evaluationId", metric, "rankLow", "rankHigh", tier, "pBest"
        FROM public.rank_stats
       WHERE "testSetId" = ${testSet.id} AND "evaluatorVersion" = ${version}`,
    db.reportedEntry.findMany({
      where: { testSetId: testSet.id, moderation: { not: 'HIDDEN' } },
      select: {
        id: true,
        modelName: true,
        modelSlug: true,
        institution: true,
        reportedDate: true,
        sourceUrl: true,
        modelUrl: true,
        openWeights: true,
        baselineKind: true,
        moderation: true,
        moderationReason: true,
      },
    }),
    db.$queryRaw<{ entryId: string; metric: string; value: number }[]>`
      SELECT rs."entryId", rs.metric, rs.value
        FROM public.reported_scores rs JOIN public.reported_entries re ON re.id = rs."entryId"
       WHERE re."testSetId" = ${testSet.id} AND rs.dimension = '' AND rs.category = ''`,
  ]);
  const scoresByEvaluation = new Map<string, Record<string, BoardScore>>();
  for (const s of scores) {
    let record = scoresByEvaluation.get(s.evaluationId);
    if (!record) scoresByEvaluation.set(s.evaluationId, (record = {}));
    record[s.metric] = { value: finite(s.value), ciLow: finite(s.ciLow), ciHigh: finite(s.ciHigh) };
  }
  const statsByEvaluation = new Map<string, BaseRow['rankStats']>();
  for (const r of rankStats) {
    let record = statsByEvaluation.get(r.evaluationId);
    if (!record) statsByEvaluation.set(r.evaluationId, (record = {}));
    record[r.metric] = { rankLow: r.rankLow, rankHigh: r.rankHigh, tier: r.tier, pBest: r.pBest };
  }
  const reportedByEntry = new Map<string, Record<string, BoardScore>>();
  for (const s of reportedScores) {
    let record = reportedByEntry.get(s.entryId);
    if (!record) reportedByEntry.set(s.entryId, (record = {}));
    record[s.metric] = { value: finite(s.value), ciLow: null, ciHigh: null };
  }
  return {
    verified: verified.map((v) => ({
      kind: 'verified',
      id: v.submissionId,
      methodName: v.methodName,
      modelSlug: v.modelSlug,
      team: { slug: v.teamSlug, name: v.teamName },
      institution: null,
      date: v.createdAt.toISOString(),
      sortDate: v.createdAt.toISOString(),
      scoreDecimals: v.scoreDecimals,
      openWeights: v.openWeights,
      baselineKind: v.baselineKind,
      moderation: v.moderation,
      moderationReason: v.moderationReason,
      sourceUrl: v.modelUrl,
      codeUrl: v.codeUrl,
      paperUrl: v.paperUrl,
      scores: scoresByEvaluation.get(v.evaluationId) ?? {},
      rankStats: statsByEvaluation.get(v.evaluationId) ?? {},
      isRankable: v.moderation === 'VISIBLE' && v.baselineKind === null,
      haystack: `${v.methodName}\u0000${v.teamName}`.toLowerCase(),
    })),
    reported: reported.map((r) => ({
      kind: 'reported',
      id: r.id,
      methodName: r.modelName,
      modelSlug: r.modelSlug,
      team: null,
      institution: r.institution,
      date: r.reportedDate,
      sortDate: normaliseReportedDate(r.reportedDate),
      scoreDecimals: null,
      openWeights: r.openWeights,
      baselineKind: r.baselineKind,
      moderation: r.moderation === 'DISQUALIFIED' ? 'DISQUALIFIED' : 'VISIBLE',
      moderationReason: r.moderationReason,
      sourceUrl: r.sourceUrl ?? r.modelUrl,
      codeUrl: null,
      paperUrl: null,
      scores: reportedByEntry.get(r.id) ?? {},
      rankStats: {},
      isRankable: false,
      haystack: `${r.modelName}\u0000${r.institution ?? ''}`.toLowerCase(),
    })),
  };
}

const finite = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);

/** "2024" → "2024-01-01", "2024-05" → "2024-05-01"; "" when absent (sorts first among dates). */
function normaliseReportedDate(date: string | null): string {
  if (!date) return '';
  if (/^\d{4}$/.test(date)) return `${date}-01-01`;
  if (/^\d{4}-\d{2}$/.test(date)) return `${date}-01`;
  return date;
}

// ───────────────────────── columns ─────────────────────────

/**
 * The board's columns. A computed metric is shown with its display decimals, or fewer when the
 * entries were stored at a coarser stated precision (`storedDecimals`, the most precise phase on
 * the board): printing 0.870 for a value stored as 0.87 would claim a digit nobody measured.
 */
function columnsOf(track: TrackBase, storedDecimals: number | null = null): BoardColumn[] {
  const computed = track.metrics.map((key): BoardColumn => {
    const info = describeMetric(key, track.taskConfig);
    // Stored decimals count digits of the fraction; a percentage shows two of them before the point.
    const storedShown =
      storedDecimals === null ? null : Math.max(0, storedDecimals - (info.percent ? 2 : 0));
    return {
      key,
      label: info.label,
      higherIsBetter: info.higherIsBetter,
      decimals: storedShown === null ? info.decimals : Math.min(info.decimals, storedShown),
      percent: info.percent === true,
      definition: info.definition,
      qualifier: info.qualifier ?? null,
      computed: true,
    };
  });
  const reportedOnly = track.reportedMetrics
    .filter((m) => !track.metrics.includes(m.key))
    .map((m): BoardColumn => ({
      key: m.key,
      label: m.label ?? m.key,
      higherIsBetter: m.higherIsBetter ?? true,
      decimals: m.decimals ?? 3,
      percent: false,
      definition: m.description ?? '',
      qualifier: null,
      computed: false,
    }));
  return [...computed, ...reportedOnly];
}

// ───────────────────────── board view ─────────────────────────

function resolveTab(base: BenchmarkBase, trackSlug?: string, testSetSlug?: string) {
  const track = trackSlug ? base.tracks.find((t) => t.slug === trackSlug) : base.tracks[0];
  if (!track) return null;
  const testSet = testSetSlug
    ? track.testSets.find((s) => s.slug === testSetSlug)
    : track.testSets[0];
  if (!testSet) return null;
  return { track, testSet };
}

function viewCacheKey(query: BoardQuery): string {
  return JSON.stringify([
    query.slug,
    query.track ?? '',
    query.testSet ?? '',
    query.sort ?? '',
    query.dir ?? '',
    query.view ?? 'all',
    query.q ?? '',
    query.team ?? '',
    query.openWeights ?? '',
    query.from ?? '',
    query.to ?? '',
    query.kind ?? 'all',
  ]);
}

/**
 * One board (CONTRACTS.md): every track × test set as tabs, the chosen tab's entries filtered and
 * sorted server-side. Returns null for an unknown benchmark, track or test set, and for a draft
 * the viewer may not see (admins and the benchmark's curators may). The same query on an
 * unchanged board returns the same object, so callers may memoise its serialisation.
 */
export async function getBoardView(
  db: Database,
  query: BoardQuery,
  viewer?: BoardViewer | null,
): Promise<BoardView | null> {
  const base = await getBase(db, query.slug);
  if (!base) return null;
  if (base.status === 'DRAFT' && !(await canSeeDraft(db, base.id, viewer))) return null;
  const key = viewCacheKey(query);
  const cached = views.get(key);
  if (cached && cached.base === base) return cached.view;

  const tab = resolveTab(base, query.track, query.testSet);
  if (!tab) return null;
  const { track, testSet } = tab;
  const rows = await getRows(db, base, testSet);
  const scoreDecimals = [
    ...new Set(rows.verified.flatMap((r) => (r.scoreDecimals === null ? [] : [r.scoreDecimals]))),
  ].sort((a, b) => a - b);
  const columns = columnsOf(track, scoreDecimals.at(-1) ?? null);
  const sortColumn =
    columns.find((c) => c.key === query.sort) ??
    columns.find((c) => c.key === track.primaryMetric) ??
    columns[0];
  const sortMetric = sortColumn?.key ?? track.primaryMetric;
  const higherIsBetter = sortColumn?.higherIsBetter ?? true;
  const dir: BoardSortDirection = query.dir ?? (higherIsBetter ? 'desc' : 'asc');
  // Number-free for everyone while the test set is hidden, curators included: the cached view is
  // the same for every viewer, and curators see the numbers on entry pages.
  const scoresHidden = testSet.release.isHidden;

  // Ranks are properties of the board, not of the current filter: computed over every rankable
  // entry (visible, non-baseline, verified), the same set the rank statistics use.
  const ranks = new Map<string, number>();
  if (!scoresHidden && sortColumn?.computed) {
    const rankable = rows.verified
      .filter((r) => r.isRankable)
      .map((r) => ({ id: r.id, sortDate: r.sortDate, value: r.scores[sortMetric]?.value ?? null }));
    for (const r of rankEntries(rankable, higherIsBetter, (a, b) =>
      a.sortDate.localeCompare(b.sortDate),
    ))
      ranks.set(r.id, r.rank);
  }

  const kind = query.kind ?? 'all';
  let candidates: BaseRow[] = [
    ...(kind === 'reported' ? [] : rows.verified),
    ...(kind === 'verified' ? [] : rows.reported),
  ];
  if (query.view === 'best') candidates = bestPerTeam(candidates, sortMetric, higherIsBetter);
  const text = query.q?.trim().toLowerCase();
  const from = query.from ? query.from.slice(0, 10) : null;
  const to = query.to ? query.to.slice(0, 10) : null;
  candidates = candidates.filter((r) => {
    if (text && !r.haystack.includes(text)) return false;
    if (query.team && r.team?.slug !== query.team) return false;
    if (query.openWeights !== undefined && r.openWeights !== query.openWeights) return false;
    if (from || to) {
      const day = r.sortDate.slice(0, 10);
      if (!day) return false;
      if (from && day < from) return false;
      if (to && day > to) return false;
    }
    return true;
  });

  const valueOf = (r: BaseRow) => {
    if (scoresHidden && r.kind === 'verified') return null;
    return r.scores[sortMetric]?.value ?? null;
  };
  const sign = dir === 'desc' ? -1 : 1;
  const sorted = [...candidates].sort((a, b) => {
    const aDisqualified = a.moderation === 'DISQUALIFIED';
    if (aDisqualified !== (b.moderation === 'DISQUALIFIED')) return aDisqualified ? 1 : -1;
    const av = valueOf(a);
    const bv = valueOf(b);
    if (av === null || bv === null) {
      if (av !== bv) return av === null ? 1 : -1;
    } else if (av !== bv) return sign * (av - bv);
    if (a.kind !== b.kind) return a.kind === 'verified' ? -1 : 1;
    return a.sortDate.localeCompare(b.sortDate) || a.id.localeCompare(b.id);
  });

  const entries = sorted.map((r): BoardRow => {
    const stat =
      !scoresHidden && r.kind === 'verified' && r.isRankable ? r.rankStats[sortMetric] : undefined;
    return {
      kind: r.kind,
      id: r.id,
      rank: ranks.get(r.id) ?? null,
      rankInterval: stat ? [stat.rankLow, stat.rankHigh] : null,
      tier: stat?.tier ?? null,
      pBest: stat?.pBest ?? null,
      methodName: r.methodName,
      modelSlug: r.modelSlug,
      team: r.team,
      institution: r.institution,
      date: r.date,
      openWeights: r.openWeights,
      baselineKind: r.baselineKind,
      moderation: r.moderation,
      moderationReason: r.moderationReason,
      sourceUrl: r.sourceUrl,
      codeUrl: r.codeUrl,
      paperUrl: r.paperUrl,
      scores: scoresHidden && r.kind === 'verified' ? {} : r.scores,
    };
  });

  const tabs: BoardTab[] = base.tracks.flatMap((t) =>
    t.testSets.map((s) => ({
      trackSlug: t.slug,
      trackName: t.name,
      testSetSlug: s.slug,
      testSetName: s.name,
      entryCount: s.entryCount,
    })),
  );
  const view: BoardView = {
    benchmark: {
      slug: base.slug,
      title: base.title,
      summary: base.summary,
      taskType: base.taskType,
      status: base.status,
      minCategorySize: base.minCategorySize,
    },
    tabs,
    track: {
      slug: track.slug,
      name: track.name,
      description: track.description,
      primaryMetric: track.primaryMetric,
      taskType: track.taskType,
    },
    testSet: {
      slug: testSet.slug,
      name: testSet.name,
      description: testSet.description,
      caseCount: testSet.caseCount,
      currentVersion: testSet.currentVersion,
      rankedVersion: testSet.rankedVersion,
      visibility: testSet.visibility,
      scoresHidden,
      releaseAt: testSet.release.releaseAt?.toISOString() ?? null,
      scoreDecimals,
      rankedAt: testSet.rankedAt,
      categoryDimensions: testSet.categoryDimensions,
      rescore: testSet.rescore,
    },
    columns,
    sort: { metric: sortMetric, dir },
    entries,
  };
  if (views.size >= VIEW_CACHE_SIZE) views.delete(views.keys().next().value!);
  views.set(key, { base, view });
  return view;
}

/**
 * Each team's best verified entry on the sort metric (earliest among equals); a team's
 * disqualified entries only when it has nothing else. Reported and baseline rows stay.
 */
function bestPerTeam(rows: BaseRow[], metric: string, higherIsBetter: boolean): BaseRow[] {
  const best = new Map<string, BaseRow>();
  const better = (a: BaseRow, b: BaseRow) => {
    const aDq = a.moderation === 'DISQUALIFIED';
    if (aDq !== (b.moderation === 'DISQUALIFIED')) return !aDq;
    const av = a.scores[metric]?.value ?? null;
    const bv = b.scores[metric]?.value ?? null;
    if (av !== bv) {
      if (bv === null) return true;
      if (av === null) return false;
      return higherIsBetter ? av > bv : av < bv;
    }
    return a.sortDate < b.sortDate;
  };
  const kept: BaseRow[] = [];
  for (const r of rows) {
    if (r.kind !== 'verified' || r.baselineKind !== null || !r.team) {
      kept.push(r);
      continue;
    }
    const current = best.get(r.team.slug);
    if (!current || better(r, current)) best.set(r.team.slug, r);
  }
  return [...kept, ...best.values()];
}

// ───────────────────────── history ─────────────────────────

/**
 * The state-of-the-art timeline of one board: every visible, non-baseline, non-disqualified entry
 * with a value on `metric` (default the primary metric), oldest first, `isRecord` where it beat
 * every earlier point. Verified values are withheld while the test set's scores are hidden.
 */
export async function getBoardHistory(
  db: Database,
  query: { slug: string; track?: string; testSet?: string; metric?: string },
  viewer?: BoardViewer | null,
): Promise<BoardHistory | null> {
  const base = await getBase(db, query.slug);
  if (!base) return null;
  if (base.status === 'DRAFT' && !(await canSeeDraft(db, base.id, viewer))) return null;
  const tab = resolveTab(base, query.track, query.testSet);
  if (!tab) return null;
  const { track, testSet } = tab;
  const columns = columnsOf(track);
  const column =
    columns.find((c) => c.key === query.metric) ??
    columns.find((c) => c.key === track.primaryMetric) ??
    columns[0];
  const metric = column?.key ?? track.primaryMetric;
  const higherIsBetter = column?.higherIsBetter ?? true;
  const scoresHidden = testSet.release.isHidden;
  const rows = await getRows(db, base, testSet);
  const candidates = [...(scoresHidden ? [] : rows.verified), ...rows.reported]
    .filter((r) => r.baselineKind === null && r.moderation === 'VISIBLE' && r.sortDate !== '')
    .flatMap((r) => {
      const value = r.scores[metric]?.value ?? null;
      return value === null ? [] : [{ row: r, value }];
    })
    .sort(
      (a, b) =>
        a.row.sortDate.localeCompare(b.row.sortDate) ||
        (a.row.kind === b.row.kind ? 0 : a.row.kind === 'reported' ? -1 : 1) ||
        a.row.id.localeCompare(b.row.id),
    );
  let best: number | null = null;
  const points = candidates.map(({ row, value }) => {
    const isRecord = best === null || (higherIsBetter ? value > best : value < best);
    if (isRecord) best = value;
    return {
      date: row.sortDate,
      value,
      kind: row.kind,
      id: row.id,
      methodName: row.methodName,
      isRecord,
    };
  });
  return {
    trackSlug: track.slug,
    testSetSlug: testSet.slug,
    metric,
    higherIsBetter,
    rankedVersion: testSet.rankedVersion,
    scoresHidden,
    points,
  };
}

// ───────────────────────── entry, model ─────────────────────────

/**
 * An entry's page: method card, and per test set its scores, breakdowns and rank statistics at
 * the ranked version. Null when it does not exist, is not a scored published entry, is hidden
 * by moderation, or belongs to a draft the viewer may not see (curators and admins see all).
 *
 * The release rule applies per test set: numbers of a test set hidden until close are left out
 * for everyone but the benchmark's curators and site admins (the owner included), who see them
 * with the restriction named. A result the Ladder withheld is not listed at all for anyone else,
 * and an entry with nothing but withheld results does not exist for them.
 */
export async function getEntry(
  db: Database,
  submissionId: string,
  viewer?: BoardViewer | null,
): Promise<EntryView | null> {
  const s = await db.submission.findUnique({
    where: { id: submissionId },
    include: {
      team: { select: { slug: true, name: true } },
      track: {
        include: {
          benchmark: { include: { phases: { select: { opensAt: true, closesAt: true } } } },
          testSets: { orderBy: [{ position: 'asc' }, { slug: 'asc' }] },
        },
      },
    },
  });
  if (!s) return null;
  const benchmark = s.track.benchmark;
  const isPrivileged = await canSeeDraft(db, benchmark.id, viewer);
  if (benchmark.status === 'DRAFT' && !isPrivileged) return null;
  if (!isPrivileged && (s.status !== 'SCORED' || !s.isPublished || s.moderation === 'HIDDEN'))
    return null;
  const results: EntryView['results'] = [];
  let withheldCount = 0;
  for (const testSet of s.track.testSets) {
    const version = await rankedEvaluatorVersion(db, testSet.id);
    const evaluation = await db.evaluation.findUnique({
      where: {
        submissionId_testSetId_evaluatorVersion: {
          submissionId,
          testSetId: testSet.id,
          evaluatorVersion: version,
        },
      },
      include: { scores: true, breakdowns: true, rankStats: true },
    });
    if (!evaluation) continue;
    const restriction = evaluationRestriction(
      testSetRelease(testSet.visibility, benchmark.phases),
      evaluation.isReleased,
    );
    if (restriction?.kind === 'withheld-by-ladder' && !isPrivileged) {
      withheldCount++;
      continue;
    }
    const scoresHidden = !canSeeScores(restriction, isPrivileged);
    const primary = evaluation.scores.find((sc) => sc.metric === s.track.primaryMetric);
    // Breakdown rows of an older partition that are not groups of today's are not shown.
    const partition = scoresHidden ? null : await partitionForTestSet(db, testSet.id);
    const groups = partition ? partitionLookup(partition) : null;
    let rank: { rank: number; of: number } | null = null;
    if (
      !scoresHidden &&
      evaluation.isReleased &&
      primary?.value != null &&
      s.moderation === 'VISIBLE' &&
      !s.baselineKind
    ) {
      const { higherIsBetter } = describeMetric(
        s.track.primaryMetric,
        (s.track.taskConfig ?? {}) as Record<string, unknown>,
      );
      rank = await competitionRank(
        db,
        testSet.id,
        version,
        s.track.primaryMetric,
        primary.value,
        higherIsBetter,
      );
    }
    const order = (metric: string) => {
      const i = s.track.metrics.indexOf(metric);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    results.push({
      testSetId: testSet.id,
      testSetSlug: testSet.slug,
      testSetName: testSet.name,
      evaluatorVersion: version,
      caseCount: evaluation.caseCount,
      scoresHidden,
      restriction,
      scores: scoresHidden
        ? []
        : evaluation.scores
            .sort((a, b) => order(a.metric) - order(b.metric))
            .map((sc) => ({
              metric: sc.metric,
              value: sc.value,
              ciLow: sc.ciLow,
              ciHigh: sc.ciHigh,
              n: sc.n,
            })),
      breakdowns: scoresHidden
        ? []
        : evaluation.breakdowns
            .filter((b) => groups !== null && isDisclosedGroup(groups, b.dimension, b.category))
            .map((b) => ({
              dimension: b.dimension,
              category: b.category,
              metric: b.metric,
              value: b.value,
              ciLow: b.ciLow,
              ciHigh: b.ciHigh,
              n: b.n,
            }))
            .sort(
              (a, b) =>
                a.dimension.localeCompare(b.dimension) ||
                a.category.localeCompare(b.category) ||
                order(a.metric) - order(b.metric),
            ),
      rankStats: scoresHidden
        ? []
        : evaluation.rankStats
            .sort((a, b) => order(a.metric) - order(b.metric))
            .map((r): RankStatDto => ({
              metric: r.metric,
              rankLow: r.rankLow,
              rankHigh: r.rankHigh,
              tier: r.tier,
              pBest: r.pBest,
              entryCount: r.entryCount,
            })),
      rank: rank?.rank ?? null,
      rankedCount: rank?.of ?? null,
      notes: scoresHidden ? [] : evaluation.notes,
    });
  }
  if (withheldCount > 0 && results.length === 0) return null;
  return {
    id: s.id,
    methodName: s.methodName,
    description: s.description,
    modelSlug: s.modelSlug,
    modelUrl: s.modelUrl,
    codeUrl: s.codeUrl,
    paperUrl: s.paperUrl,
    parameterCount: s.parameterCount === null ? null : Number(s.parameterCount),
    trainingData: s.trainingData,
    openWeights: s.openWeights,
    baselineKind: s.baselineKind,
    moderation: s.moderation,
    moderationReason: s.moderationReason,
    submittedAt: s.createdAt.toISOString(),
    team: s.team,
    benchmark: { slug: benchmark.slug, title: benchmark.title, status: benchmark.status },
    track: {
      slug: s.track.slug,
      name: s.track.name,
      metrics: s.track.metrics,
      primaryMetric: s.track.primaryMetric,
      taskType: s.track.taskType,
    },
    results,
  };
}

/**
 * Competition rank: 1 + the number of rankable (released) entries strictly better on `metric`,
 * and how many rankable entries have a value on it (the "of 14" of "verified rank 5 of 14").
 */
async function competitionRank(
  db: Database,
  testSetId: string,
  version: number,
  metric: string,
  value: number,
  higherIsBetter: boolean,
): Promise<{ rank: number; of: number }> {
  const rows = await db.$queryRaw<{ higher: bigint; lower: bigint; ranked: bigint }[]>`
    SELECT count(*) FILTER (WHERE sc.value > ${value}) AS higher,
           count(*) FILTER (WHERE sc.value < ${value}) AS lower,
           count(sc.value) AS ranked
      FROM public.scores sc
      JOIN public.evaluations e ON e.id = sc."evaluationId"
      JOIN public.submissions s ON s.id = e."submissionId"
     WHERE e."testSetId" = ${testSetId} AND e."evaluatorVersion" = ${version} AND sc.metric = ${metric}
       AND e."isReleased"
       AND s.status = 'SCORED' AND s."isPublished" AND s.moderation = 'VISIBLE' AND s."baselineKind" IS NULL`;
  const row = rows[0];
  return {
    rank: 1 + Number((higherIsBetter ? row?.higher : row?.lower) ?? 0),
    of: Number(row?.ranked ?? 0),
  };
}

/**
 * A model's entries across published benchmarks (and drafts the viewer curates): verified
 * entries with that model slug at each test set's ranked version, and reported entries.
 */
export async function getModel(
  db: Database,
  modelSlug: string,
  viewer?: BoardViewer | null,
): Promise<ModelView | null> {
  const [submissions, reported] = await Promise.all([
    db.submission.findMany({
      where: { modelSlug, status: 'SCORED', isPublished: true, moderation: { not: 'HIDDEN' } },
      include: {
        track: {
          include: {
            benchmark: { include: { phases: { select: { opensAt: true, closesAt: true } } } },
          },
        },
        evaluations: { include: { scores: true, testSet: true } },
      },
      orderBy: { createdAt: 'asc' },
    }),
    db.reportedEntry.findMany({
      where: { modelSlug, moderation: { not: 'HIDDEN' } },
      include: {
        benchmark: true,
        track: true,
        testSet: true,
        scores: { where: { dimension: '', category: '' } },
      },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  const visibleDrafts = new Set<string>();
  const draftIds = new Set(
    [...submissions.map((s) => s.track.benchmark), ...reported.map((r) => r.benchmark)]
      .filter((b) => b.status === 'DRAFT')
      .map((b) => b.id),
  );
  for (const id of draftIds) if (await canSeeDraft(db, id, viewer)) visibleDrafts.add(id);
  const visible = (b: { id: string; status: string }) =>
    b.status === 'PUBLISHED' || visibleDrafts.has(b.id);

  const rankedVersions = new Map<string, number>();
  const ranked = async (testSetId: string) => {
    let v = rankedVersions.get(testSetId);
    if (v === undefined)
      rankedVersions.set(testSetId, (v = await rankedEvaluatorVersion(db, testSetId)));
    return v;
  };
  const entries: ModelView['entries'] = [];
  const names = new Map<string, number>();
  for (const s of submissions) {
    if (!visible(s.track.benchmark)) continue;
    for (const e of s.evaluations) {
      if (e.evaluatorVersion !== (await ranked(e.testSetId))) continue;
      // A public page, the same for every viewer: restricted numbers are left out for all, and
      // a result the Ladder withheld is not listed (as on the board).
      const restriction = evaluationRestriction(
        testSetRelease(e.testSet.visibility, s.track.benchmark.phases),
        e.isReleased,
      );
      if (restriction?.kind === 'withheld-by-ladder') continue;
      const scores: Record<string, BoardScore> = {};
      if (restriction === null)
        for (const sc of e.scores)
          scores[sc.metric] = {
            value: finite(sc.value),
            ciLow: finite(sc.ciLow),
            ciHigh: finite(sc.ciHigh),
          };
      names.set(s.methodName, (names.get(s.methodName) ?? 0) + 1);
      entries.push({
        kind: 'verified',
        id: s.id,
        methodName: s.methodName,
        benchmark: { slug: s.track.benchmark.slug, title: s.track.benchmark.title },
        track: { slug: s.track.slug, name: s.track.name, primaryMetric: s.track.primaryMetric },
        testSet: { slug: e.testSet.slug, name: e.testSet.name },
        date: s.createdAt.toISOString(),
        primaryValue: scores[s.track.primaryMetric]?.value ?? null,
        scores,
        moderation: s.moderation === 'DISQUALIFIED' ? 'DISQUALIFIED' : 'VISIBLE',
      });
    }
  }
  for (const r of reported) {
    if (!visible(r.benchmark)) continue;
    const scores: Record<string, BoardScore> = {};
    for (const sc of r.scores)
      scores[sc.metric] = { value: finite(sc.value), ciLow: null, ciHigh: null };
    names.set(r.modelName, (names.get(r.modelName) ?? 0) + 1);
    entries.push({
      kind: 'reported',
      id: r.id,
      methodName: r.modelName,
      benchmark: { slug: r.benchmark.slug, title: r.benchmark.title },
      track: { slug: r.track.slug, name: r.track.name, primaryMetric: r.track.primaryMetric },
      testSet: { slug: r.testSet.slug, name: r.testSet.name },
      date: r.reportedDate,
      primaryValue: scores[r.track.primaryMetric]?.value ?? null,
      scores,
      moderation: r.moderation === 'DISQUALIFIED' ? 'DISQUALIFIED' : 'VISIBLE',
    });
  }
  if (entries.length === 0) return null;
  const name = [...names].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  return { modelSlug, name, entries };
}

// ───────────────────────── breakdowns, categories ─────────────────────────

/**
 * Per category dimension, every entry's value on `metric` per disclosure group: verified values
 * from the public Breakdown rows of evaluations at `version`, reported values from ReportedScore
 * rows with a dimension. A verified row is shown only when its (dimension, category) is a group of
 * the test set's current partition: rows computed under an older partition (before a change of the
 * minimum or the dimensions, or before partitions existed) may describe cells that are not unions
 * of today's atoms. Verified cells are withheld while the test set's scores are hidden.
 */
export async function getBreakdownTable(
  db: Database,
  { testSetId, version, metric }: { testSetId: string; version: number; metric: string },
): Promise<BreakdownTable | null> {
  const testSet = await db.testSet.findUnique({
    where: { id: testSetId },
    include: {
      track: {
        include: {
          benchmark: { include: { phases: { select: { opensAt: true, closesAt: true } } } },
        },
      },
    },
  });
  if (!testSet) return null;
  const benchmark = testSet.track.benchmark;
  const scoresHidden = testSetRelease(testSet.visibility, benchmark.phases).isHidden;
  const [breakdowns, reported, tree] = await Promise.all([
    scoresHidden
      ? Promise.resolve([])
      : db.breakdown.findMany({
          where: {
            metric,
            evaluation: {
              testSetId,
              evaluatorVersion: version,
              isReleased: true,
              submission: { status: 'SCORED', isPublished: true, moderation: { not: 'HIDDEN' } },
            },
          },
          include: {
            evaluation: {
              select: {
                submission: {
                  select: {
                    id: true,
                    methodName: true,
                    baselineKind: true,
                    team: { select: { slug: true, name: true } },
                  },
                },
              },
            },
          },
        }),
    db.reportedScore.findMany({
      where: {
        metric,
        dimension: { not: '' },
        entry: { testSetId, moderation: { not: 'HIDDEN' } },
      },
      include: { entry: { select: { id: true, modelName: true, baselineKind: true } } },
    }),
    listCategoryTree(db, testSetId),
  ]);
  type Column = BreakdownTable['dimensions'][number]['categories'][number];
  const byDimension = new Map<
    string,
    {
      columns: Map<string, Column>;
      /** Group labels of the partition: the only verified cells shown. */
      groups: Set<string>;
      rows: Map<string, BreakdownTable['dimensions'][number]['rows'][number]>;
    }
  >();
  const dimensionOf = (dimension: string) => {
    let d = byDimension.get(dimension);
    if (!d)
      byDimension.set(dimension, (d = { columns: new Map(), groups: new Set(), rows: new Map() }));
    return d;
  };
  for (const dim of tree?.dimensions ?? []) {
    const d = dimensionOf(dim.dimension);
    for (const g of dim.groups) {
      d.groups.add(g.label);
      d.columns.set(g.label, {
        category: g.label,
        n: g.count,
        members: g.members.map((m) => m.category),
      });
    }
  }
  for (const b of breakdowns) {
    const d = byDimension.get(b.dimension);
    if (!d?.groups.has(b.category)) continue;
    const sub = b.evaluation.submission;
    let row = d.rows.get(sub.id);
    if (!row)
      d.rows.set(
        sub.id,
        (row = {
          kind: 'verified',
          id: sub.id,
          methodName: sub.methodName,
          team: sub.team,
          baselineKind: sub.baselineKind,
          cells: {},
        }),
      );
    row.cells[b.category] = {
      value: finite(b.value),
      ciLow: finite(b.ciLow),
      ciHigh: finite(b.ciHigh),
      n: b.n,
    };
  }
  for (const r of reported) {
    const d = dimensionOf(r.dimension);
    if (!d.columns.has(r.category))
      d.columns.set(r.category, { category: r.category, n: null, members: [r.category] });
    let row = d.rows.get(r.entry.id);
    if (!row)
      d.rows.set(
        r.entry.id,
        (row = {
          kind: 'reported',
          id: r.entry.id,
          methodName: r.entry.modelName,
          team: null,
          baselineKind: r.entry.baselineKind,
          cells: {},
        }),
      );
    row.cells[r.category] = {
      value: finite(r.value),
      ciLow: null,
      ciHigh: null,
      n: null,
    } satisfies BreakdownCell;
  }
  const order = testSet.categoryDimensions;
  const dimensions = [...byDimension]
    .filter(([, d]) => d.rows.size > 0)
    .sort(([a], [b]) => {
      const ia = order.indexOf(a);
      const ib = order.indexOf(b);
      return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || a.localeCompare(b);
    })
    .map(([dimension, d]) => ({
      dimension,
      categories: [...d.columns.values()],
      rows: [...d.rows.values()].sort(
        (a, b) =>
          (a.kind === b.kind ? 0 : a.kind === 'verified' ? -1 : 1) ||
          a.methodName.localeCompare(b.methodName),
      ),
    }));
  return {
    metric,
    version,
    scoresHidden,
    minCategorySize: benchmark.minCategorySize,
    dimensions,
  };
}

/**
 * The groups of the test set's disclosure partition per category dimension (in the test set's
 * dimension order), each with its member categories and case counts from the public metadata.
 * Null when the test set does not exist or has no cases.
 */
export async function listCategoryTree(
  db: Database,
  testSetId: string,
): Promise<CategoryTree | null> {
  const testSet = await db.testSet.findUnique({
    where: { id: testSetId },
    select: {
      categoryDimensions: true,
      track: { select: { benchmark: { select: { minCategorySize: true } } } },
    },
  });
  if (!testSet) return null;
  const partition = await partitionForTestSet(db, testSetId);
  if (!partition) return null;
  const dimensions = partition.dimensions.map((d) => d.dimension);
  // Category counts per dimension, with the partition's reading of a missing value.
  const rows =
    dimensions.length === 0
      ? []
      : await db.$queryRaw<{ dimension: string; category: string; count: bigint }[]>`
    SELECT d.dim AS dimension,
           CASE WHEN jsonb_typeof(c.metadata -> d.dim) IN ('string', 'number')
                 AND (c.metadata ->> d.dim) <> ''
                THEN c.metadata ->> d.dim ELSE ${NOT_SPECIFIED_CATEGORY}::text END AS category,
           count(*) AS count
      FROM public.cases c CROSS JOIN unnest(${dimensions}::text[]) AS d(dim)
     WHERE c."testSetId" = ${testSetId}
     GROUP BY 1, 2`;
  const counts = new Map(rows.map((r) => [`${r.dimension}\u0000${r.category}`, Number(r.count)]));
  return {
    testSetId,
    minCategorySize: partition.minCellSize,
    caseCount: partition.caseCount,
    atomCount: partition.atomSizes.length,
    dimensions: partition.dimensions.map(({ dimension, groups }) => ({
      dimension,
      groups: groups.map((g) => ({
        label: g.label,
        count: g.caseCount,
        members: g.members.map((category) => ({
          category,
          count: counts.get(`${dimension}\u0000${category}`) ?? 0,
        })),
      })),
    })),
  };
}
