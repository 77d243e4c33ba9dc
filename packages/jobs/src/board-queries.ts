import { randomUUID } from 'node:crypto';
import {
  AppError,
  BOARD_QUERIES_QUEUE,
  COMPARE_ENTRIES_JOB,
  SUBSET_SCORES_JOB,
} from '@medrank/core';
import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { defineJob, type JobDefinition, type JobPayload } from './define-job.js';
import type { QueueClient } from './queue-client.js';

export { BOARD_QUERIES_QUEUE } from '@medrank/core';

// Read-only questions about hidden per-case results, asked by the web and answered by a worker
// with aggregates only (request/response over BullMQ). The web checks that the viewer may see
// the benchmark (drafts) before it asks; the worker checks everything about the data.

const slug = z.string().min(1).max(200);
const id = z.string().min(1).max(64);

const boardPayload = {
  slug,
  trackSlug: slug,
  testSetSlug: slug,
};

const BOARD_QUERY_OPTIONS = {
  attempts: 1,
  // Answers are read once through QueueEvents; keep them briefly for a slow reader only.
  removeOnComplete: { age: 60 },
  removeOnFail: { age: 600 },
} as const;

/** Every per-case metric recomputed on the cases whose public metadata match `filters`. */
export const subsetScores = defineJob({
  queue: BOARD_QUERIES_QUEUE,
  name: SUBSET_SCORES_JOB,
  payload: z.object({
    ...boardPayload,
    /** Dimension → accepted categories: OR within a dimension, AND across dimensions. */
    filters: z
      .record(z.string().min(1).max(200), z.array(z.string().min(1).max(200)).min(1).max(500))
      .refine((f) => Object.keys(f).length >= 1 && Object.keys(f).length <= 20, {
        message: 'filters must name between 1 and 20 dimensions',
      }),
  }),
  options: BOARD_QUERY_OPTIONS,
});

/** Paired difference of two entries per metric, from their stored bootstrap replicates. */
export const compareEntries = defineJob({
  queue: BOARD_QUERIES_QUEUE,
  name: COMPARE_ENTRIES_JOB,
  payload: z.object({ ...boardPayload, a: id, b: id }),
  options: BOARD_QUERY_OPTIONS,
});

/** The job name of entryCaseResults (the curator's per-case view). */
export const ENTRY_CASE_RESULTS_JOB = 'entry-case-results';

/**
 * Per-case values of one entry on one test set, sorted and paged, for a curator of the
 * benchmark: the web checks the caller first; the worker checks again from `actorUserId` (the
 * user's role and curatorships as stored) before it reads anything hidden.
 */
export const entryCaseResults = defineJob({
  queue: BOARD_QUERIES_QUEUE,
  name: ENTRY_CASE_RESULTS_JOB,
  payload: z.object({
    slug,
    submissionId: id,
    testSetId: id,
    actorUserId: id,
    /** A metric to sort by (missing values last); case id order when absent. */
    sortMetric: z.string().min(1).max(200).optional(),
    order: z.enum(['asc', 'desc']).default('asc'),
    offset: z.number().int().min(0).max(10_000_000).default(0),
    /** Rows to return; the CSV download asks for every case (up to the maximum). */
    limit: z.number().int().min(1).max(100_000).default(50),
  }),
  options: BOARD_QUERY_OPTIONS,
});

export type EntryCaseResultsInput = z.input<typeof entryCaseResults.payload>;

export interface EntryCaseResultsResult {
  submissionId: string;
  methodName: string;
  testSetSlug: string;
  evaluatorVersion: number;
  /** Per-case metrics stored for the entry, in track order. */
  metrics: string[];
  /** Category dimensions of the cases' metadata, in first-seen order. */
  dimensions: string[];
  /** Cases in the test set. */
  total: number;
  offset: number;
  sortMetric: string | null;
  order: 'asc' | 'desc';
  /** Why there are no rows or no values (e.g. the cases changed since this scoring). */
  note: string | null;
  rows: {
    caseId: string;
    categories: Record<string, string>;
    /** A short text of the case's truth (label, answer, value…); null where it is not cheap. */
    truth: string | null;
    values: Record<string, number | null>;
  }[];
}

export type SubsetScoresInput = JobPayload<typeof subsetScores>;
export type CompareEntriesInput = JobPayload<typeof compareEntries>;

