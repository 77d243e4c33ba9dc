import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { ExternalScorerConfig } from '@medrank/task-contracts/config';
import {
  EXTERNAL_SCORER_PROTOCOL,
  readExternalScoreResponse,
  type ExternalScoreRequest,
  type ScorerIdentity,
} from './external-scorer-protocol.js';

export interface ReportPair {
  reference: string;
  candidate: string;
}

export interface ExternalScores {
  /** Per pair, in input order; NaN where the scorer returned null. */
  values: Float64Array;
  nullCount: number;
  scorer: ScorerIdentity;
}

export type ExternalScorerFailure =
  'timeout' | 'deadline' | 'http' | 'network' | 'malformed' | 'aborted';

/**
 * Why an external metric has no value. The message names the metric key, the batch and what
 * went wrong, never reference or candidate text, the scorer's URL or anything the scorer sent
 * back other than numbers: it is shown to submitters as a scoring note.
 */
export class ExternalScorerError extends Error {
  readonly metric: string;
  readonly failure: ExternalScorerFailure;
  constructor(metric: string, failure: ExternalScorerFailure, message: string) {
    super(`external scorer "${metric}": ${message}`);
    this.name = 'ExternalScorerError';
    this.metric = metric;
    this.failure = failure;
  }
}

const MAX_RETRY_DELAY_MS = 30_000;
const RETRYABLE_STATUS = new Set([408, 429]);

/**
 * Scores (reference, candidate) pairs with a curator's external scorer over HTTP: batches of
 * `batchSize`, at most `concurrency` in flight, each request with a `timeoutMs` timeout and up to
 * `maxAttempts` attempts (exponential backoff on 5xx, 408, 429, timeouts and network errors), and
 * the whole run within `totalTimeoutMs`. Items carry fresh random ids, never case ids.
 * All-or-nothing: the first batch that fails stops the others and fails the metric, since a mean
 * over the cases that happened to succeed would be a different, biased number.
 * @throws {ExternalScorerError} for a failure of any batch.
 */
