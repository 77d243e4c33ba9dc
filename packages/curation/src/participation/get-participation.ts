import { participants, type Database } from '@medrank/db';
import type { Actor } from '../access/actor.js';
import { findPublishedForParticipation } from './participation-access.js';

export interface ParticipationState {
  /** The current or next phase that requires approval; null when taking part needs none. */
  phase: participants.ParticipationPhaseDto | null;
  /** The actor's request for that phase; null when there is none (or nobody is signed in). */
  participation: participants.ParticipationDto | null;
  /** Site admins and the benchmark's curators need no approval. */
  isExempt: boolean;
  /** Whether the actor may submit to that phase as far as approval goes (quotas still apply). */
  isApproved: boolean;
}

/**
 * Where the actor stands on taking part in the benchmark: the phase that needs approval and their
 * request's status with the curator's note. Anonymous callers get the phase only.
 * @throws {AppError} NOT_FOUND for an unknown or draft benchmark.
 */
export async function getParticipation(
  db: Database,
  actor: Actor | null,
  slug: string,
): Promise<ParticipationState> {
  const benchmark = await findPublishedForParticipation(db, actor, slug);
  const phase = await participants.findApprovalPhase(db, benchmark.benchmarkId);
  const participation =
    phase && actor ? await participants.findForUser(db, phase.id, actor.userId) : null;
  return {
    phase,
    participation,
    isExempt: benchmark.isExempt,
    isApproved: !phase || benchmark.isExempt || participation?.status === 'APPROVED',
  };
}
