import { AppError } from '@medrank/core';
import { submissions, withTransaction, type Database } from '@medrank/db';
import {
  decideSubmissionQuota,
  QUOTA_EXEMPT_STATUSES,
  startOfUtcDay,
  type SubmissionQuotas,
} from './submission-quota.js';

export type RecordSubmissionInput = submissions.NewSubmission & SubmissionQuotas;

/**
 * Records an accepted upload as a submission with its outbox row, if the open phase's quotas
 * allow one more, in one transaction: the submission locks (per team × track, then person ×
 * track) first, then today's and all-time counts, the quota decision, and the save. Holding the
 * locks to the commit means two parallel uploads are decided one after the other, each counting
 * the other's row, so a quota can never be exceeded. Who may submit (team membership, open
 * phase, approval) is checked by the caller before.
 * @throws {AppError} RATE_LIMITED naming the quota, whose it is and when it resets.
 */
export async function recordSubmission(
  db: Database,
  { dailyQuota, totalQuota, ...submission }: RecordSubmissionInput,
): Promise<{ id: string; outboxId: bigint }> {
  return withTransaction(db, async (tx) => {
    const scope = {
      teamId: submission.teamId,
      trackId: submission.trackId,
      personId: submission.submittedById,
    };
    await submissions.lockForSubmission(tx, scope);
    const now = new Date();
    const count = (since: Date | null) =>
      submissions.countOnTrack(tx, { ...scope, since, exceptStatuses: QUOTA_EXEMPT_STATUSES });
    const usage = {
      today: dailyQuota === null ? null : await count(startOfUtcDay(now)),
      total: totalQuota === null ? null : await count(null),
    };
    const refusal = decideSubmissionQuota({ dailyQuota, totalQuota }, usage, now);
    if (refusal) throw new AppError('RATE_LIMITED', refusal.message);
    return submissions.createWithOutbox(tx, submission);
  });
}
