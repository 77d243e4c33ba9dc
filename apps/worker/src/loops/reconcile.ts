import type { Database } from '@medrank/db';
import { outbox, submissions } from '@medrank/db';
import type { QueueClient } from '@medrank/jobs';
import { SCORING_QUEUE, scoreSubmission, scoreSubmissionJobId } from '@medrank/jobs';
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
): Promise<{ requeued: number; failed: number }> {
  const queue = queues.queue(SCORING_QUEUE);
  let requeued = 0;
  let failed = 0;
  for (const s of await submissions.listUnfinished(db, { olderThanMs: graceMs })) {
    const jobId = scoreSubmissionJobId(s.id);
    const job = await queue.getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    if (state === 'missing' || state === 'unknown') {
      await outbox.add(db, {
        queue: SCORING_QUEUE,
        jobName: scoreSubmission.name,
        jobId,
        payload: { submissionId: s.id },
      });
      requeued++;
    } else if (state === 'completed' && job) {
      // The job finished but the submission did not (its final write was lost): run it again.
      await job.remove();
      await outbox.add(db, {
        queue: SCORING_QUEUE,
        jobName: scoreSubmission.name,
        jobId,
        payload: { submissionId: s.id },
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
  return { requeued, failed };
}
