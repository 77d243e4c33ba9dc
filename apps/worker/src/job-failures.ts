import type { Job } from 'bullmq';

/**
 * How often a scoring or curation job may stall (its worker died, or lost its lock for longer
 * than the lock lasts) and still be taken over. One more stall and BullMQ fails it: the guard
 * against a job that kills every worker that runs it.
 */
export const MAX_STALLED_COUNT = 2;

/**
 * True when BullMQ failed `job` for stalling more than MAX_STALLED_COUNT times. BullMQ records
 * that as a deferred failure and throws it as an UnrecoverableError in its own words ("job
 * stalled more than allowable limit") on the next pick-up; those words are for operators, so the
 * callers show the submitter or curator a sentence of their own instead.
 */
export function stalledTooOften(job: Job, error: Error): boolean {
  return Boolean(job.deferredFailure) && error.message === job.deferredFailure;
}
