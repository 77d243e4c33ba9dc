// Participation approval (grand-challenge style) against the real database, through the web's
// role: what the benchmark page, the REST API and the curators' page call.
import { randomUUID } from 'node:crypto';
import { AppError } from '@medrank/core';
import { createDatabase } from '@medrank/db';
import {
  createClassificationBenchmark,
  createUserWithTeam,
  testDatabaseUrls,
  type FixtureBenchmark,
} from '@medrank/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { Actor } from '../access/actor.js';
import { assertMaySubmit } from './assert-may-submit.js';
import { decideParticipation } from './decide-participation.js';
import { getParticipation } from './get-participation.js';
import { listParticipants } from './list-participants.js';
import { requestParticipation } from './request-participation.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 4 });

const createdUsers: string[] = [];
const createdBenchmarks: string[] = [];
let gated: FixtureBenchmark;
let gatedPhase: { id: string; name: string; requiresApproval: boolean };
let open: FixtureBenchmark;
let curator: Actor;
let otherCurator: Actor;
let admin: Actor;

async function person(role = 'user'): Promise<Actor & { email: string }> {
  const u = await createUserWithTeam(web, `part-${randomUUID().slice(0, 8)}@example.org`);
  createdUsers.push(u.userId);
  if (role !== 'user') await owner.user.update({ where: { id: u.userId }, data: { role } });
  return { userId: u.userId, role, email: u.email };
}

async function benchmark(requiresApproval: boolean) {
  const fixture = await createClassificationBenchmark(owner, {
    cases: [{ caseId: 'c0', label: 'negative' }],
    phase: { requiresApproval },
  });
  createdBenchmarks.push(fixture.benchmarkId);
  return fixture;
}

const auditActions = async (benchmarkId: string, userId: string) =>
  (
    await owner.auditLog.findMany({
      where: { targetType: 'benchmark', targetId: benchmarkId },
      orderBy: { createdAt: 'asc' },
    })
  )
    .filter((a) => (a.details as { userId?: string }).userId === userId)
    .map((a) => ({ action: a.action, actorId: a.actorId }));

/** The AppError a promise rejects with. */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  gated = await benchmark(true);
  const phase = await owner.phase.findUniqueOrThrow({ where: { id: gated.phaseId } });
  gatedPhase = { id: phase.id, name: phase.name, requiresApproval: phase.requiresApproval };
  open = await benchmark(false);
  curator = await person();
  otherCurator = await person();
  admin = await person('admin');
  await owner.benchmarkCurator.create({
    data: { benchmarkId: gated.benchmarkId, userId: curator.userId },
  });
  await owner.benchmarkCurator.create({
    data: { benchmarkId: open.benchmarkId, userId: otherCurator.userId },
  });
});

afterAll(async () => {
  for (const id of createdBenchmarks) await owner.benchmark.delete({ where: { id } });
  await owner.team.deleteMany({
    where: { memberships: { some: { userId: { in: createdUsers } } } },
  });
  await owner.user.deleteMany({ where: { id: { in: createdUsers } } });
  await Promise.all([owner.$disconnect(), web.$disconnect()]);
});

