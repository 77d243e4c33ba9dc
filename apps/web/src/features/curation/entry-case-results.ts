import 'server-only';
import { assertCanCurate } from '@medrank/curation';
import {
  askBoardQuery,
  entryCaseResults,
  type EntryCaseResultsInput,
  type EntryCaseResultsResult,
} from '@medrank/jobs';
import { csvLine } from '@/lib/csv';
import { db } from '@/server/db';
import { queues } from '@/server/queues';
import type { CurationActor } from './access';

export type EntryCaseResults = EntryCaseResultsResult;

// The page size and the row limit live with the route's contract, whose query schema applies them.
export { ENTRY_CASES_MAX_ROWS, ENTRY_CASES_PAGE_SIZE } from '@/api-contract/curation';
const TIMEOUT_MS = 30_000;

/**
 * Per-case results of one entry on one test set for a curator of the benchmark. The caller is
 * checked here first (the same NOT_FOUND / FORBIDDEN as every curation route), then a worker
 * (the only process that can read per-case values) checks again and answers.
 * @throws {AppError} NOT_FOUND, FORBIDDEN, BAD_REQUEST, or UNAVAILABLE when no worker answers.
 */
export async function askEntryCaseResults(
  actor: CurationActor,
  input: Omit<EntryCaseResultsInput, 'actorUserId'>,
): Promise<EntryCaseResults> {
  await assertCanCurate(db(), actor, input.slug);
  return askBoardQuery(
    queues(),
    entryCaseResults,
    { ...input, actorUserId: actor.userId },
    { timeoutMs: TIMEOUT_MS },
  );
}

/** The same table as CSV: case id, categories, truth, then one column per metric. */
export function entryCasesCsv(result: EntryCaseResults): string {
  const header = ['case_id', ...result.dimensions, 'truth', ...result.metrics];
  const lines = [csvLine(header)];
  for (const row of result.rows)
    lines.push(
      csvLine([
        row.caseId,
        ...result.dimensions.map((d) => row.categories[d] ?? ''),
        row.truth,
        ...result.metrics.map((m) => row.values[m]),
      ]),
    );
  return `${lines.join('\n')}\n`;
}
