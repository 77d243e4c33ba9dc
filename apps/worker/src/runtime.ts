import { AppError, isAppError } from '@medrank/core';
import type { Database } from '@medrank/db';
import { submissions } from '@medrank/db';
import {
  COMPUTE_RANK_STATS_JOB,
  RESCORE_EVALUATION_JOB,
  compareEntries,
  entryCaseResults,
  computeRankStats,
  rescoreEvaluation,
  scoreSubmission,
  subsetScores,
} from '@medrank/jobs';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { ZodError, type z } from 'zod';
import {
  handleCompareEntries,
  handleSubsetScores,
  type BoardQueryDeps,
} from './jobs/board-queries.js';
import { handleEntryCaseResults } from './jobs/entry-case-results.js';
import { MAX_STALLED_COUNT, stalledTooOften } from './job-failures.js';
import type { RunJob } from './isolation/protocol.js';

function parsePayload<S extends z.ZodType>(schema: S, job: Job): z.infer<S> {
  try {
    return schema.parse(job.data);
  } catch (error) {
    throw new UnrecoverableError(
      `invalid job payload: ${error instanceof ZodError ? error.message : String(error)}`,
    );
  }
}

/** Errors that retrying cannot fix become UnrecoverableError, so BullMQ stops retrying. */
async function runHandler<T>(handler: () => Promise<T>): Promise<T> {
  try {
    return await handler();
  } catch (error) {
    if ((isAppError(error) && !error.retryable) || error instanceof ZodError) {
      throw new UnrecoverableError(error.message);
    }
    throw error;
  }
}

/**
 * BullMQ processor for the scoring queue: scoring a new submission, and rescoring one test set
 * of a scored submission for a rescore run. Re-parses the payload with the job's contract, then
 * hands the job to `runJob` (a job process, see isolation/job-process-pool.ts).
 */
export function createScoringProcessor(runJob: RunJob) {
  return async (job: Job) => {
    const definition = job.name === RESCORE_EVALUATION_JOB ? rescoreEvaluation : scoreSubmission;
    const payload = parsePayload(definition.payload, job);
    return runHandler(() => runJob(job.name, payload));
  };
}

/**
 * BullMQ processor for the rank-statistics queue: hands the run, with the time its trigger was
 * enqueued, to `runJob` (a job process: the bootstraps over every entry are the heaviest work
 * after scoring, and must not stall this process's lock renewals or grow its memory).
 */
export function createRankStatsProcessor(runJob: RunJob) {
  return async (job: Job) => {
    if (job.name !== COMPUTE_RANK_STATS_JOB)
      throw new UnrecoverableError(`unknown rank-statistics job "${job.name}"`);
    const payload = parsePayload(computeRankStats.payload, job);
    return runHandler(() => runJob(job.name, { ...payload, enqueuedAt: job.timestamp }));
  };
}

/**
 * BullMQ processor for board queries (custom subsets, comparisons). Refusals are answers
 * ({ ok: false, code, message }), not failures; a failure is a bug and is not retried (the asker
 * is waiting).
 */
export function createBoardQueriesProcessor(deps: BoardQueryDeps) {
  return async (job: Job) => {
    if (job.name === subsetScores.name)
      return runHandler(() => handleSubsetScores(deps, parsePayload(subsetScores.payload, job)));
    if (job.name === compareEntries.name)
      return runHandler(() =>
        handleCompareEntries(deps, parsePayload(compareEntries.payload, job)),
      );
    if (job.name === entryCaseResults.name)
      return runHandler(() =>
        handleEntryCaseResults(deps, parsePayload(entryCaseResults.payload, job)),
      );
    throw new UnrecoverableError(`unknown board query "${job.name}"`);
  };
}

function isFinalAttempt(job: Job, error: Error): boolean {
  const attempts = job.opts.attempts ?? 1;
  return (
    error instanceof UnrecoverableError ||
    error.name === 'UnrecoverableError' ||
    job.attemptsMade >= attempts
  );
}

/**
 * On a scoring-queue job's last failed attempt: a new submission is marked failed with a reason
 * it can show; a rescore job counts as failed in its run (the submission keeps its status).
 */
export async function onJobFailed(
  db: Database,
  logger: Logger,
  job: Job | undefined,
  error: Error,
): Promise<void> {
  if (!job) return;
  const isFinal = isFinalAttempt(job, error);
  const submissionId = (job.data as { submissionId?: unknown } | undefined)?.submissionId;
  logger.error(
    {
      jobId: job.id,
      jobName: job.name,
      submissionId: typeof submissionId === 'string' ? submissionId : undefined,
      attemptsMade: job.attemptsMade,
      isFinal,
      err: error,
    },
    'scoring job failed',
  );
  if (!isFinal) return;
  const interrupted = stalledTooOften(job, error);
  const ownWords = !interrupted && (isAppError(error) || error.name === 'UnrecoverableError');
  const message = interrupted
    ? `Scoring was interrupted ${MAX_STALLED_COUNT + 1} times (the worker scoring it stopped each time), so it was not started again. The file itself may be fine: please submit it again.`
    : ownWords
      ? error.message
      : 'Scoring failed because of an internal error. The file itself may be fine: please submit it again.';
  if (job.name === RESCORE_EVALUATION_JOB) {
    const parsed = rescoreEvaluation.payload.safeParse(job.data);
    if (!parsed.success) return;
    await submissions
      .recordRescoreOutcome(db, parsed.data, {
        kind: 'failed',
        message: interrupted
          ? `rescoring was interrupted ${MAX_STALLED_COUNT + 1} times`
          : ownWords
            ? error.message
            : 'internal error while rescoring',
      })
      .catch((e: unknown) =>
        logger.error({ err: e }, 'could not count the rescore job as failed; the reconciler will'),
      );
    return;
  }
  const parsed = scoreSubmission.payload.safeParse(job.data);
  if (!parsed.success) return;
  await submissions
    .markFailed(db, parsed.data.submissionId, { message, issues: [], issueCount: 0 })
    .catch((e: unknown) =>
      logger.error({ err: e }, 'could not mark submission failed; the reconciler will'),
    );
}

/** Logs a rank-statistics or board-query failure; the reconciler re-triggers stale statistics. */
export function onAuxiliaryJobFailed(logger: Logger, job: Job | undefined, error: Error): void {
  logger.error(
    {
      jobId: job?.id,
      jobName: job?.name,
      queue: job?.queueName,
      attemptsMade: job?.attemptsMade,
      err: error,
    },
    'job failed',
  );
}

export { AppError };
