import { SCORE_SUBMISSION_JOB, SCORING_QUEUE } from '@medrank/core';
import { z } from 'zod';
import { defineJob } from './define-job.js';
import { scoringPriorityForFileBytes } from './priorities.js';

export { SCORING_QUEUE, scoreSubmissionJobId } from '@medrank/core';

/**
 * Scores one submission on every test set of its track. Ids only: the worker reloads state. The
 * file's size rides along as a scheduling hint (priorities.ts), never as state.
 */
export const scoreSubmission = defineJob({
  queue: SCORING_QUEUE,
  name: SCORE_SUBMISSION_JOB,
  payload: z.object({
    submissionId: z.string().min(1).max(64),
    fileBytes: z.number().int().nonnegative().optional(),
  }),
  priority: (payload) => scoringPriorityForFileBytes(payload.fileBytes),
  options: {
    attempts: 4,
    backoff: { type: 'exponential', delay: 5_000 }, // retries after 5 s, 10 s, 20 s
    removeOnComplete: { count: 1_000 },
    removeOnFail: false, // keep failures for inspection
  },
});

export type ScoringStage = 'validating' | 'scoring';
export interface ScoringProgress {
  stage: ScoringStage;
  percent: number;
}
