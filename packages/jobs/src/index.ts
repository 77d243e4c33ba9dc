import { computeRankStats } from './rank-stats.js';
import { rescoreEvaluation } from './rescore.js';
import { scoreSubmission } from './score-submission.js';
import { CURATION_JOBS } from './curation.js';

export * from './define-job.js';
export * from './score-submission.js';
export * from './connection.js';
export * from './queue-client.js';
export * from './outbox-relay.js';
export * from './rescore.js';
export * from './rank-stats.js';
export * from './board-queries.js';
export * from './curation.js';
export * from './priorities.js';

/** Every job the platform knows, for the outbox relay. */
export const ALL_JOBS = [
  scoreSubmission,
  rescoreEvaluation,
  computeRankStats,
  ...CURATION_JOBS,
] as const;
