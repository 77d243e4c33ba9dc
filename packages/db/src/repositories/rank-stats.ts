import { randomUUID } from 'node:crypto';
import {
  COMPUTE_RANK_STATS_JOB,
  DEFAULT_SCORE_DECIMALS,
  RANK_STATS_QUEUE,
  testSetRelease,
} from '@medrank/core';
import type { Database } from '../client.js';
import type { Prisma } from '../client.js';
import { rankedEvaluatorVersion } from './boards.js';
import { loadCasesWithAtoms, type CasesWithAtoms } from './disclosure.js';

type Tx = Prisma.TransactionClient;

/**
 * Job ids of the rank-statistics job. Every trigger gets its own id (an evaluation id, or a
 * random one), so a trigger that arrives while a run is active is never swallowed by BullMQ's
 * job-id deduplication; the handler skips runs that a newer computation already covered.
 */
export const rankStatsJobId = (testSetId: string, trigger: string) =>
  `rank-stats-${testSetId}-${trigger}`;

/**
 * Adds the outbox row that recomputes a test set's rank statistics, inside the caller's
 * transaction (scoring, rescoring, moderation: anything that changes who is ranked or how).
 */
export async function enqueueRankStatsInTx(
  tx: Tx,
  testSetId: string,
  trigger: string = randomUUID(),
): Promise<void> {
  await tx.outbox.create({
    data: {
      queue: RANK_STATS_QUEUE,
      jobName: COMPUTE_RANK_STATS_JOB,
      jobId: rankStatsJobId(testSetId, trigger),
      payload: { testSetId },
    },
  });
}

/** Float64 values as little-endian bytes (hidden.score_replicates / hidden.case_values). */
export function encodeFloat64(values: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return bytes;
}

