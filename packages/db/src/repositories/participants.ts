// Participation in phases that require a curator's approval (phase_participants): a person asks
// to take part, a curator of the benchmark approves or rejects with a note. Every change writes an
// audit row against the benchmark, in the same transaction.
import { AppError } from '@medrank/core';
import type { Database } from '../client.js';
import { recordAudit } from './curators.js';

export type ParticipationStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

/** A phase as participation needs it. */
export interface ParticipationPhaseDto {
  id: string;
  name: string;
  opensAt: string;
  closesAt: string | null;
  requiresApproval: boolean;
}

/** One person's request for one phase, as they and the curators see it. */
export interface ParticipationDto {
  phaseId: string;
  userId: string;
  status: ParticipationStatus;
  message: string;
  requestedAt: string;
  decidedAt: string | null;
  /** The curator's note, shown to the participant. */
  decisionNote: string | null;
}

/** A request as the curators' table lists it. */
export interface ParticipantRowDto extends ParticipationDto {
  phaseName: string;
  user: { id: string; name: string; email: string };
  decidedBy: { id: string; name: string } | null;
}

type ParticipantRow = {
  phaseId: string;
  userId: string;
  status: ParticipationStatus;
  message: string;
  createdAt: Date;
  decidedAt: Date | null;
  decisionNote: string | null;
};

const toDto = (p: ParticipantRow): ParticipationDto => ({
  phaseId: p.phaseId,
  userId: p.userId,
  status: p.status,
  message: p.message,
  requestedAt: p.createdAt.toISOString(),
  decidedAt: p.decidedAt?.toISOString() ?? null,
  decisionNote: p.decisionNote,
});

const toPhaseDto = (p: {
  id: string;
  name: string;
  opensAt: Date;
  closesAt: Date | null;
  requiresApproval: boolean;
}): ParticipationPhaseDto => ({
  id: p.id,
  name: p.name,
  opensAt: p.opensAt.toISOString(),
  closesAt: p.closesAt?.toISOString() ?? null,
  requiresApproval: p.requiresApproval,
});

/**
 * The phase a request to take part is for: of the benchmark's phases that require approval and
 * have not closed, the one that opens first (the open one, else the next). Null when none does.
 */
export async function findApprovalPhase(
  db: Database,
  benchmarkId: string,
  now = new Date(),
): Promise<ParticipationPhaseDto | null> {
  const phase = await db.phase.findFirst({
    where: {
      benchmarkId,
      requiresApproval: true,
      OR: [{ closesAt: null }, { closesAt: { gt: now } }],
    },
    orderBy: [{ opensAt: 'asc' }, { id: 'asc' }],
  });
  return phase ? toPhaseDto(phase) : null;
}

/** Whether the phase (by id) requires approval; null for an unknown phase. */
export async function findPhase(
  db: Database,
  phaseId: string,
): Promise<(ParticipationPhaseDto & { benchmarkId: string }) | null> {
  const phase = await db.phase.findUnique({ where: { id: phaseId } });
  return phase ? { ...toPhaseDto(phase), benchmarkId: phase.benchmarkId } : null;
}

export async function findForUser(
  db: Database,
  phaseId: string,
  userId: string,
): Promise<ParticipationDto | null> {
  const row = await db.phaseParticipant.findUnique({
    where: { phaseId_userId: { phaseId, userId } },
  });
  return row ? toDto(row) : null;
}

/**
 * Records a request to take part (PENDING). A pending request gets the new message; a rejected
 * one is asked again (PENDING, the old decision cleared but kept in the audit log); an approved
 * one stays approved and is returned as it is.
 */
