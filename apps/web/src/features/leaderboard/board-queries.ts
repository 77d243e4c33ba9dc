import 'server-only';
import {
  askBoardQuery,
  compareEntries,
  subsetScores,
  type CompareEntriesResult,
  type SubsetScoresInput,
  type SubsetScoresResult,
} from '@medrank/jobs';
import { queues } from '@/server/queues';

/**
 * Questions about hidden data (a category subset, a paired comparison) answered by a worker,
 * the only process that may read per-case values. Only aggregates come back. askBoardQuery
 * throws AppError: UNAVAILABLE when no worker answers in time, or the worker's refusal
 * (subset too small, scores hidden) with its message.
 */
export type SubsetScores = SubsetScoresResult;
export type CompareMetric = CompareEntriesResult['metrics'][number];

const BOARD_QUERY_TIMEOUT_MS = 15_000;

export function askSubsetScores(input: SubsetScoresInput): Promise<SubsetScores> {
  return askBoardQuery(queues(), subsetScores, input, { timeoutMs: BOARD_QUERY_TIMEOUT_MS });
}

export async function askCompareEntries(input: {
  slug: string;
  trackSlug: string;
  testSetSlug: string;
  a: string;
  b: string;
}): Promise<CompareEntriesResult> {
  return askBoardQuery(queues(), compareEntries, input, { timeoutMs: BOARD_QUERY_TIMEOUT_MS });
}
