import { scoreSubmission } from './score-submission.js';

export * from './define-job.js';
export * from './score-submission.js';
export * from './connection.js';
export * from './queue-client.js';
export * from './outbox-relay.js';

/** Every job the platform knows, for the outbox relay. */
export const ALL_JOBS = [scoreSubmission] as const;