export async function request(
  db: Database,
  input: { benchmarkId: string; phaseId: string; userId: string; message: string },
): Promise<{ participation: ParticipationDto; changed: boolean }> {
  return db.$transaction(async (tx) => {
    const existing = await tx.phaseParticipant.findUnique({
      where: { phaseId_userId: { phaseId: input.phaseId, userId: input.userId } },
    });
    if (existing?.status === 'APPROVED') return { participation: toDto(existing), changed: false };
    const row = await tx.phaseParticipant.upsert({
      where: { phaseId_userId: { phaseId: input.phaseId, userId: input.userId } },
      create: { phaseId: input.phaseId, userId: input.userId, message: input.message },
      update: {
        status: 'PENDING',
        message: input.message,
        decidedById: null,
        decidedAt: null,
        decisionNote: null,
      },
    });
    const [user, phase] = await Promise.all([
      tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { email: true } }),
      tx.phase.findUniqueOrThrow({ where: { id: input.phaseId }, select: { name: true } }),
    ]);
    await recordAudit(tx, {
      actorId: input.userId,
      benchmarkId: input.benchmarkId,
      action: 'participation.request',
      target: `participation of ${user.email} in phase “${phase.name}”`,
      details: {
        phaseId: input.phaseId,
        userId: input.userId,
        previousStatus: existing?.status ?? null,
      },
    });
    return { participation: toDto(row), changed: true };
  });
}

/** Every request on the benchmark's phases, pending first, then newest first. */
export async function listForBenchmark(
  db: Database,
  benchmarkId: string,
): Promise<ParticipantRowDto[]> {
  const rows = await db.phaseParticipant.findMany({
    where: { phase: { benchmarkId } },
    include: {
      phase: { select: { name: true } },
      user: { select: { id: true, name: true, email: true } },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  const deciders = new Map(
    (
      await db.user.findMany({
        where: { id: { in: rows.flatMap((r) => (r.decidedById ? [r.decidedById] : [])) } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u]),
  );
  const order: Record<ParticipationStatus, number> = { PENDING: 0, APPROVED: 1, REJECTED: 2 };
  return rows
    .map((r) => ({
      ...toDto(r),
      phaseName: r.phase.name,
      user: r.user,
      decidedBy: r.decidedById ? (deciders.get(r.decidedById) ?? null) : null,
    }))
    .sort((a, b) => order[a.status] - order[b.status]);
}

/**
 * A curator's decision on a request of the benchmark (approve or reject, with a note), with its
 * audit row, in one transaction. A decision may be changed later (e.g. an approval revoked).
 * @throws {AppError} NOT_FOUND when the person has no request on that phase of the benchmark.
 */
export async function decide(
  db: Database,
  input: {
    benchmarkId: string;
    phaseId: string;
    userId: string;
    status: 'APPROVED' | 'REJECTED';
    note: string | null;
    actorId: string;
  },
): Promise<ParticipationDto> {
  return db.$transaction(async (tx) => {
    const existing = await tx.phaseParticipant.findFirst({
      where: {
        phaseId: input.phaseId,
        userId: input.userId,
        phase: { benchmarkId: input.benchmarkId },
      },
      include: { user: { select: { email: true } }, phase: { select: { name: true } } },
    });
    if (!existing)
      throw new AppError(
        'NOT_FOUND',
        `user ${input.userId} has not asked to take part in this phase`,
      );
    const row = await tx.phaseParticipant.update({
      where: { id: existing.id },
      data: {
        status: input.status,
        decisionNote: input.note,
        decidedById: input.actorId,
        decidedAt: new Date(),
      },
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      benchmarkId: input.benchmarkId,
      action: input.status === 'APPROVED' ? 'participation.approve' : 'participation.reject',
      target: `participation of ${existing.user.email} in phase “${existing.phase.name}”`,
      details: {
        phaseId: input.phaseId,
        userId: input.userId,
        previousStatus: existing.status,
        status: input.status,
        note: input.note,
      },
    });
    return toDto(row);
  });
}

/** The phases of the benchmark a person has asked to take part in, with the request. */
export async function listForUserOnBenchmark(
  db: Database,
  benchmarkId: string,
  userId: string,
): Promise<ParticipationDto[]> {
  const rows = await db.phaseParticipant.findMany({
    where: { userId, phase: { benchmarkId } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toDto);
}
