import { DEFAULT_SCORE_DECIMALS } from '@medrank/core';
import type { Database } from '../client.js';
import type { BoardScore } from '../dto.js';
import type {
  BenchmarkSource,
  ReportedMetricConfig,
  SourceRow,
  TestSetRows,
  TestSetSource,
} from '../leaderboard/board-source.js';
import { countBoardEntries } from './board-entry-counts.js';
import { inferenceTimingFromJson } from './submission-runs.js';

// The board's SQL: each loader reads rows and returns them as plain data (board-source.ts); the
// cache (board-cache.ts) decides when to call them and buildBoardView what to show.

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

/**
 * What a board depends on, in one primary-key lookup: the benchmark's own `boardStamp`, which
 * database triggers bump in the same transaction as any write to what its boards show
 * (evaluations, scores, rank statistics, rescore runs, submissions, reported entries, tracks,
 * test sets, phases, the benchmark row, a team's name; migration `board_stamp`), and how many
 * phases have closed, the one change nobody writes (the release rule of hidden-until-close test
 * sets). Writes elsewhere (a token, another benchmark) leave it alone.
 */
export async function loadBoardStamp(
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

/** A benchmark with its phases, tracks and test sets (ranked version, latest rescore, entry count). */
export async function loadBenchmarkSource(
  db: Database,
  slug: string,
): Promise<BenchmarkSource | null> {
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
    phases: benchmark.phases,
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
      testSets: t.testSets.map((s): TestSetSource => {
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
  /** Submission.inference (a model or endpoint run), parsed by inferenceTimingFromJson. */
  inference: unknown;
}

/**
 * One test set's board rows: released evaluations at the ranked version of scored, published
 * submissions not hidden by moderation, with their scores and rank statistics; and reported
 * entries not hidden, with their overall scores.
 */
export async function loadTestSetRows(
  db: Database,
  testSet: Pick<TestSetSource, 'id' | 'rankedVersion'>,
): Promise<TestSetRows> {
  const version = testSet.rankedVersion;
  const [verified, scores, rankStats, reported, reportedScores] = await Promise.all([
    db.$queryRaw<VerifiedSqlRow[]>`
      SELECT e.id AS "evaluationId", s.id AS "submissionId", s."methodName", s."modelSlug",
             t.slug AS "teamSlug", t.name AS "teamName", s."createdAt", s."openWeights",
             s."baselineKind", s.moderation::text AS moderation, s."moderationReason",
             s."modelUrl", s."codeUrl", s."paperUrl", s.inference,
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
  const statsByEvaluation = new Map<string, SourceRow['rankStats']>();
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
      inference: inferenceTimingFromJson(v.inference),
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
      inference: null,
      rankStats: {},
      isRankable: false,
      haystack: `${r.modelName}\u0000${r.institution ?? ''}`.toLowerCase(),
    })),
  };
}

/** A stored value as the read model shows it: NaN and ±Infinity (no value) become null. */
export const finite = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);

/** "2024" → "2024-01-01", "2024-05" → "2024-05-01"; "" when absent (sorts first among dates). */
function normaliseReportedDate(date: string | null): string {
  if (!date) return '';
  if (/^\d{4}$/.test(date)) return `${date}-01-01`;
  if (/^\d{4}-\d{2}$/.test(date)) return `${date}-01`;
  return date;
}
