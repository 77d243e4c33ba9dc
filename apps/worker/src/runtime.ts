import { AppError, isAppError } from '@medrank/core';
import type { Database } from '@medrank/db';
import { submissions } from '@medrank/db';
import { scoreSubmission } from '@medrank/jobs';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import type { ScoreSubmissionDeps } from './jobs/score-submission.js';
import { handleScoreSubmission } from './jobs/score-submission.js';

/**
 * BullMQ processor for the scoring queue: re-parses the payload with the contract, runs the
 * handler, and turns errors that retrying cannot fix into UnrecoverableError so BullMQ stops.
 */
export function createScoringProcessor(deps: ScoreSubmissionDeps) {
  return async (job: Job) => {
    let payload: { submissionId: string };
    try {
      payload = scoreSubmission.payload.parse(job.data);
    } catch (error) {
      throw new UnrecoverableError(
        `invalid job payload: ${error instanceof ZodError ? error.message : String(error)}`,
      );
    }
    try {
      return await handleScoreSubmission(deps, payload);
    } catch (error) {
      if ((isAppError(error) && !error.retryable) || error instanceof ZodError) {
        throw new UnrecoverableError(error.message);
      }
      throw error;
    }
  };
}

/** On a job's last failed attempt, the submission is marked failed with a reason it can show. */
export async function onJobFailed(
  db: Database,
  logger: Logger,
  job: Job | undefined,
  error: Error,
): Promise<void> {
  if (!job) return;
  const attempts = job.opts.attempts ?? 1;
  const isFinal =
    error instanceof UnrecoverableError ||
    error.name === 'UnrecoverableError' ||
    job.attemptsMade >= attempts;
  logger.error(
    { jobId: job.id, attemptsMade: job.attemptsMade, isFinal, err: error },
    'scoring job failed',
  );
  if (!isFinal) return;
  const parsed = scoreSubmission.payload.safeParse(job.data);
  if (!parsed.success) return;
  const message =
    isAppError(error) || error.name === 'UnrecoverableError'
      ? error.message
      : 'Scoring failed because of an internal error. The file itself may be fine: please submit it again.';
  await submissions
    .markFailed(db, parsed.data.submissionId, { message, issues: [], issueCount: 0 })
    .catch((e: unknown) =>
      logger.error({ err: e }, 'could not mark submission failed; the reconciler will'),
    );
}

export { AppError };
