import { RESCORE_EVALUATION_JOB, SCORING_QUEUE } from '@medrank/core';
import { z } from 'zod';
import { defineJob } from './define-job.js';
import { RESCORE_PRIORITY } from './priorities.js';

export { RESCORE_EVALUATION_JOB, rescoreEvaluationJobId } from '@medrank/core';

/**
 * Scores one submission on one test set at a rescore run's evaluator version. Written through
 * the outbox by `requestRescore` (curation); the worker records the outcome exactly once per
 * run × submission × test set, so retries and duplicates are harmless.
 */
export const rescoreEvaluation = defineJob({
  queue: SCORING_QUEUE,
  name: RESCORE_EVALUATION_JOB,
  payload: z.object({
    rescoreRunId: z.string().min(1).max(64),
    submissionId: z.string().min(1).max(64),
    testSetId: z.string().min(1).max(64),
    evaluatorVersion: z.number().int().positive(),
  }),
  priority: () => RESCORE_PRIORITY,
  options: {
    attempts: 4,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { count: 1_000 },
    removeOnFail: false,
  },
});
