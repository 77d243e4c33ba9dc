import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@medrank/core';
import { createDatabase } from '@medrank/db';
import {
  createClassificationBenchmark,
  createUserWithTeam,
  testDatabaseUrls,
  type FixtureBenchmark,
} from '@medrank/db/testing';
import { recordSubmission, type RecordSubmissionInput } from './record-submission.js';

// Quotas per team and per person (issue 9: "quotas per person, not per account"), against the real
// Postgres with parallel transactions, as parallel uploads reach it.

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
// Enough connections that 20 uploads really run at once and meet at the advisory locks.
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 20 });

let fixture: FixtureBenchmark;
const users: string[] = [];

beforeAll(async () => {
  fixture = await createClassificationBenchmark(owner, {
    cases: [{ caseId: 'c0', label: 'negative' }],
  });
});

afterAll(async () => {
  await owner.benchmark.delete({ where: { id: fixture.benchmarkId } });
  await owner.team.deleteMany({ where: { memberships: { some: { userId: { in: users } } } } });
  await owner.user.deleteMany({ where: { id: { in: users } } });
  await Promise.all([owner.$disconnect(), web.$disconnect()]);
});

async function person() {
  const account = await createUserWithTeam(web);
  users.push(account.userId);
  return account;
}

async function secondTeamOf(userId: string) {
  const team = await owner.team.create({
    data: {
      slug: `lab-${randomUUID().slice(0, 8)}`,
      name: 'Second lab',
      memberships: { create: { userId } },
    },
  });
  return team.id;
}

const upload = (
  teamId: string,
  userId: string,
  quota: Pick<RecordSubmissionInput, 'dailyQuota' | 'totalQuota'>,
): Promise<{ id: string }> =>
  recordSubmission(web, {
    teamId,
    trackId: fixture.trackId,
    phaseId: fixture.phaseId,
    submittedById: userId,
    methodName: 'parallel upload',
    blobKey: `submissions/${randomUUID()}.csv`,
    fileName: 'p.csv',
    fileBytes: 1,
    sha256: 'a'.repeat(64),
    ...quota,
  });

/** Outcomes of parallel uploads: how many were accepted, and the refusals' messages. */
async function race(uploads: (() => Promise<{ id: string }>)[]) {
  const settled = await Promise.allSettled(uploads.map((u) => u()));
  const refused = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  for (const error of refused) if (!isAppError(error) || error.code !== 'RATE_LIMITED') throw error;
  return {
    accepted: settled.filter((s) => s.status === 'fulfilled').length,
    messages: refused.map((e) => (e as Error).message),
  };
}

describe('submission quotas', () => {
  it('accepts 10 of 20 parallel uploads of one team on a daily quota of 10', async () => {
    const alice = await person();
    const outcome = await race(
      Array.from(
        { length: 20 },
        () => () => upload(alice.teamId, alice.userId, { dailyQuota: 10, totalQuota: null }),
      ),
    );
    expect(outcome.accepted).toBe(10);
    expect(outcome.messages).toHaveLength(10);
  });

  it('accepts 10 of 20 parallel uploads of one person spread over two teams (the quota is per person)', async () => {
    const bob = await person();
    const otherTeam = await secondTeamOf(bob.userId);
    const outcome = await race(
      Array.from(
        { length: 20 },
        (_, i) => () =>
          upload(i % 2 ? otherTeam : bob.teamId, bob.userId, { dailyQuota: 10, totalQuota: null }),
      ),
    );
    expect(outcome.accepted).toBe(10);
    expect(
      await owner.submission.count({
        where: { submittedById: bob.userId, trackId: fixture.trackId },
      }),
    ).toBe(10);
    // Each team alone stayed under 10: the refusals were the person's quota.
    expect(outcome.messages.every((m) => /counted over all your teams/.test(m))).toBe(true);
  });

  it('holds the total quota per person across teams, in parallel too', async () => {
    const carol = await person();
    const otherTeam = await secondTeamOf(carol.userId);
    const outcome = await race(
      Array.from(
        { length: 12 },
        (_, i) => () =>
          upload(i % 2 ? otherTeam : carol.teamId, carol.userId, {
            dailyQuota: null,
            totalQuota: 4,
          }),
      ),
    );
    expect(outcome.accepted).toBe(4);
    expect(outcome.messages[0]).toMatch(
      /^total quota reached: you have \(counted over all your teams, since quotas are per person\) made 4 of 4 submissions on this track; the total does not reset/,
    );
  });

  it("shares a team's quota between its members, and says whose quota it is", async () => {
    const dan = await person();
    const erin = await person();
    await owner.membership.create({ data: { teamId: dan.teamId, userId: erin.userId } });
    await upload(dan.teamId, dan.userId, { dailyQuota: 2, totalQuota: null });
    await upload(dan.teamId, erin.userId, { dailyQuota: 2, totalQuota: null });
    const refusal = upload(dan.teamId, erin.userId, { dailyQuota: 2, totalQuota: null });
    await expect(refusal).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(refusal).rejects.toThrow(
      /^daily quota reached: your team has made 2 of 2 submissions on this track today \(UTC\); it resets at \d{4}-\d\d-\d\d 00:00 UTC, in \d+ h \d+ min\. Failed submissions do not count\.$/,
    );
  });

  it('accepts exactly one of two parallel uploads at quota − 1, and the refusal names the quota', async () => {
    const gil = await person();
    await upload(gil.teamId, gil.userId, { dailyQuota: 2, totalQuota: null });
    const outcome = await race(
      [0, 1].map(() => () => upload(gil.teamId, gil.userId, { dailyQuota: 2, totalQuota: null })),
    );
    expect(outcome.accepted).toBe(1);
    expect(outcome.messages).toEqual([
      expect.stringMatching(/^daily quota reached: your team has made 2 of 2 submissions/),
    ]);
    expect(
      await owner.submission.count({
        where: { submittedById: gil.userId, trackId: fixture.trackId },
      }),
    ).toBe(2);
  });

  it('gives a failed submission back to both quotas', async () => {
    const fay = await person();
    const { id } = await upload(fay.teamId, fay.userId, { dailyQuota: 1, totalQuota: 1 });
    await expect(upload(fay.teamId, fay.userId, { dailyQuota: 1, totalQuota: 1 })).rejects.toThrow(
      /daily quota reached/,
    );
    await owner.submission.update({ where: { id }, data: { status: 'FAILED' } });
    await expect(
      upload(fay.teamId, fay.userId, { dailyQuota: 1, totalQuota: 1 }),
    ).resolves.toMatchObject({ id: expect.any(String) });
  });
});