export interface SubsetScoresResult {
  /** Cases in the subset. */
  n: number;
  /** Metrics recomputed (per-case metrics of the track, in track order). */
  metrics: string[];
  /** Metrics of the track that are not means of per-case values (e.g. AUROC, corpus BLEU). */
  unavailable: { metric: string; reason: string }[];
  evaluatorVersion: number;
  /** How the CIs were computed, for the page to state. */
  method: string;
  entries: {
    submissionId: string;
    scores: Record<string, { value: number | null; ciLow: number | null; ciHigh: number | null }>;
  }[];
}

export interface CompareEntriesResult {
  evaluatorVersion: number;
  a: { submissionId: string; methodName: string };
  b: { submissionId: string; methodName: string };
  method: string;
  metrics: {
    metric: string;
    a: number | null;
    b: number | null;
    diff: number | null;
    ciLow: number | null;
    ciHigh: number | null;
    pValue: number | null;
    /** Why there is no comparison (e.g. replicates missing for an entry scored before they were stored). */
    note?: string;
  }[];
}

/** What a board-query job returns: an answer, or a refusal the asker may show as it is. */
export type BoardQueryAnswer<T> =
  | { ok: true; result: T }
  | { ok: false; code: 'BAD_REQUEST' | 'NOT_FOUND' | 'FORBIDDEN'; message: string };

export type BoardQueryResult<J> = J extends typeof subsetScores
  ? SubsetScoresResult
  : J extends typeof compareEntries
    ? CompareEntriesResult
    : J extends typeof entryCaseResults
      ? EntryCaseResultsResult
      : never;

const DEFAULT_TIMEOUT_MS = 10_000;
const eventsByQueue = new WeakMap<QueueClient, Promise<QueueEvents>>();

async function queueEventsFor(queues: QueueClient): Promise<QueueEvents> {
  let events = eventsByQueue.get(queues);
  if (!events) {
    events = (async () => {
      const queue = queues.queue(BOARD_QUERIES_QUEUE);
      const client = queue.opts.connection as unknown as Redis;
      // QueueEvents blocks on a stream read: it needs its own connection that waits through
      // reconnects (the producer's fails fast).
      const connection = client.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
      const created = new QueueEvents(BOARD_QUERIES_QUEUE, {
        connection,
        ...(queue.opts.prefix ? { prefix: queue.opts.prefix } : {}),
      });
      await created.waitUntilReady();
      return created;
    })();
    events.catch(() => eventsByQueue.delete(queues));
    eventsByQueue.set(queues, events);
  }
  return events;
}

/** Closes the QueueEvents connection askBoardQuery opened for `queues` (tests, shutdown). */
export async function closeBoardQueryEvents(queues: QueueClient): Promise<void> {
  const events = eventsByQueue.get(queues);
  eventsByQueue.delete(queues);
  if (events) await (await events).close();
}

/**
 * Asks a worker a board query and waits for the answer.
 * @throws {AppError} UNAVAILABLE when no worker listens on the board-queries queue or none
 *   answers within `timeoutMs` (default 10 s); the refusal's code (BAD_REQUEST, NOT_FOUND,
 *   FORBIDDEN) with the worker's message when the query is refused; INTERNAL when it failed.
 */
export async function askBoardQuery<
  J extends typeof subsetScores | typeof compareEntries | typeof entryCaseResults,
>(
  queues: QueueClient,
  definition: J,
  payload: z.input<J['payload']>,
  { timeoutMs = DEFAULT_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<BoardQueryResult<J>> {
  const data = (definition as JobDefinition).payload.parse(payload);
  const queue = queues.queue(definition.queue);
  const events = await queueEventsFor(queues);
  if ((await queue.getWorkersCount()) === 0) {
    throw new AppError(
      'UNAVAILABLE',
      'no worker is answering board queries right now; custom subsets and comparisons need a running worker',
    );
  }
  const job = await queue.add(definition.name, data, {
    ...definition.options,
    jobId: `${definition.name}-${randomUUID()}`,
  });
  let answer: BoardQueryAnswer<BoardQueryResult<J>>;
  try {
    answer = (await job.waitUntilFinished(events, timeoutMs)) as BoardQueryAnswer<
      BoardQueryResult<J>
    >;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/timed out/i.test(message)) {
      // Nobody will read a late answer: take the job back if it has not started.
      await job.remove().catch(() => undefined);
      throw new AppError(
        'UNAVAILABLE',
        `no worker answered the board query within ${timeoutMs} ms; try again in a moment`,
      );
    }
    throw new AppError('INTERNAL', 'the board query failed in the worker', { cause: error });
  }
  if (!answer || typeof answer !== 'object')
    throw new AppError('INTERNAL', 'the board query returned nothing');
  if (!answer.ok) throw new AppError(answer.code, answer.message);
  return answer.result;
}
