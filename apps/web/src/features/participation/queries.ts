import 'server-only';
import { isAppError } from '@medrank/core';
import { getParticipation, type ParticipationState } from '@medrank/curation';
import type { UserDto } from '@medrank/db';
import { db } from '@/server/db';

/**
 * Where the viewer stands on taking part in the benchmark (the phase that needs approval, their
 * request); anonymous viewers get the phase only. Null for a draft, which takes no participants.
 */
export async function participationForPage(
  user: UserDto | null,
  slug: string,
): Promise<ParticipationState | null> {
  try {
    return await getParticipation(db(), user ? { userId: user.id, role: user.role } : null, slug);
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}
