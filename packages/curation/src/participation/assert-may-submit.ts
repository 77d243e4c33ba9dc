import { AppError } from '@medrank/core';
import { participants, type Database } from '@medrank/db';
import type { Actor } from '../access/actor.js';
import { findPublishedForParticipation } from './participation-access.js';

/**
 * Refuses a submission to a phase that requires approval until the submitter's request is
 * approved (site admins and the benchmark's curators are exempt). The message says how to ask.
 * @throws {AppError} FORBIDDEN naming the phase, the request's state and how to ask to take part.
 */
export async function assertMaySubmit(
  db: Database,
  actor: Actor,
  { slug, phase }: { slug: string; phase: { id: string; name: string; requiresApproval: boolean } },
): Promise<void> {
  if (!phase.requiresApproval) return;
  const benchmark = await findPublishedForParticipation(db, actor, slug);
  if (benchmark.isExempt) return;
  const participation = await participants.findForUser(db, phase.id, actor.userId);
  if (participation?.status === 'APPROVED') return;
  const where = `phase “${phase.name}” of "${slug}"`;
  const howToAsk =
    `ask to take part on the benchmark page (/benchmarks/${slug}) or with ` +
    `POST /api/v1/benchmarks/${slug}/participation and a JSON body {"message": "…"}`;
  if (!participation)
    throw new AppError(
      'FORBIDDEN',
      `${where} needs a curator's approval before you can submit: ${howToAsk}. Say who you are and what you will submit; one account per person.`,
    );
  if (participation.status === 'PENDING')
    throw new AppError(
      'FORBIDDEN',
      `your request to take part in ${where} (sent ${participation.requestedAt.slice(0, 10)}) is waiting for a curator's approval; you can submit once it is approved.`,
    );
  throw new AppError(
    'FORBIDDEN',
    `your request to take part in ${where} was rejected${participation.decisionNote ? `: “${participation.decisionNote}”` : ''}. You may ${howToAsk} again with more detail.`,
  );
}
