// The jobs that run in job processes (job-process-pool.ts), by job name: the scoring queue's
// (score a submission, rescore one test set), the curation queue's (check and apply ground
// truth) and the rank-statistics queue's (bootstraps over every entry of a test set: O(B·k²)).
// Each parses its payload with the job's own contract from @medrank/jobs. The worker process
// parses it too before sending, so a bad payload fails without starting anything.
import {
  APPLY_GROUND_TRUTH_JOB,
  COMPUTE_RANK_STATS_JOB,
  RESCORE_EVALUATION_JOB,
  SCORE_SUBMISSION_JOB,
  VALIDATE_GROUND_TRUTH_JOB,
  VALIDATE_TEST_INPUTS_JOB,
} from '@medrank/core';
import {
  applyGroundTruth,
  computeRankStats,
  rescoreEvaluation,
  scoreSubmission,
  validateGroundTruth,
  validateTestInputs,
} from '@medrank/jobs';
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { handleComputeRankStats } from '../jobs/compute-rank-stats.js';
import { handleApplyGroundTruth, handleValidateGroundTruth } from '../jobs/ground-truth-uploads.js';
import { handleRescoreEvaluation } from '../jobs/rescore-evaluation.js';
import { handleScoreSubmission, type ScoreSubmissionDeps } from '../jobs/score-submission.js';
import { handleValidateTestInputs } from '../jobs/test-inputs.js';

/** What a job process holds for its jobs: its own database pool, blob store and logger. */
export type IsolatedJobDeps = ScoreSubmissionDeps;

type IsolatedJob = (deps: IsolatedJobDeps, payload: unknown) => Promise<unknown>;

/**
 * A rank-statistics run also needs the time its trigger was enqueued (BullMQ's job timestamp,
 * which only the worker process sees): it skips itself when newer statistics are stored.
 */
export const rankStatsRunPayload = computeRankStats.payload.extend({
  enqueuedAt: z.number().int().nonnegative(),
});

export const ISOLATED_JOBS: Readonly<Record<string, IsolatedJob>> = {
  [SCORE_SUBMISSION_JOB]: (deps, payload) =>
    handleScoreSubmission(deps, scoreSubmission.payload.parse(payload)),
  [RESCORE_EVALUATION_JOB]: (deps, payload) =>
    handleRescoreEvaluation(deps, rescoreEvaluation.payload.parse(payload)),
  [VALIDATE_GROUND_TRUTH_JOB]: (deps, payload) =>
    handleValidateGroundTruth(deps, validateGroundTruth.payload.parse(payload)),
  [APPLY_GROUND_TRUTH_JOB]: (deps, payload) =>
    handleApplyGroundTruth(deps, applyGroundTruth.payload.parse(payload)),
  [VALIDATE_TEST_INPUTS_JOB]: (deps, payload) =>
    handleValidateTestInputs(deps, validateTestInputs.payload.parse(payload)),
  [COMPUTE_RANK_STATS_JOB]: (deps, payload) => {
    const { enqueuedAt, ...trigger } = rankStatsRunPayload.parse(payload);
    return handleComputeRankStats(deps, trigger, { enqueuedAt });
  },
};

/** Runs a job the way a job process does, but in this process (tests of the handlers). */
export function runIsolatedJobHere(
  deps: IsolatedJobDeps,
  jobName: string,
  payload: unknown,
): Promise<unknown> {
  const job = ISOLATED_JOBS[jobName];
  if (!job) return Promise.reject(new UnrecoverableError(`unknown job "${jobName}"`));
  return job(deps, payload);
}
