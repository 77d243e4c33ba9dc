import type { Database } from '../client.js';
import { Prisma } from '../client.js';

export type BoardEntryCount = {
  /** The evaluator version the board ranks on (see `rankedEvaluatorVersion`). */
  rankedVersion: number | null;
  /** Scored, published, released and not hidden evaluations at the ranked version. */
  verified: number;
  /** Reported entries not hidden by moderation. */
  reported: number;
};

/**
 * The entries a board lists by default, per test set: the one count the board's tabs and the
 * catalog cards share, so a card never announces entries the board does not show (it used to
 * count scored submissions of every track and skip reported rows).
 */
export async function countBoardEntries(
  db: Database,
  testSetIds: readonly string[],
): Promise<Map<string, BoardEntryCount>> {
  const counts = new Map<string, BoardEntryCount>();
  if (testSetIds.length === 0) return counts;
  const rows = await db.$queryRaw<
    { id: string; version: number | null; verified: bigint; reported: bigint }[]
  >`
    WITH ranked AS (
      SELECT ts.id,
             COALESCE(GREATEST(
               (SELECT max(r."evaluatorVersion") FROM public.rescore_runs r
                 WHERE r."testSetId" = ts.id AND r.status = 'DONE'),
               (SELECT min(e."evaluatorVersion") FROM public.evaluations e WHERE e."testSetId" = ts.id)
             ), ts."evaluatorVersion") AS version
        FROM public.test_sets ts WHERE ts.id IN (${Prisma.join([...testSetIds])}))
    SELECT ranked.id, ranked.version,
           (SELECT count(*) FROM public.evaluations e JOIN public.submissions s ON s.id = e."submissionId"
             WHERE e."testSetId" = ranked.id AND e."evaluatorVersion" = ranked.version
               AND e."isReleased"
               AND s.status = 'SCORED' AND s."isPublished" AND s.moderation <> 'HIDDEN') AS verified,
           (SELECT count(*) FROM public.reported_entries re
             WHERE re."testSetId" = ranked.id AND re.moderation <> 'HIDDEN') AS reported
      FROM ranked`;
  for (const row of rows) {
    counts.set(row.id, {
      rankedVersion: row.version,
      verified: Number(row.verified),
      reported: Number(row.reported),
    });
  }
  return counts;
}
