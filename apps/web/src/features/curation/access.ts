import 'server-only';
import { AppError } from '@medrank/core';
import { listCuratedBenchmarks } from '@medrank/curation';
import { notFound, redirect } from 'next/navigation';
import { db } from '@/server/db';
import { getUser, requireUser } from '@/server/require-user';

/** Who is acting, as the curation functions take it. */
export interface CurationActor {
  userId: string;
  role: string;
}

const toActor = (user: { id: string; role: string }): CurationActor => ({
  userId: user.id,
  role: user.role,
});

/** For route handlers and actions: the signed-in user as an actor, or 401. */
export async function requireActor(request?: Request): Promise<CurationActor> {
  return toActor(await requireUser(request));
}

/** For pages: the actor, or a redirect to sign in that comes back to `path`. */
export async function actorForPage(path: string): Promise<CurationActor> {
  const user = await getUser().catch(() => null);
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return toActor(user);
}

/** Site admins only; everyone else sees the same 404 as for a page that does not exist. */
export async function adminForPage(): Promise<CurationActor> {
  const user = await getUser().catch(() => null);
  if (!user || user.role !== 'admin') notFound();
  return toActor(user);
}

export async function requireAdmin(request?: Request): Promise<CurationActor> {
  const actor = await requireActor(request);
  if (actor.role !== 'admin') throw new AppError('NOT_FOUND', 'not found');
  return actor;
}

/** What the site header offers: Curate for site curators, admins and benchmark curators. */
export async function curationLinks(): Promise<{ curate: boolean; admin: boolean }> {
  const user = await getUser().catch(() => null);
  if (!user) return { curate: false, admin: false };
  if (user.role === 'admin') return { curate: true, admin: true };
  if ((user.role as string) === 'curator') return { curate: true, admin: false };
  const curated = await listCuratedBenchmarks(db(), toActor(user)).catch(() => []);
  return { curate: curated.length > 0, admin: false };
}
