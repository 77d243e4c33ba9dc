import { AppError } from '@medrank/core';
import { curators, type Database } from '@medrank/db';
import { isSiteAdmin, type Actor } from '../access/actor.js';

/**
 * A published benchmark as participation sees it, and whether the actor may skip approval: site
 * admins and the benchmark's curators, who could approve themselves anyway.
 * @throws {AppError} NOT_FOUND for an unknown slug or a draft (drafts take no participants).
 */
export async function findPublishedForParticipation(
  db: Database,
  actor: Actor | null,
  slug: string,
): Promise<{ benchmarkId: string; slug: string; title: string; isExempt: boolean }> {
  const access = await curators.findAccess(db, slug, actor?.userId ?? '');
  if (!access || access.status !== 'PUBLISHED')
    throw new AppError('NOT_FOUND', `benchmark "${slug}" not found`);
  return {
    benchmarkId: access.benchmarkId,
    slug: access.slug,
    title: access.title,
    isExempt: actor !== null && (isSiteAdmin(actor) || access.isCurator),
  };
}
