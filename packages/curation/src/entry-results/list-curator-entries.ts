import { entryCases, type Database } from '@medrank/db';
import { assertCanCurate, type Actor } from '../access/actor.js';

/**
 * Scored entries of a benchmark with the test sets they were scored on, for the curator's
 * per-case results page. Curators of the benchmark and site admins only: a draft is NOT_FOUND
 * and a published benchmark someone does not curate FORBIDDEN, as on every curation route.
 */
export async function listCuratorEntries(db: Database, actor: Actor, slug: string) {
  const benchmark = await assertCanCurate(db, actor, slug);
  return { benchmark, entries: await entryCases.listScoredEntries(db, benchmark.benchmarkId) };
}
