import { RESCORE_EVALUATION_JOB, SCORING_QUEUE, rescoreEvaluationJobId } from '@medrank/core';
import type { Database } from '../client.js';
import { Prisma } from '../client.js';
import { withTransaction, type DbClient } from '../transaction.js';
import { enqueueRankStatsInTx } from './rank-stats.js';

type Tx = Prisma.TransactionClient;

export interface RescoreRunDto {
  id: string;
  testSetId: string;
  evaluatorVersion: number;
  reason: string;
  requestedById: string | null;
  total: number;
  done: number;
  failed: number;
  status: 'RUNNING' | 'DONE';
  createdAt: string;
  finishedAt: string | null;
}

const toDto = (r: {
  id: string;
  testSetId: string;
  evaluatorVersion: number;
  reason: string;
  requestedById: string | null;
  total: number;
  done: number;
  failed: number;
  status: 'RUNNING' | 'DONE';
  createdAt: Date;
  finishedAt: Date | null;
}): RescoreRunDto => ({
  id: r.id,
  testSetId: r.testSetId,
  evaluatorVersion: r.evaluatorVersion,
  reason: r.reason,
  requestedById: r.requestedById,
  total: r.total,
  done: r.done,
  failed: r.failed,
  status: r.status,
  createdAt: r.createdAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

/** Scored submissions of the test set's track that have no evaluation at `version` yet. */
async function submissionsToRescore(tx: Tx, testSetId: string, trackId: string, version: number) {
  return tx.submission.findMany({
    where: {
      trackId,
      status: 'SCORED',
      evaluations: { none: { testSetId, evaluatorVersion: version } },
    },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
}

/**
 * Moves a test set to its next evaluator version and takes the board's ranking off the old one
 * (`rankedAt` cleared), inside the caller's transaction. Whether a rescore run is recorded for
 * the new version is the caller's decision (`@medrank/curation`'s `bumpEvaluatorVersion`).
 */
export async function incrementEvaluatorVersion(
  db: DbClient,
  testSetId: string,
): Promise<{ version: number; trackId: string }> {
  const updated = await db.testSet.update({
    where: { id: testSetId },
    data: { evaluatorVersion: { increment: 1 }, rankedAt: null },
    select: { evaluatorVersion: true, trackId: true },
  });
  return { version: updated.evaluatorVersion, trackId: updated.trackId };
}

/** Scored submissions of a track, at any evaluator version: what a new version would rescore. */
export function countScoredOnTrack(db: DbClient, trackId: string): Promise<number> {
  return db.submission.count({ where: { trackId, status: 'SCORED' } });
}

/**
 * Records a finished rescore run with nothing in it for `evaluatorVersion`, and the rank
 * statistics job of the test set, together: the board ranks on that version from now on.
 */
export async function recordFinishedEmptyRun(
  db: DbClient,
  {
    testSetId,
    evaluatorVersion,
    reason,
    requestedById,
  }: { testSetId: string; evaluatorVersion: number; reason: string; requestedById: string | null },
): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.rescoreRun.create({
      data: {
        testSetId,
        evaluatorVersion,
        reason,
        requestedById,
        total: 0,
        status: 'DONE',
        finishedAt: new Date(),
      },
    });
    await enqueueRankStatsInTx(tx, testSetId);
  });
}

/**
 * Starts (or finds) the rescoring of a test set at its current evaluator version, in one
 * transaction: the run (unique per test set × version, so a second request returns the first
 * run), one outbox row per scored submission without an evaluation at that version, and an
 * audit row. With nothing to rescore the run is created DONE. `created` tells the two apart.
 */
export async function requestForTestSet(
  db: Database,
  {
    testSetId,
    reason,
    actorId,
    benchmarkId,
    target,
  }: { testSetId: string; reason: string; actorId: string; benchmarkId: string; target: string },
): Promise<{ run: RescoreRunDto; created: boolean }> {
  const attempt = () =>
    db.$transaction(
      async (tx) => {
        // Serialises concurrent requests for the same test set (a double click).
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${'rescore:' + testSetId}))`;
        const testSet = await tx.testSet.findUniqueOrThrow({
          where: { id: testSetId },
          select: { evaluatorVersion: true, trackId: true },
        });
        const version = testSet.evaluatorVersion;
        const existing = await tx.rescoreRun.findUnique({
          where: { testSetId_evaluatorVersion: { testSetId, evaluatorVersion: version } },
        });
        if (existing) return { run: toDto(existing), created: false };
        const submissions = await submissionsToRescore(tx, testSetId, testSet.trackId, version);
        const run = await tx.rescoreRun.create({
          data: {
            testSetId,
            evaluatorVersion: version,
            reason,
            requestedById: actorId,
            total: submissions.length,
            ...(submissions.length === 0
              ? { status: 'DONE' as const, finishedAt: new Date() }
              : {}),
          },
        });
        // Nothing to rescore: the board moves to this version at once, so rank it now.
        if (submissions.length === 0) await enqueueRankStatsInTx(tx, testSetId);
        if (submissions.length > 0) {
          await tx.outbox.createMany({
            data: submissions.map((s) => ({
              queue: SCORING_QUEUE,
              jobName: RESCORE_EVALUATION_JOB,
              jobId: rescoreEvaluationJobId(s.id, testSetId, version),
              payload: {
                rescoreRunId: run.id,
                submissionId: s.id,
                testSetId,
                evaluatorVersion: version,
              },
            })),
          });
        }
        await tx.auditLog.create({
          data: {
            actorId,
            action: 'rescore.request',
            targetType: 'benchmark',
            targetId: benchmarkId,
            details: {
              target,
              testSetId,
              evaluatorVersion: version,
              total: submissions.length,
              reason,
            },
          },
        });
        return { run: toDto(run), created: true };
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  try {
    return await attempt();
  } catch (error) {
    // The unique key caught a concurrent first request: return the run it created.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      return await attempt();
    }
    throw error;
  }
}

export async function findById(db: Database, id: string): Promise<RescoreRunDto | null> {
  const run = await db.rescoreRun.findUnique({ where: { id } });
  return run ? toDto(run) : null;
}

/** Runs of a test set, newest version first. */
export async function listForTestSet(db: Database, testSetId: string): Promise<RescoreRunDto[]> {
  const runs = await db.rescoreRun.findMany({
    where: { testSetId },
    orderBy: { evaluatorVersion: 'desc' },
  });
  return runs.map(toDto);
}
