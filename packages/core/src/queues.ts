// Queue and job names shared by the outbox writer (@medrank/db) and the queue contracts
// (@medrank/jobs), which may not import each other.

export const SCORING_QUEUE = 'scoring';
export const SCORE_SUBMISSION_JOB = 'score-submission';

/** Job ids never contain ':' (BullMQ's key separator). Re-scoring uses a new id. */
export const scoreSubmissionJobId = (submissionId: string) => `score-${submissionId}`;

/** Re-scores one submission on one test set at a new evaluator version (part of a RescoreRun). */
export const RESCORE_EVALUATION_JOB = 'rescore-evaluation';
export const rescoreEvaluationJobId = (submissionId: string, testSetId: string, version: number) =>
  `rescore-${submissionId}-${testSetId}-v${version}`;

/** Curation work that needs the hidden schema: validating and applying ground-truth uploads. */
export const CURATION_QUEUE = 'curation';
export const VALIDATE_GROUND_TRUTH_JOB = 'validate-ground-truth';
export const APPLY_GROUND_TRUTH_JOB = 'apply-ground-truth';
export const validateGroundTruthJobId = (uploadId: string) => `gt-validate-${uploadId}`;
export const applyGroundTruthJobId = (uploadId: string) => `gt-apply-${uploadId}`;
/** Checks a test set's inputs (a zip with its manifest) against the test set's cases. */
export const VALIDATE_TEST_INPUTS_JOB = 'validate-test-inputs';
export const validateTestInputsJobId = (uploadId: string) => `inputs-validate-${uploadId}`;

/** Recomputes a test set's rank statistics (rank intervals, tiers, P(best)) after a scoring. */
export const RANK_STATS_QUEUE = 'rank-stats';
export const COMPUTE_RANK_STATS_JOB = 'compute-rank-stats';

/**
 * Read-only questions about hidden per-case results (custom subsets, paired comparisons), asked by
 * the web and answered by a worker with aggregates only. Request/response over BullMQ.
 */
export const BOARD_QUERIES_QUEUE = 'board-queries';
export const SUBSET_SCORES_JOB = 'subset-scores';
export const COMPARE_ENTRIES_JOB = 'compare-entries';
