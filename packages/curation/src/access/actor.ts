import { AppError } from '@medrank/core';
import { curators, type Database } from '@medrank/db';

/** Who is acting: a signed-in user and their site role ('admin', 'curator' or 'user'). */
export interface Actor {
  userId: string;
  role: string;
}

export const isSiteAdmin = (actor: Actor) => actor.role === 'admin';

/** Site admins, and users an admin gave the site role `curator`, may create benchmarks. */
export const canCreateBenchmarks = (actor: Actor) =>
  actor.role === 'admin' || actor.role === 'curator';

/** Refuses actors who may not create benchmarks, before anything they sent is looked at. */
export function assertCanCreateBenchmarks(actor: Actor): void {
  if (!canCreateBenchmarks(actor))
    throw new AppError(
      'FORBIDDEN',
      'creating benchmarks needs the curator role; ask a site admin to grant it',
    );
}

export function assertSiteAdmin(actor: Actor): void {
  if (!isSiteAdmin(actor)) throw new AppError('FORBIDDEN', 'only site admins may do this');
}

export interface CuratedBenchmark {
  benchmarkId: string;
  slug: string;
  title: string;
  status: 'DRAFT' | 'PUBLISHED';
}

/**
 * The benchmark if `actor` may curate it. A draft is invisible to anyone but its curators and
 * site admins, so they get NOT_FOUND (a draft's existence does not leak); a published benchmark
 * that is not theirs gives FORBIDDEN.
 */
export async function assertCanCurate(
  db: Database,
  actor: Actor,
  slug: string,
): Promise<CuratedBenchmark> {
  const access = await curators.findAccess(db, slug, actor.userId);
  const notFound = () => new AppError('NOT_FOUND', `no benchmark "${slug}"`);
  if (!access) throw notFound();
  const { benchmarkId, title, status } = access;
  if (isSiteAdmin(actor) || access.isCurator) return { benchmarkId, slug, title, status };
  if (status === 'DRAFT') throw notFound();
  throw new AppError('FORBIDDEN', `you are not a curator of "${slug}"`);
}
