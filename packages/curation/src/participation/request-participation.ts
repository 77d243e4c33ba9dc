import { AppError } from '@medrank/core';
import { participants, type Database } from '@medrank/db';
import { z } from 'zod';
import type { Actor } from '../access/actor.js';
import { findPublishedForParticipation } from './participation-access.js';

/** What a curator reads before deciding: who you are, your affiliation, what you will submit. */
export const MAX_PARTICIPATION_MESSAGE_LENGTH = 1000;

export const requestParticipationInputSchema = z.object({
  message: z
    .string()
    .trim()
    .max(
      MAX_PARTICIPATION_MESSAGE_LENGTH,
      `at most ${MAX_PARTICIPATION_MESSAGE_LENGTH.toLocaleString('en-GB')} characters`,
    )
    .default(''),
});
export type RequestParticipationInput = z.input<typeof requestParticipationInputSchema>;

/**
 * Asks to take part in the benchmark's current or next phase that requires approval (grand-challenge
 * style: one account per person, checked by a curator, so quotas per person mean something).
 * Asking again while pending updates the message; after a rejection it asks again; an approved
 * request stays approved. Audited.
 * @throws {AppError} NOT_FOUND for an unknown or draft benchmark; CONFLICT when no phase of the
 * benchmark requires approval (submit directly).
 */
export async function requestParticipation(
  db: Database,
  actor: Actor,
  slug: string,
  input: RequestParticipationInput,
): Promise<{
  phase: participants.ParticipationPhaseDto;
  participation: participants.ParticipationDto;
}> {
  const { message } = requestParticipationInputSchema.parse(input);
  const benchmark = await findPublishedForParticipation(db, actor, slug);
  const phase = await participants.findApprovalPhase(db, benchmark.benchmarkId);
  if (!phase)
    throw new AppError(
      'CONFLICT',
      `no phase of "${slug}" requires approval to take part: submit your predictions directly`,
    );
  const { participation } = await participants.request(db, {
    benchmarkId: benchmark.benchmarkId,
    phaseId: phase.id,
    userId: actor.userId,
    message,
  });
  return { phase, participation };
}
