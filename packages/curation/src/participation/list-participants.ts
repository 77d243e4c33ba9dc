import { participants, type Database } from '@medrank/db';
import { assertCanCurate, type Actor } from '../access/actor.js';

/**
 * Every request to take part in the benchmark's phases (pending first), for its curators and
 * site admins: person, e-mail, message, date, status and decision.
 * @throws {AppError} NOT_FOUND / FORBIDDEN as assertCanCurate.
 */
export async function listParticipants(
  db: Database,
  actor: Actor,
  slug: string,
): Promise<participants.ParticipantRowDto[]> {
  const benchmark = await assertCanCurate(db, actor, slug);
  return participants.listForBenchmark(db, benchmark.benchmarkId);
}
