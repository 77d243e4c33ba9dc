import { boardQueryLog, type Database } from '@medrank/db';
import { assertCanCurate, type Actor } from '../access/actor.js';

/**
 * Who asked a benchmark's boards for custom subsets and comparisons, and what came of it,
 * newest first: for its curators (and site admins), to spot someone differencing subsets.
 */
export async function listBoardQueries(
  db: Database,
  actor: Actor,
  slug: string,
  { limit = 50, cursor }: { limit?: number; cursor?: string } = {},
) {
  const benchmark = await assertCanCurate(db, actor, slug);
  return boardQueryLog.listForBenchmark(db, benchmark.benchmarkId, { limit, cursor });
}
