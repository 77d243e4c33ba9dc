import { describeMetric } from '@medrank/metrics/catalog';
import {
  canSeeScores,
  evaluationRestriction,
  isDisclosedGroup,
  partitionLookup,
  testSetRelease,
} from '@medrank/core';
import type { Database } from '../client.js';
import type { BoardViewer, EntryView, RankStatDto } from '../dto.js';
import { rankedEvaluatorVersion } from './board-loaders.js';
import { isBenchmarkCurator as canSeeDraft } from './curators.js';
import { partitionForTestSet } from './disclosure.js';

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