/** @throws {Error} when the byte length is not a multiple of 8. */
export function decodeFloat64(bytes: Uint8Array): Float64Array {
  if (bytes.byteLength % 8 !== 0)
    throw new Error(`stored Float64 values have ${bytes.byteLength} bytes, not a multiple of 8`);
  const out = new Float64Array(bytes.byteLength / 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

export interface RankInputs {
  testSetId: string;
  version: number;
  /** Database time before anything was read: everything committed earlier is included. */
  snapshotAt: Date;
  track: { metrics: string[]; taskConfig: Record<string, unknown> };
  /**
   * Visible, non-baseline, verified entries (SCORED, published) at the ranked version, whose
   * numbers are released: a Ladder-withheld entry is not ranked (its rank would reveal it).
   */
  entries: {
    evaluationId: string;
    values: Record<string, number | null>;
    replicates: Record<string, Float64Array>;
  }[];
}

/** What the rank-statistics job ranks (worker only: reads hidden replicates). */
export async function loadRankInputs(db: Database, testSetId: string): Promise<RankInputs | null> {
  const [{ now }] = await db.$queryRaw<[{ now: Date }]>`SELECT clock_timestamp() AS now`;
  const testSet = await db.testSet.findUnique({
    where: { id: testSetId },
    select: { id: true, track: { select: { metrics: true, taskConfig: true } } },
  });
  if (!testSet) return null;
  const version = await rankedEvaluatorVersion(db, testSetId);
  const evaluations = await db.evaluation.findMany({
    where: {
      testSetId,
      evaluatorVersion: version,
      isReleased: true,
      submission: {
        status: 'SCORED',
        isPublished: true,
        moderation: 'VISIBLE',
        baselineKind: null,
      },
    },
    select: {
      id: true,
      scores: { select: { metric: true, value: true } },
      scoreReplicates: { select: { metric: true, values: true } },
    },
    orderBy: { id: 'asc' },
  });
  return {
    testSetId,
    version,
    snapshotAt: now,
    track: {
      metrics: testSet.track.metrics,
      taskConfig: (testSet.track.taskConfig ?? {}) as Record<string, unknown>,
    },
    entries: evaluations.map((e) => ({
      evaluationId: e.id,
      values: Object.fromEntries(e.scores.map((s) => [s.metric, s.value])),
      replicates: Object.fromEntries(
        e.scoreReplicates.map((r) => [r.metric, decodeFloat64(r.values)]),
      ),
    })),
  };
}

/** True when statistics computed from a snapshot at or after `since` are already stored. */
export async function isCoveredSince(
  db: Database,
  testSetId: string,
  since: Date,
): Promise<boolean> {
  const testSet = await db.testSet.findUnique({
    where: { id: testSetId },
    select: { rankedAt: true },
  });
  return !!testSet?.rankedAt && testSet.rankedAt >= since;
}

export interface RankStatRow {
  evaluationId: string;
  metric: string;
  rankLow: number;
  rankHigh: number;
  tier: number;
  pBest: number;
  entryCount: number;
}

/**
 * Replaces a test set's rank statistics and sets rankedAt to the snapshot they were computed
 * from, in one transaction. Serialised per test set; a computation older than the stored one
 * writes nothing, so two workers racing leave the newer result.
 */
export async function replaceRankStats(
  db: Database,
  input: { testSetId: string; version: number; snapshotAt: Date; rows: RankStatRow[] },
): Promise<{ written: boolean }> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${'rank-stats:' + input.testSetId}))`;
    const testSet = await tx.testSet.findUnique({
      where: { id: input.testSetId },
      select: { rankedAt: true },
    });
    if (!testSet) return { written: false };
    if (testSet.rankedAt && testSet.rankedAt > input.snapshotAt) return { written: false };
    await tx.rankStat.deleteMany({ where: { testSetId: input.testSetId } });
    if (input.rows.length > 0)
      await tx.rankStat.createMany({
        data: input.rows.map((r) => ({
          testSetId: input.testSetId,
          evaluationId: r.evaluationId,
          evaluatorVersion: input.version,
          metric: r.metric,
          rankLow: r.rankLow,
          rankHigh: r.rankHigh,
          tier: r.tier,
          pBest: r.pBest,
          entryCount: r.entryCount,
          computedAt: input.snapshotAt,
        })),
      });
    await tx.testSet.update({
      where: { id: input.testSetId },
      data: { rankedAt: input.snapshotAt },
    });
    return { written: true };
  });
}

/**
 * Test sets whose statistics are missing or older than an evaluation or a moderation change
 * (audit action `entry.*`) made more than `olderThanMs` ago: the reconciler's safety net if a
 * trigger was lost or a moderation path did not enqueue one.
 */
export async function listStale(
  db: Database,
  { olderThanMs = 0, limit = 50 } = {},
): Promise<string[]> {
  const before = new Date(Date.now() - olderThanMs);
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT ts.id FROM public.test_sets ts
     WHERE EXISTS (SELECT 1 FROM public.evaluations e WHERE e."testSetId" = ts.id
                    AND e."createdAt" <= ${before}
                    AND (ts."rankedAt" IS NULL OR e."createdAt" > ts."rankedAt"))
        OR (ts."rankedAt" IS NOT NULL AND EXISTS (
              SELECT 1 FROM public.audit_log a JOIN public.tracks t ON t."benchmarkId" = a."targetId"
               WHERE t.id = ts."trackId" AND a."targetType" = 'benchmark' AND a.action LIKE 'entry.%'
                 AND a."createdAt" <= ${before} AND a."createdAt" > ts."rankedAt"))
     LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

// ───────────────────────── hidden reads for board queries (worker only) ─────────────────────────

export interface BoardQueryContext {
  testSetId: string;
  bootstrapSeed: number;
  minCategorySize: number;
  scoresHidden: boolean;
  version: number;
  metrics: string[];
  taskConfig: Record<string, unknown>;
  /**
   * Visible (not hidden, not disqualified) verified entries at the ranked version, baselines
   * included, whose numbers are released (not withheld by the Ladder).
   */
  entries: {
    evaluationId: string;
    submissionId: string;
    methodName: string;
    baselineKind: string | null;
    createdAt: Date;
    /** The stated precision of the entry's phase: its subset and compare answers are rounded to it. */
    scoreDecimals: number;
    values: Record<string, number | null>;
  }[];
}

/** A submission without a phase is shown at the phases' default precision. */

/** Resolves a board by slugs for a board query; null when the benchmark, track or test set does not exist. */
export async function loadBoardQueryContext(
  db: Database,
  { slug, trackSlug, testSetSlug }: { slug: string; trackSlug: string; testSetSlug: string },
): Promise<BoardQueryContext | null> {
  const testSet = await db.testSet.findFirst({
    where: { slug: testSetSlug, track: { slug: trackSlug, benchmark: { slug } } },
    select: {
      id: true,
      visibility: true,
      bootstrapSeed: true,
      track: {
        select: {
          metrics: true,
          taskConfig: true,
          benchmark: {
            select: {
              minCategorySize: true,
              phases: { select: { opensAt: true, closesAt: true } },
            },
          },
        },
      },
    },
  });
  if (!testSet) return null;
  const version = await rankedEvaluatorVersion(db, testSet.id);
  const evaluations = await db.evaluation.findMany({
    where: {
      testSetId: testSet.id,
      evaluatorVersion: version,
      isReleased: true,
      submission: { status: 'SCORED', isPublished: true, moderation: 'VISIBLE' },
    },
    select: {
      id: true,
      scores: { select: { metric: true, value: true } },
      submission: {
        select: {
          id: true,
          methodName: true,
          baselineKind: true,
          createdAt: true,
          phase: { select: { scoreDecimals: true } },
        },
      },
    },
  });
  return {
    testSetId: testSet.id,
    bootstrapSeed: testSet.bootstrapSeed,
    minCategorySize: testSet.track.benchmark.minCategorySize,
    scoresHidden: testSetRelease(testSet.visibility, testSet.track.benchmark.phases).isHidden,
    version,
    metrics: testSet.track.metrics,
    taskConfig: (testSet.track.taskConfig ?? {}) as Record<string, unknown>,
    entries: evaluations
      .map((e) => ({
        evaluationId: e.id,
        submissionId: e.submission.id,
        methodName: e.submission.methodName,
        baselineKind: e.submission.baselineKind,
        createdAt: e.submission.createdAt,
        scoreDecimals: e.submission.phase?.scoreDecimals ?? DEFAULT_SCORE_DECIMALS,
        values: Object.fromEntries(e.scores.map((s) => [s.metric, s.value])),
      }))
      .sort(
        (a, b) =>
          a.createdAt.getTime() - b.createdAt.getTime() ||
          a.submissionId.localeCompare(b.submissionId),
      ),
  };
}

/**
 * Public case metadata in the test set's case order (case id order, as scoring loads it), with
 * each case's atom and the disclosure partition (computed and stored first when missing or out
 * of step). Null for an unknown test set.
 */
export async function loadCaseMetadata(
  db: Database,
  testSetId: string,
): Promise<CasesWithAtoms | null> {
  return loadCasesWithAtoms(db, testSetId);
}

/**
 * What a cached partition is checked against before reuse: changes whenever the stored partition
 * (groups, atoms, the version its cases date from) does.
 */
export async function partitionStamp(db: Database, testSetId: string): Promise<string> {
  const testSet = await db.testSet.findUnique({
    where: { id: testSetId },
    select: { caseCount: true, disclosure: true },
  });
  return testSet ? `${testSet.caseCount}:${JSON.stringify(testSet.disclosure)}` : '';
}

/** Stored per-case values (hidden) of these evaluations: evaluation id → metric → values. */
export async function loadCaseValues(
  db: Database,
  evaluationIds: string[],
): Promise<Map<string, Map<string, Float64Array>>> {
  const out = new Map<string, Map<string, Float64Array>>();
  if (evaluationIds.length === 0) return out;
  const rows = await db.caseValues.findMany({
    where: { evaluationId: { in: evaluationIds } },
    select: { evaluationId: true, metric: true, values: true },
  });
  for (const id of evaluationIds) out.set(id, new Map());
  for (const r of rows) out.get(r.evaluationId)!.set(r.metric, decodeFloat64(r.values));
  return out;
}

/** Stored bootstrap replicates (hidden) of these evaluations: evaluation id → metric → values. */
export async function loadReplicates(
  db: Database,
  evaluationIds: string[],
): Promise<Map<string, Map<string, Float64Array>>> {
  const out = new Map<string, Map<string, Float64Array>>();
  const rows = await db.scoreReplicates.findMany({
    where: { evaluationId: { in: evaluationIds } },
    select: { evaluationId: true, metric: true, values: true },
  });
  for (const id of evaluationIds) out.set(id, new Map());
  for (const r of rows) out.get(r.evaluationId)?.set(r.metric, decodeFloat64(r.values));
  return out;
}
