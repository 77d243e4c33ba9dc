import type { Database } from '../client.js';
import { type Prisma } from '../client.js';

/** Questions about hidden data a board answers through the worker. */
export type BoardQueryKind = 'subset' | 'compare';
/**
 * What became of a question: answered with aggregates; refused (by the rules: bad input,
 * hidden scores, a subset the disclosure rule forbids, an unknown entry); rate-limited; or
 * failed on our side (no worker answered, an unexpected error).
 */
export type BoardQueryOutcome = 'answered' | 'refused' | 'rate-limited' | 'failed';

export interface BoardQueryLogDto {
  id: string;
  at: string;
  user: { id: string; name: string; email: string } | null;
  kind: string;
  query: Record<string, unknown>;
  outcome: string;
}

/**
 * Logs one board question against the benchmark with this slug (who asked what, and what came
 * of it). An unknown slug logs nothing: there is no benchmark whose curators could read it.
 * @returns whether a row was written.
 */
export async function record(
  db: Database,
  entry: {
    userId: string;
    benchmarkSlug: string;
    kind: BoardQueryKind;
    query: Record<string, unknown>;
    outcome: BoardQueryOutcome;
  },
): Promise<boolean> {
  const benchmark = await db.benchmark.findUnique({
    where: { slug: entry.benchmarkSlug },
    select: { id: true },
  });
  if (!benchmark) return false;
  await db.boardQueryLog.create({
    data: {
      userId: entry.userId,
      benchmarkId: benchmark.id,
      kind: entry.kind,
      query: entry.query as Prisma.InputJsonValue,
      outcome: entry.outcome,
    },
  });
  return true;
}

/**
 * A benchmark's board questions, newest first; `cursor` is the id of the last row of the
 * previous page.
 */
export async function listForBenchmark(
  db: Database,
  benchmarkId: string,
  { limit = 50, cursor }: { limit?: number; cursor?: string } = {},
): Promise<BoardQueryLogDto[]> {
  const take = Math.max(1, Math.min(200, Math.floor(limit)));
  const rows = await db.boardQueryLog.findMany({
    where: { benchmarkId },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  return rows.map((r) => ({
    id: r.id,
    at: r.createdAt.toISOString(),
    user: r.user,
    kind: r.kind,
    query: (r.query ?? {}) as Record<string, unknown>,
    outcome: r.outcome,
  }));
}