describe('taking part in a phase that requires approval', () => {
  it('refuses submissions until a curator approves the request: request → 403 → approve → allowed', async () => {
    const alice = await person();
    const before = await refusal(
      assertMaySubmit(web, alice, { slug: gated.slug, phase: gatedPhase }),
    );
    expect(before.code).toBe('FORBIDDEN');
    expect(before.status).toBe(403);
    expect(before.message).toContain(`phase “Open” of "${gated.slug}" needs a curator's approval`);
    expect(before.message).toContain(`/benchmarks/${gated.slug}`);
    expect(before.message).toContain(`POST /api/v1/benchmarks/${gated.slug}/participation`);

    const requested = await requestParticipation(web, alice, gated.slug, {
      message: '  Alice, Example Hospital; a ResNet baseline  ',
    });
    expect(requested.phase.id).toBe(gated.phaseId);
    expect(requested.participation).toMatchObject({
      status: 'PENDING',
      message: 'Alice, Example Hospital; a ResNet baseline',
      decisionNote: null,
    });
    const pending = await refusal(
      assertMaySubmit(web, alice, { slug: gated.slug, phase: gatedPhase }),
    );
    expect(pending.code).toBe('FORBIDDEN');
    expect(pending.message).toMatch(/is waiting for a curator's approval/);

    const approved = await decideParticipation(web, curator, gated.slug, alice.userId, {
      status: 'approved',
      note: 'Welcome',
    });
    expect(approved).toMatchObject({ status: 'APPROVED', decisionNote: 'Welcome' });
    await expect(
      assertMaySubmit(web, alice, { slug: gated.slug, phase: gatedPhase }),
    ).resolves.toBeUndefined();
    expect(await getParticipation(web, alice, gated.slug)).toMatchObject({
      isApproved: true,
      isExempt: false,
      participation: { status: 'APPROVED', decisionNote: 'Welcome' },
    });
    expect(await auditActions(gated.benchmarkId, alice.userId)).toEqual([
      { action: 'participation.request', actorId: alice.userId },
      { action: 'participation.approve', actorId: curator.userId },
    ]);
  });

  it('rejects with a note the person sees, and lets them ask again', async () => {
    const bob = await person();
    await requestParticipation(web, bob, gated.slug, { message: 'bob' });
    await expect(
      decideParticipation(web, curator, gated.slug, bob.userId, { status: 'REJECTED' }),
    ).rejects.toThrow(ZodError);
    const rejected = await decideParticipation(web, curator, gated.slug, bob.userId, {
      status: 'REJECTED',
      note: 'You already take part as bob@lab.example',
    });
    expect(rejected.status).toBe('REJECTED');
    const refused = await refusal(
      assertMaySubmit(web, bob, { slug: gated.slug, phase: gatedPhase }),
    );
    expect(refused.message).toContain('was rejected: “You already take part as bob@lab.example”');
    expect(refused.message).toMatch(/again with more detail/);

    const again = await requestParticipation(web, bob, gated.slug, { message: 'bob, new lab' });
    expect(again.participation).toMatchObject({
      status: 'PENDING',
      message: 'bob, new lab',
      decisionNote: null,
    });
    expect((await auditActions(gated.benchmarkId, bob.userId)).map((a) => a.action)).toEqual([
      'participation.request',
      'participation.reject',
      'participation.request',
    ]);
  });

  it('lets only curators of the benchmark and site admins decide or list requests', async () => {
    const carol = await person();
    await requestParticipation(web, carol, gated.slug, { message: 'carol' });
    for (const stranger of [carol, await person(), otherCurator]) {
      const error = await refusal(
        decideParticipation(web, stranger, gated.slug, carol.userId, { status: 'APPROVED' }),
      );
      expect(error.code).toBe('FORBIDDEN');
      expect((await refusal(listParticipants(web, stranger, gated.slug))).code).toBe('FORBIDDEN');
    }
    expect((await getParticipation(web, carol, gated.slug)).participation?.status).toBe('PENDING');
    await expect(
      decideParticipation(web, admin, gated.slug, carol.userId, { status: 'APPROVED' }),
    ).resolves.toMatchObject({ status: 'APPROVED' });
  });

  it("lists requests for curators with the person's name, e-mail, message and status, pending first", async () => {
    const dan = await person();
    await requestParticipation(web, dan, gated.slug, { message: 'dan from the lab' });
    const rows = await listParticipants(web, curator, gated.slug);
    expect(rows[0]?.status).toBe('PENDING');
    expect(rows.find((r) => r.userId === dan.userId)).toMatchObject({
      user: { id: dan.userId, email: dan.email },
      message: 'dan from the lab',
      phaseName: 'Open',
      status: 'PENDING',
      decidedBy: null,
    });
    const approvedRow = rows.find((r) => r.status === 'APPROVED');
    expect(approvedRow?.decidedBy).not.toBeNull();
  });

  it('needs no approval from curators of the benchmark and site admins', async () => {
    for (const exempt of [curator, admin]) {
      await expect(
        assertMaySubmit(web, exempt, { slug: gated.slug, phase: gatedPhase }),
      ).resolves.toBeUndefined();
      expect(await getParticipation(web, exempt, gated.slug)).toMatchObject({
        isExempt: true,
        isApproved: true,
      });
    }
  });

  it('tells anonymous visitors which phase needs approval, and nothing else', async () => {
    expect(await getParticipation(web, null, gated.slug)).toEqual({
      phase: expect.objectContaining({ id: gated.phaseId, requiresApproval: true }),
      participation: null,
      isExempt: false,
      isApproved: false,
    });
  });

  it('needs no request where no phase requires approval', async () => {
    const erin = await person();
    const phase = { id: open.phaseId, name: 'Open', requiresApproval: false };
    await expect(assertMaySubmit(web, erin, { slug: open.slug, phase })).resolves.toBeUndefined();
    const error = await refusal(requestParticipation(web, erin, open.slug, { message: '' }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/submit your predictions directly/);
    expect(await getParticipation(web, erin, open.slug)).toMatchObject({
      phase: null,
      isApproved: true,
    });
  });

  it('refuses bad input and unknown targets with specific errors, changing nothing', async () => {
    const fay = await person();
    await expect(
      requestParticipation(web, fay, gated.slug, { message: 'x'.repeat(1001) }),
    ).rejects.toThrow(/at most 1,000 characters/);
    expect((await getParticipation(web, fay, gated.slug)).participation).toBeNull();
    expect(
      (
        await refusal(
          decideParticipation(web, curator, gated.slug, fay.userId, { status: 'APPROVED' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    const invalid: unknown = await decideParticipation(web, curator, gated.slug, fay.userId, {
      status: 'MAYBE',
    }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ZodError);
    expect((invalid as ZodError).issues.map((i) => i.message)).toEqual([
      'status must be "APPROVED" or "REJECTED"',
    ]);
    expect((await refusal(requestParticipation(web, fay, 'no-such-benchmark', {}))).code).toBe(
      'NOT_FOUND',
    );
  });
});
