import 'server-only';
import { assertCanCurate } from '@medrank/curation';
import { benchmarks, type BenchmarkDto } from '@medrank/db';
import { db } from '@/server/db';
import { getUser } from '@/server/require-user';

export const listCatalog = () => benchmarks.listPublished(db());
export const getBenchmark = (slug: string) => benchmarks.findPublishedBySlug(db(), slug);

/**
 * A benchmark as the caller may see it: published ones for everyone, drafts for their curators
 * and site admins; null otherwise (a draft's existence does not leak).
 */
export async function getBenchmarkForViewer(
  slug: string,
  request?: Request,
): Promise<BenchmarkDto | null> {
  const benchmark = await benchmarks.findBySlug(db(), slug, { includeDrafts: true });
  if (!benchmark || benchmark.status === 'PUBLISHED') return benchmark;
  const user = await getUser(request).catch(() => null);
  if (!user) return null;
  try {
    await assertCanCurate(db(), { userId: user.id, role: user.role }, slug);
    return benchmark;
  } catch {
    return null;
  }
}
