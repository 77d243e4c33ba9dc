// Queue and job names shared by the outbox writer (@medrank/db) and the queue contracts
// (@medrank/jobs), which may not import each other.

export const SCORING_QUEUE = 'scoring';
export const SCORE_SUBMISSION_JOB = 'score-submission';

/** Job ids never contain ':' (BullMQ's key separator). Re-scoring uses a new id. */
export const scoreSubmissionJobId = (submissionId: string) => `score-${submissionId}`;
