import type { Database } from '@medrank/db';
import { disclosure, outbox, rankStats, submissions } from '@medrank/db';
import type { QueueClient } from '@medrank/jobs';
import {
  RANK_STATS_QUEUE,
  SCORING_QUEUE,
  computeRankStats,
  rescoreEvaluation,
  rescoreEvaluationJobId,
  scoreSubmission,
  scoreSubmissionJobId,
} from '@medrank/jobs';
import type { Logger } from 'pino';

/**
 * Postgres is the source of truth. Every unfinished submission must have a live job; when Redis
 * lost it (flushed, restarted without persistence) the submission goes back through the outbox.
 * A job that failed for good while the database was unreachable gets its submission marked
 * failed here, so nothing stays "scoring" forever.
 */
export async function reconcileOnce(
  db: Database,
  queues: QueueClient,
  logger: Logger,
  { graceMs }: { graceMs: number },
): Promise<{
  requeued: number;
  failed: number;
  rankStatsRequeued: number;
  disclosuresStored: number;
}> {
  const queue = queues.queue(SCORING_QUEUE);
  let requeued = 0;
  let failed = 0;
  for (const s of await submissions.listUnfinished(db, { olderThanMs: graceMs })) {
    const jobId = scoreSubmissionJobId(s.id);
    const job = await queue.getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    // The list was read before the queue was asked: a job that finished meanwhile (a burst
    // finishes hundreds while this loop runs) looks missing or completed here, but its submission
    // is final now. Asking Postgres again keeps the reconciler from running it a second time.
    const looksLost = state === 'missing' || state === 'unknown' || state === 'completed';
    if (looksLost && !(await submissions.isUnfinished(db, s.id))) continue;
    if (state === 'missing' || state === 'unknown') {
      await outbox.add(db, {
        queue: SCORING_QUEUE,
        jobName: scoreSubmission.name,
        jobId,
        payload: { submissionId: s.id, fileBytes: s.fileBytes },
      });
      requeued++;
    } else if (state === 'completed' && job) {
      // The job finished but the submission did not (its final write was lost): run it again.
      await job.remove();
      await outbox.add(db, {
        queue: SCORING_QUEUE,
        jobName: scoreSubmission.name,
        jobId,
        payload: { submissionId: s.id, fileBytes: s.fileBytes },
      });
      requeued++;
    } else if (state === 'failed') {
      const marked = await submissions.markFailed(db, s.id, {
        message: `Scoring failed after ${job?.attemptsMade ?? s.attempts} attempts because of an internal error. The file itself may be fine: please submit it again.`,
        issues: [],
        issueCount: 0,
      });
      if (marked) failed++;
    }
  }
  if (requeued || failed) logger.warn({ requeued, failed }, 'reconciler repaired submissions');
  const rescores = await reconcileRescores(db, queues, logger, {
    graceMs: graceMs + RESCORE_GRACE_MS,
  });
  const rankStatsRequeued = await reconcileRankStats(db, logger, {
    graceMs: graceMs + RESCORE_GRACE_MS,
  });
  const disclosuresStored = await reconcileDisclosures(db, logger);
  return {
    requeued: requeued + rescores.requeued,
    failed: failed + rescores.failed,
    rankStatsRequeued,
    disclosuresStored,
  };
}

/**
 * Test sets without a current disclosure partition (a database from before partitions) get one
 * stored. Their existing breakdown rows are shown only where they are groups of it; breakdowns of
 * merged groups appear after a rescore (docs/boards.md).
 */
export async function reconcileDisclosures(db: Database, logger: Logger): Promise<number> {
  const stored = await disclosure.storeOutdated(db);
  if (stored.length)
    logger.warn({ testSets: stored.length }, 'reconciler stored disclosure partitions');
  return stored.length;
}

/** A rescore run must be this old before its missing jobs are re-queued (its outbox rows go first). */
const RESCORE_GRACE_MS = 3 * 60_000;

/**
 * Every job of a RUNNING rescore run must exist until its outcome is recorded: a submission with
 * neither an evaluation at the run's version nor a recorded outcome gets its job back through the
 * outbox (same job id, so a job that still exists is not doubled); a job that failed for good
 * without being counted is counted as failed.
 */
export async function reconcileRescores(
  db: Database,
  queues: QueueClient,
  logger: Logger,
  { graceMs }: { graceMs: number },
): Promise<{ requeued: number; failed: number }> {
  const queue = queues.queue(SCORING_QUEUE);
  let requeued = 0;
  let failed = 0;
  for (const key of await submissions.listRescorePending(db, { olderThanMs: graceMs })) {
    const jobId = rescoreEvaluationJobId(key.submissionId, key.testSetId, key.evaluatorVersion);
    const job = await queue.getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    if (state === 'failed') {
      const { counted } = await submissions.recordRescoreOutcome(db, key, {
        kind: 'failed',
        message: `rescoring failed after ${job?.attemptsMade ?? 0} attempts`,
      });
      if (counted) failed++;
      continue;
    }
    if (state === 'completed' && job) await job.remove();
    else if (state !== 'missing' && state !== 'unknown') continue;
    await outbox.add(db, {
      queue: SCORING_QUEUE,
      jobName: rescoreEvaluation.name,
      jobId,
      payload: key,
    });
    requeued++;
  }
  if (requeued || failed) logger.warn({ requeued, failed }, 'reconciler repaired rescore runs');
  return { requeued, failed };
}

/** Test sets with evaluations newer than their rank statistics get a recomputation. */
export async function reconcileRankStats(
  db: Database,
  logger: Logger,
  { graceMs }: { graceMs: number },
): Promise<number> {
  const stale = await rankStats.listStale(db, { olderThanMs: graceMs });
  for (const testSetId of stale)
    await outbox.add(db, {
      queue: RANK_STATS_QUEUE,
      jobName: computeRankStats.name,
      jobId: rankStats.rankStatsJobId(testSetId, `reconcile-${Date.now()}`),
      payload: { testSetId },
    });
  if (stale.length)
    logger.warn({ testSets: stale.length }, 'reconciler re-triggered rank statistics');
  return stale.length;
}
