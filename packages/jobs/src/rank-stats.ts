import { COMPUTE_RANK_STATS_JOB, RANK_STATS_QUEUE } from '@medrank/core';
import { z } from 'zod';
import { defineJob } from './define-job.js';

export { COMPUTE_RANK_STATS_JOB, RANK_STATS_QUEUE } from '@medrank/core';

/**
 * Recomputes a test set's rank statistics (rank intervals, tiers, P(best)). Each trigger has its
 * own job id (see rankStatsJobId in @medrank/db); a run skips itself when statistics computed
 * after the job was enqueued are already stored, and replacing them is idempotent.
 */
export const computeRankStats = defineJob({
  queue: RANK_STATS_QUEUE,
  name: COMPUTE_RANK_STATS_JOB,
  payload: z.object({ testSetId: z.string().min(1).max(64) }),
  options: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2_000 },
    // Completed runs leave nothing behind: a later trigger must never be deduplicated against them.
    removeOnComplete: true,
    removeOnFail: { count: 500 },
  },
});
