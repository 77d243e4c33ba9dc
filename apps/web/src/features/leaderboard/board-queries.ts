import 'server-only';
import { AppError, isAppError } from '@medrank/core';
import * as jobsPackage from '@medrank/jobs';
import { logger } from '@/server/logger';
import { queues } from '@/server/queues';

/**
 * Questions about hidden data (a category subset, a paired comparison) answered by the worker,
 * which alone may read per-case values. Only aggregates come back.
 */
export interface SubsetScores {
  n: number;
  metrics: string[];
  entries: {
    submissionId: string;
    scores: Record<string, { value: number | null; ciLow: number | null; ciHigh: number | null }>;
  }[];
}

export interface CompareMetric {
  metric: string;
  a: number | null;
  b: number | null;
  diff: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  pValue: number | null;
}

const BOARD_QUERY_TIMEOUT_MS = 15_000;

type AskBoardQuery = (
  client: unknown,
  definition: unknown,
  payload: unknown,
  options: { timeoutMs: number },
) => Promise<unknown>;

// TEMPORARY until packages/jobs exports askBoardQuery, subsetScores and compareEntries
// (board-backend): looked up at run time so the web type-checks before they land.
function boardQueryClient() {
  const jobs = jobsPackage as unknown as {
    askBoardQuery?: AskBoardQuery;
    subsetScores?: unknown;
    compareEntries?: unknown;
  };
  if (!jobs.askBoardQuery || !jobs.subsetScores || !jobs.compareEntries) {
    throw new AppError('UNAVAILABLE', 'board queries are not available on this server yet');
  }
  return jobs as Required<typeof jobs>;
}

async function ask(kind: 'subset' | 'compare', payload: Record<string, unknown>) {
  const client = boardQueryClient();
  const definition = kind === 'subset' ? client.subsetScores : client.compareEntries;
  try {
    return await client.askBoardQuery(queues(), definition, payload, {
      timeoutMs: BOARD_QUERY_TIMEOUT_MS,
    });
  } catch (error) {
    if (isAppError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    // The worker refuses with a clear reason (subset too small, scores hidden): pass it on.
    if (/timed? ?out/i.test(message)) {
      throw new AppError(
        'UNAVAILABLE',
        `no scoring worker answered within ${BOARD_QUERY_TIMEOUT_MS / 1000} s; try again in a moment`,
      );
    }
    logger().warn({ err: error, kind }, 'board query refused or failed');
    throw new AppError('BAD_REQUEST', message);
  }
}

export async function askSubsetScores(input: {
  slug: string;
  trackSlug: string;
  testSetSlug: string;
  filters: Record<string, string[]>;
}): Promise<SubsetScores> {
  return (await ask('subset', input)) as SubsetScores;
}

export async function askCompareEntries(input: {
  slug: string;
  trackSlug: string;
  testSetSlug: string;
  a: string;
  b: string;
}): Promise<CompareMetric[]> {
  const result = (await ask('compare', input)) as
    | CompareMetric[]
    | { metrics: CompareMetric[] | Record<string, Omit<CompareMetric, 'metric'>> }
    | Record<string, Omit<CompareMetric, 'metric'>>;
  // The contract says "per metric"; accept a list or a record keyed by metric.
  const perMetric = Array.isArray(result)
    ? result
    : 'metrics' in result && typeof result.metrics === 'object'
      ? result.metrics
      : result;
  return Array.isArray(perMetric)
    ? perMetric
    : Object.entries(perMetric as Record<string, Omit<CompareMetric, 'metric'>>).map(
        ([metric, values]) => ({ ...values, metric }),
      );
}
