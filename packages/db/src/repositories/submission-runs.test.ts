import { describe, expect, it } from 'vitest';
import {
  inferenceSummaryFromJson,
  inferenceTimingFromJson,
  roundToTenthMs,
  runReportFromJson,
} from './submission-runs.js';

const stored = {
  kind: 'onnx',
  cases: 156,
  meanMs: 0.15834,
  p50Ms: 0.14,
  p95Ms: 0.2651,
  totalMs: 24.70104,
};

describe('inferenceSummaryFromJson', () => {
  it('reads a stored summary with every time rounded to 0.1 ms', () => {
    expect(inferenceSummaryFromJson(stored)).toEqual({
      kind: 'onnx',
      cases: 156,
      meanMs: 0.2,
      p50Ms: 0.1,
      p95Ms: 0.3,
      totalMs: 24.7,
    });
  });

  it.each([
    ['null', null],
    ['an array', [stored]],
    ['an unknown kind', { ...stored, kind: 'gpu' }],
    ['a negative time', { ...stored, p95Ms: -1 }],
    ['a time that is not a number', { ...stored, meanMs: '12' }],
    ['a fractional case count', { ...stored, cases: 1.5 }],
    ['a missing total', { ...stored, totalMs: undefined }],
  ])('reads %s as no run', (_, json) => {
    expect(inferenceSummaryFromJson(json)).toBeNull();
  });
});

describe('inferenceTimingFromJson', () => {
  it('keeps only the kind, mean, p50 and p95: no case count, total or extra field', () => {
    expect(inferenceTimingFromJson({ ...stored, kind: 'endpoint', perCaseMs: [1, 2] })).toEqual({
      kind: 'endpoint',
      meanMs: 0.2,
      p50Ms: 0.1,
      p95Ms: 0.3,
    });
  });
});

describe('roundToTenthMs', () => {
  it.each([
    [12.34, 12.3],
    [12.35, 12.4],
    [1449.96, 1450],
    [0.04, 0],
  ])('%f → %f', (ms, expected) => {
    expect(roundToTenthMs(ms)).toBe(expected);
  });
});

describe('runReportFromJson', () => {
  const report = {
    requests: 14,
    retries: 3,
    failureCount: 2,
    failures: [
      { caseId: 'c7', kind: 'timeout', detail: 'no answer within 30000 ms' },
      { caseId: 'c9', kind: 'http', detail: 'HTTP 500: upstream overloaded' },
    ],
  };

  it('reads the counts and the listed failures', () => {
    expect(runReportFromJson(report)).toEqual(report);
  });

  it('drops listed failures of another shape but keeps the counts', () => {
    const read = runReportFromJson({
      ...report,
      failures: [
        ...report.failures,
        { caseId: 'c1', kind: 'gremlins', detail: 'x' },
        { caseId: 3, kind: 'http', detail: 'x' },
        'c4',
      ],
    });
    expect(read?.failures.map((f) => f.caseId)).toEqual(['c7', 'c9']);
    expect(read?.failureCount).toBe(2);
  });

  it.each([
    ['null', null],
    ['missing counts', { failures: [] }],
    ['failures that are not a list', { ...report, failures: {} }],
    ['a negative retry count', { ...report, retries: -1 }],
  ])('reads %s as no report', (_, json) => {
    expect(runReportFromJson(json)).toBeNull();
  });
});