export async function scoreWithExternalScorer(
  scorer: ExternalScorerConfig,
  pairs: readonly ReportPair[],
  { signal, onProgress }: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<ExternalScores> {
  const n = pairs.length;
  const values = new Float64Array(n);
  const batchCount = Math.ceil(n / scorer.batchSize);
  let identity: ScorerIdentity | undefined;
  if (batchCount === 0)
    return { values, nullCount: 0, scorer: { name: '', version: scorer.version } };

  const deadline = AbortSignal.timeout(scorer.totalTimeoutMs);
  const stopOthers = new AbortController();
  const run = AbortSignal.any([deadline, stopOthers.signal, ...(signal ? [signal] : [])]);
  let nextBatch = 0;
  let finished = 0;
  let failure: unknown;
  let nullCount = 0;

  const scoreBatch = async (batch: number): Promise<void> => {
    const start = batch * scorer.batchSize;
    const items = pairs.slice(start, Math.min(n, start + scorer.batchSize));
    const label = batchCount > 1 ? `batch ${batch + 1} of ${batchCount}` : 'the batch';
    for (let attempt = 1; ; attempt++) {
      const outcome = await attemptBatch(scorer, items, run);
      if (outcome.ok) {
        outcome.values.forEach((value, j) => {
          values[start + j] = value ?? Number.NaN;
          if (value === null) nullCount++;
        });
        identity ??= outcome.scorer;
        return;
      }
      const attempts = `${attempt} attempt${attempt > 1 ? 's' : ''}`;
      if (!outcome.isRetryable || attempt >= scorer.maxAttempts)
        throw new ExternalScorerError(
          scorer.key,
          outcome.failure,
          `${label}: ${outcome.reason} (after ${attempts})`,
        );
      const waitMs = Math.min(MAX_RETRY_DELAY_MS, scorer.retryBaseDelayMs * 2 ** (attempt - 1));
      try {
        await delay(waitMs, undefined, { signal: run });
      } catch {
        throw new ExternalScorerError(
          scorer.key,
          'aborted',
          `${label}: stopped while waiting to retry (after ${attempts})`,
        );
      }
    }
  };

  const worker = async (): Promise<void> => {
    while (nextBatch < batchCount && failure === undefined && !run.aborted) {
      const batch = nextBatch++;
      try {
        await scoreBatch(batch);
      } catch (error) {
        failure ??= error;
        stopOthers.abort();
        return;
      }
      finished++;
      onProgress?.(finished / batchCount);
    }
  };
  await Promise.all(Array.from({ length: Math.min(scorer.concurrency, batchCount) }, worker));

  // The deadline or the caller's signal explains any failure it caused better than the batch does.
  if (deadline.aborted)
    throw new ExternalScorerError(
      scorer.key,
      'deadline',
      `did not finish ${n} items within totalTimeoutMs = ${scorer.totalTimeoutMs}`,
    );
  if (signal?.aborted)
    throw new ExternalScorerError(scorer.key, 'aborted', 'scoring was cancelled');
  if (failure !== undefined) throw failure;
  if (finished !== batchCount || !identity)
    throw new ExternalScorerError(
      scorer.key,
      'aborted',
      `only ${finished} of ${batchCount} batches finished`,
    );
  return { values, nullCount, scorer: identity };
}

type AttemptOutcome =
  | { ok: true; values: (number | null)[]; scorer: ScorerIdentity }
  | { ok: false; isRetryable: boolean; failure: ExternalScorerFailure; reason: string };

async function attemptBatch(
  scorer: ExternalScorerConfig,
  items: readonly ReportPair[],
  run: AbortSignal,
): Promise<AttemptOutcome> {
  const ids = items.map(() => randomUUID());
  const request: ExternalScoreRequest = {
    protocol: EXTERNAL_SCORER_PROTOCOL,
    metric: scorer.key,
    items: items.map(({ reference, candidate }, j) => ({ id: ids[j]!, reference, candidate })),
  };
  const timeout = AbortSignal.timeout(scorer.timeoutMs);
  const signal = AbortSignal.any([run, timeout]);
  try {
    const response = await fetch(scorer.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
      signal,
      // A redirect would resend hidden reference text to wherever the scorer points.
      redirect: 'error',
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const isRetryable = response.status >= 500 || RETRYABLE_STATUS.has(response.status);
      return { ok: false, isRetryable, failure: 'http', reason: `HTTP ${response.status}` };
    }
    const text = await readBoundedText(response, 64 * 1024 + items.length * 1024);
    try {
      return { ok: true, ...readExternalScoreResponse(text, ids, scorer) };
    } catch (error) {
      // Deterministic protocol violations are not retried: the same scorer gives the same answer.
      return {
        ok: false,
        isRetryable: false,
        failure: 'malformed',
        reason: `malformed response: ${(error as Error).message}`,
      };
    }
  } catch (error) {
    if (run.aborted)
      return { ok: false, isRetryable: false, failure: 'aborted', reason: 'stopped' };
    if (timeout.aborted)
      return {
        ok: false,
        isRetryable: true,
        failure: 'timeout',
        reason: `no response within timeoutMs = ${scorer.timeoutMs}`,
      };
    if (error instanceof ResponseTooLargeError)
      return { ok: false, isRetryable: false, failure: 'malformed', reason: error.message };
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    if (typeof cause?.message === 'string' && /redirect/i.test(cause.message)) {
      return {
        ok: false,
        isRetryable: false,
        failure: 'http',
        reason: 'the scorer answered with a redirect, which is not followed',
      };
    }
    const code =
      typeof cause?.code === 'string' && /^[A-Z_]{2,40}$/.test(cause.code)
        ? ` (${cause.code})`
        : '';
    return { ok: false, isRetryable: true, failure: 'network', reason: `network error${code}` };
  }
}

class ResponseTooLargeError extends Error {}

/** The response body as text, refusing more than `maxBytes`: a scorer must not exhaust worker memory. */
async function readBoundedText(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(
      `response of ${declared} bytes exceeds the ${maxBytes}-byte limit for its batch`,
    );
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(`response exceeds the ${maxBytes}-byte limit for its batch`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
