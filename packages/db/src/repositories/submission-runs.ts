import type { Database } from '../client.js';
import type {
  EndpointFailureKind,
  EndpointRunReportDto,
  InferenceSummaryDto,
  InferenceTiming,
  SubmissionRunDto,
} from '../dto.js';

// A model or endpoint run's summary (Submission.inference) and an endpoint run's report
// (Submission.runReport) are JSON columns the worker writes. They are read back here, once, into
// DTOs: a value of another shape (an older writer, a hand edit) reads as "no run" rather than
// letting an unknown field or a per-case array reach a page or an API response.

const FAILURE_KINDS: readonly EndpointFailureKind[] = [
  'timeout',
  'http',
  'network',
  'unparseable',
  'budget',
  'inputs',
];

/** Times are shown to 0.1 ms: finer digits say nothing about a model and only add a channel. */
export const roundToTenthMs = (ms: number) => Math.round(ms * 10) / 10;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nonNegative = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

const count = (value: unknown): value is number => nonNegative(value) && Number.isInteger(value);

/** Submission.inference as its submitter sees it, rounded to 0.1 ms; null when absent or malformed. */
export function inferenceSummaryFromJson(json: unknown): InferenceSummaryDto | null {
  if (!isRecord(json)) return null;
  const { kind, cases, meanMs, p50Ms, p95Ms, totalMs } = json;
  if (kind !== 'onnx' && kind !== 'endpoint') return null;
  if (!count(cases) || ![meanMs, p50Ms, p95Ms, totalMs].every(nonNegative)) return null;
  return {
    kind,
    cases,
    meanMs: roundToTenthMs(meanMs as number),
    p50Ms: roundToTenthMs(p50Ms as number),
    p95Ms: roundToTenthMs(p95Ms as number),
    totalMs: roundToTenthMs(totalMs as number),
  };
}

/**
 * What the board shows of Submission.inference: the kind and the mean, p50 and p95 per case over
 * the whole run, to 0.1 ms. The case count and total are left out (the board already says how many
 * cases a test set has; the total adds nothing but the run's length).
 */
export function inferenceTimingFromJson(json: unknown): InferenceTiming | null {
  const summary = inferenceSummaryFromJson(json);
  return summary
    ? { kind: summary.kind, meanMs: summary.meanMs, p50Ms: summary.p50Ms, p95Ms: summary.p95Ms }
    : null;
}

/** Submission.runReport as a DTO; null when absent or malformed (failures of another shape are dropped). */
export function runReportFromJson(json: unknown): EndpointRunReportDto | null {
  if (!isRecord(json)) return null;
  const { requests, retries, failureCount, failures } = json;
  if (!count(requests) || !count(retries) || !count(failureCount) || !Array.isArray(failures))
    return null;
  return {
    requests,
    retries,
    failureCount,
    failures: failures.flatMap((f: unknown) =>
      isRecord(f) &&
      typeof f.caseId === 'string' &&
      typeof f.detail === 'string' &&
      FAILURE_KINDS.includes(f.kind as EndpointFailureKind)
        ? [{ caseId: f.caseId, kind: f.kind as EndpointFailureKind, detail: f.detail }]
        : [],
    ),
  };
}

/**
 * A submission's run summary and run report, for its submitting team (the caller checks who is
 * asking, as for the submission itself). Null when there is no such submission.
 */
export async function findRunForOwner(db: Database, id: string): Promise<SubmissionRunDto | null> {
  const row = await db.submission.findUnique({
    where: { id },
    select: { inference: true, runReport: true },
  });
  if (!row) return null;
  return {
    inference: inferenceSummaryFromJson(row.inference),
    runReport: runReportFromJson(row.runReport),
  };
}
