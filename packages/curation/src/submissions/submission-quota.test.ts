import type { SubmissionStatus } from '@medrank/db';
import { describe, expect, it } from 'vitest';
import {
  countsTowardsQuota,
  decideSubmissionQuota,
  nextUtcMidnight,
  startOfUtcDay,
} from './submission-quota.js';

const now = new Date('2026-03-14T21:15:30Z');
const usage = (team: number, person: number) => ({ team, person });

describe('decideSubmissionQuota', () => {
  it('allows a submission when no quota is set, whatever was counted', () => {
    expect(
      decideSubmissionQuota(
        { dailyQuota: null, totalQuota: null },
        { today: null, total: null },
        now,
      ),
    ).toBeNull();
  });

  it('allows the last submission under the daily quota (used = quota − 1)', () => {
    expect(
      decideSubmissionQuota(
        { dailyQuota: 5, totalQuota: null },
        { today: usage(4, 4), total: null },
        now,
      ),
    ).toBeNull();
  });

  it("refuses at the team's daily quota, naming the team, the count and the reset at midnight UTC", () => {
    const refusal = decideSubmissionQuota(
      { dailyQuota: 2, totalQuota: null },
      { today: usage(2, 1), total: null },
      now,
    );
    expect(refusal).toMatchObject({ quota: 'daily', scope: 'team', limit: 2, used: 2 });
    expect(refusal?.resetsAt?.toISOString()).toBe('2026-03-15T00:00:00.000Z');
    expect(refusal?.message).toBe(
      'daily quota reached: your team has made 2 of 2 submissions on this track today (UTC); ' +
        'it resets at 2026-03-15 00:00 UTC, in 2 h 45 min. Failed submissions do not count.',
    );
  });

  it("refuses at the person's daily quota counted over all their teams while their team is under it", () => {
    // The person made 10 today, split over two teams: this team alone has 5.
    const refusal = decideSubmissionQuota(
      { dailyQuota: 10, totalQuota: null },
      { today: usage(5, 10), total: null },
      now,
    );
    expect(refusal).toMatchObject({ quota: 'daily', scope: 'person', used: 10 });
    expect(refusal?.message).toMatch(
      /^daily quota reached: you have \(counted over all your teams, since quotas are per person\) made 10 of 10 /,
    );
  });

  it('names the team first when both the team and the person reached the daily quota', () => {
    expect(
      decideSubmissionQuota(
        { dailyQuota: 3, totalQuota: null },
        { today: usage(4, 3), total: null },
        now,
      ),
    ).toMatchObject({ scope: 'team', used: 4 });
  });

  it("refuses at the team's total quota, saying it does not reset", () => {
    const refusal = decideSubmissionQuota(
      { dailyQuota: null, totalQuota: 4 },
      { today: null, total: usage(4, 0) },
      now,
    );
    expect(refusal).toMatchObject({ quota: 'total', scope: 'team', resetsAt: null });
    expect(refusal?.message).toBe(
      'total quota reached: your team has made 4 of 4 submissions on this track; the total does ' +
        'not reset. Failed submissions do not count.',
    );
  });

  it("refuses at the person's total quota counted over all their teams", () => {
    expect(
      decideSubmissionQuota(
        { dailyQuota: null, totalQuota: 4 },
        { today: null, total: usage(2, 4) },
        now,
      )?.message,
    ).toMatch(
      /^total quota reached: you have \(counted over all your teams, since quotas are per person\) made 4 of 4 submissions on this track; the total does not reset/,
    );
  });

  it('checks the daily quota before the total one', () => {
    expect(
      decideSubmissionQuota(
        { dailyQuota: 1, totalQuota: 1 },
        { today: usage(1, 1), total: usage(1, 1) },
        now,
      ),
    ).toMatchObject({ quota: 'daily' });
  });

  it('refuses on the total quota while the daily one still has room', () => {
    expect(
      decideSubmissionQuota(
        { dailyQuota: 10, totalQuota: 3 },
        { today: usage(0, 0), total: usage(3, 3) },
        now,
      ),
    ).toMatchObject({ quota: 'total', scope: 'team' });
  });

  it('counts a quota of 0 as closed', () => {
    expect(
      decideSubmissionQuota(
        { dailyQuota: 0, totalQuota: null },
        { today: usage(0, 0), total: null },
        now,
      ),
    ).toMatchObject({ quota: 'daily', used: 0, limit: 0 });
  });

  it('refuses to decide a quota whose usage was not counted', () => {
    expect(() =>
      decideSubmissionQuota({ dailyQuota: 1, totalQuota: null }, { today: null, total: null }, now),
    ).toThrow(/daily quota needs the daily usage/);
  });

  it('gives the minutes to the reset rounded up, at one minute to midnight', () => {
    expect(
      decideSubmissionQuota(
        { dailyQuota: 1, totalQuota: null },
        { today: usage(1, 1), total: null },
        new Date('2026-03-14T23:59:00.500Z'),
      )?.message,
    ).toMatch(/in 0 h 1 min\./);
  });
});

describe('countsTowardsQuota', () => {
  const expected = {
    QUEUED: true,
    VALIDATING: true,
    SCORING: true,
    SCORED: true,
    FAILED: false,
    CANCELLED: false,
  } satisfies Record<SubmissionStatus, boolean>;
  it.each(Object.entries(expected))('%s counts: %s', (status, counts) => {
    expect(countsTowardsQuota(status as SubmissionStatus)).toBe(counts);
  });
});

describe('the quota day', () => {
  it('runs from midnight UTC to the next midnight UTC', () => {
    expect(startOfUtcDay(now).toISOString()).toBe('2026-03-14T00:00:00.000Z');
    expect(nextUtcMidnight(now).toISOString()).toBe('2026-03-15T00:00:00.000Z');
    const midnight = new Date('2026-03-15T00:00:00Z');
    expect(startOfUtcDay(midnight).toISOString()).toBe('2026-03-15T00:00:00.000Z');
    expect(nextUtcMidnight(midnight).toISOString()).toBe('2026-03-16T00:00:00.000Z');
  });
});
