import { AppError } from '@medrank/core';
import { participants, type Database } from '@medrank/db';
import { z } from 'zod';
import { assertCanCurate, type Actor } from '../access/actor.js';

export const MAX_DECISION_NOTE_LENGTH = 1000;

export const decideParticipationInputSchema = z
  .object({
    status: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
      z.enum(['APPROVED', 'REJECTED'], { message: 'status must be "APPROVED" or "REJECTED"' }),
    ),
    /** Shown to the participant; required when rejecting, so they know why. */
    note: z
      .string()
      .trim()
      .max(
        MAX_DECISION_NOTE_LENGTH,
        `at most ${MAX_DECISION_NOTE_LENGTH.toLocaleString('en-GB')} characters`,
      )
      .nullish()
      .transform((v) => v || null),
    /** Which phase; needed only when the person asked to take part in several. */
    phaseId: z.string().trim().max(64).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.status === 'REJECTED' && !input.note)
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        message: 'say why the request is rejected: the participant sees this note',
      });
  });
export type DecideParticipationInput = z.input<typeof decideParticipationInputSchema>;

/**
 * A curator approves or rejects a person's request to take part (with a note the person sees).
 * Audited with the status before and after.
 * @throws {AppError} NOT_FOUND / FORBIDDEN as assertCanCurate; NOT_FOUND when the person has no
 * request on the benchmark; BAD_REQUEST when they have several and no phase is named.
 */
export async function decideParticipation(
  db: Database,
  actor: Actor,
  slug: string,
  userId: string,
  input: DecideParticipationInput,
): Promise<participants.ParticipationDto> {
  // Who is deciding before what they sent: a stranger learns nothing from validation messages.
  const benchmark = await assertCanCurate(db, actor, slug);
  const { status, note, phaseId } = decideParticipationInputSchema.parse(input);
  let targetPhaseId = phaseId;
  if (!targetPhaseId) {
    const requests = await participants.listForUserOnBenchmark(db, benchmark.benchmarkId, userId);
    if (requests.length === 0)
      throw new AppError('NOT_FOUND', `user ${userId} has not asked to take part in "${slug}"`);
    if (requests.length > 1)
      throw new AppError(
        'BAD_REQUEST',
        `user ${userId} asked to take part in ${requests.length} phases of "${slug}": name one with "phaseId" (${requests.map((r) => r.phaseId).join(', ')})`,
      );
    targetPhaseId = requests[0]!.phaseId;
  }
  return participants.decide(db, {
    benchmarkId: benchmark.benchmarkId,
    phaseId: targetPhaseId,
    userId,
    status,
    note,
    actorId: actor.userId,
  });
}
