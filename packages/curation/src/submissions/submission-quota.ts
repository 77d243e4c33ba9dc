import type { SubmissionStatus } from '@medrank/db';

// The quota rule of an upload, as a pure decision over counts the use case loaded under the
// submission locks (record-submission.ts). Quotas belong to the open phase and count per team
// AND per submitting person over all their teams, so a person cannot multiply their quota by
// joining teams.

/** Submissions in these states give their place back: they do not count towards any quota. */
export const QUOTA_EXEMPT_STATUSES: readonly SubmissionStatus[] = ['FAILED', 'CANCELLED'];

export const countsTowardsQuota = (status: SubmissionStatus): boolean =>
  !QUOTA_EXEMPT_STATUSES.includes(status);

export interface SubmissionQuotas {
  /** Counted submissions per UTC day; null: no daily quota. */
  dailyQuota: number | null;
  /** Counted submissions ever; null: no total quota. */
  totalQuota: number | null;
}

/** Counted submissions of the team, and of the person over all their teams, on the track. */
export interface QuotaUsage {
  team: number;
  person: number;
}

export interface QuotaRefusal {
  quota: 'daily' | 'total';
  scope: 'team' | 'person';
  limit: number;
  used: number;
  /** When the quota starts again: the next midnight UTC for the daily one; never for the total. */
  resetsAt: Date | null;
  message: string;
}

/** Where the daily quota's day began: the last midnight UTC. */
export function startOfUtcDay(now: Date): Date {
  const start = new Date(now);
  start.setUTCHours(0, 0, 0, 0);
  return start;
}

/** When the daily quotas start again: the next midnight UTC. */
export function nextUtcMidnight(now: Date): Date {
  const next = new Date(now);
  next.setUTCHours(24, 0, 0, 0);
  return next;
}

function quotaMessage(
  { quota, limit, scope, used }: Pick<QuotaRefusal, 'quota' | 'limit' | 'scope' | 'used'>,
  now: Date,
): string {
  const whose =
    scope === 'team'
      ? 'your team has'
      : 'you have (counted over all your teams, since quotas are per person)';
  if (quota === 'daily') {
    const resetsAt = nextUtcMidnight(now);
    const minutes = Math.ceil((resetsAt.getTime() - now.getTime()) / 60_000);
    return (
      `daily quota reached: ${whose} made ${used} of ${limit} submissions on this track today (UTC); ` +
      `it resets at ${resetsAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, in ` +
      `${Math.floor(minutes / 60)} h ${minutes % 60} min. Failed submissions do not count.`
    );
  }
  return (
    `total quota reached: ${whose} made ${used} of ${limit} submissions on this track; the total ` +
    `does not reset. Failed submissions do not count.`
  );
}

/**
 * Whether one more submission fits the phase's quotas, given the counted submissions of today
 * (UTC) and of all time. Checked in this order, and the first one reached is named: daily per
 * team, daily per person, total per team, total per person. A usage the quota does not need may
 * be null (the use case does not count what no quota limits).
 * @returns null when the submission is allowed, otherwise what was reached and the message for
 *   the participant (whose quota, how many of how many, when it resets).
 */
export function decideSubmissionQuota(
  { dailyQuota, totalQuota }: SubmissionQuotas,
  usage: { today: QuotaUsage | null; total: QuotaUsage | null },
  now: Date,
): QuotaRefusal | null {
  const checks = [
    { quota: 'daily' as const, limit: dailyQuota, used: usage.today },
    { quota: 'total' as const, limit: totalQuota, used: usage.total },
  ];
  for (const { quota, limit, used } of checks) {
    if (limit === null) continue;
    if (used === null) throw new Error(`the ${quota} quota needs the ${quota} usage`);
    for (const scope of ['team', 'person'] as const) {
      if (used[scope] < limit) continue;
      const refusal = { quota, scope, limit, used: used[scope] };
      return {
        ...refusal,
        resetsAt: quota === 'daily' ? nextUtcMidnight(now) : null,
        message: quotaMessage(refusal, now),
      };
    }
  }
  return null;
}
