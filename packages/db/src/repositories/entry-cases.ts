import type { Database } from '../client.js';
import { loadCasesWithAtoms } from './disclosure.js';
import { loadCaseValues } from './rank-stats.js';

// Per-case results of one entry, for the benchmark's curators (who own the ground truth). The
// list of entries is public data (the web reads it); the per-case values and truth are hidden,
// so `loadEntryCases` runs in the worker only (the web role gets `permission denied`).

export interface CuratorEntryDto {
  submissionId: string;
  methodName: string;
  teamName: string;
  trackSlug: string;
  trackName: string;
  createdAt: string;
  /** Test sets the entry was scored on, at the newest evaluator version of each. */
  evaluations: {
    testSetId: string;
    testSetSlug: string;
    testSetName: string;
    evaluatorVersion: number;
    caseCount: number;
    primaryMetric: string;
    primaryValue: number | null;
  }[];
}

/** Scored entries (verified submissions) of a benchmark, newest first, with their evaluations. */
export async function listScoredEntries(
  db: Database,
  benchmarkId: string,
): Promise<CuratorEntryDto[]> {
  const submissions = await db.submission.findMany({
    where: { status: 'SCORED', track: { benchmarkId } },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    select: {
      id: true,
      methodName: true,
      createdAt: true,
      team: { select: { name: true } },
      track: { select: { slug: true, name: true, primaryMetric: true } },
      evaluations: {
        orderBy: { evaluatorVersion: 'desc' },
        select: {
          evaluatorVersion: true,
          caseCount: true,
          testSet: { select: { id: true, slug: true, name: true, position: true } },
          scores: { select: { metric: true, value: true } },
        },
      },
    },
  });
  return submissions.map((s) => {
    const newest = new Map<string, (typeof s.evaluations)[number]>();
    for (const e of s.evaluations) if (!newest.has(e.testSet.id)) newest.set(e.testSet.id, e);
    return {
      submissionId: s.id,
      methodName: s.methodName,
      teamName: s.team.name,
      trackSlug: s.track.slug,
      trackName: s.track.name,
      createdAt: s.createdAt.toISOString(),
      evaluations: [...newest.values()]
        .sort((a, b) => a.testSet.position - b.testSet.position)
        .map((e) => ({
          testSetId: e.testSet.id,
          testSetSlug: e.testSet.slug,
          testSetName: e.testSet.name,
          evaluatorVersion: e.evaluatorVersion,
          caseCount: e.caseCount,
          primaryMetric: s.track.primaryMetric,
          primaryValue: e.scores.find((x) => x.metric === s.track.primaryMetric)?.value ?? null,
        })),
    };
  });
}

export interface EntryCases {
  submissionId: string;
  methodName: string;
  testSetSlug: string;
  taskType: string;
  evaluatorVersion: number;
  /** The evaluator version the test set's current cases date from (older values do not align). */
  casesVersion: number | null;
  /** Per-case metrics stored for the evaluation, in track order. */
  metrics: string[];
  caseIds: string[];
  metadata: Record<string, unknown>[];
  /** metric → per-case values aligned to caseIds (NaN = no value). */
  values: Map<string, Float64Array>;
  /** caseId → stored truth payload (hidden); empty when `withTruth` refused it. */
  truth: Map<string, unknown>;
}

/**
 * Hidden per-case values (and, where `withTruth(taskType)`, the truth payloads) of a submission's newest
 * evaluation on a test set of the benchmark `benchmarkId`. Worker only. Null when the
 * submission, the test set or the evaluation is not there (or not of that benchmark).
 */
export async function loadEntryCases(
  db: Database,
  {
    benchmarkId,
    submissionId,
    testSetId,
    withTruth,
  }: {
    benchmarkId: string;
    submissionId: string;
    testSetId: string;
    /** Whether to read the truth payloads (not for masks: megabytes per case). */
    withTruth: (taskType: string) => boolean;
  },
): Promise<EntryCases | null> {
  const evaluation = await db.evaluation.findFirst({
    where: {
      submissionId,
      testSetId,
      submission: { status: 'SCORED', track: { benchmarkId } },
      testSet: { track: { benchmarkId } },
    },
    orderBy: { evaluatorVersion: 'desc' },
    select: {
      id: true,
      evaluatorVersion: true,
      submission: { select: { id: true, methodName: true } },
      testSet: { select: { slug: true, track: { select: { taskType: true, metrics: true } } } },
    },
  });
  if (!evaluation) return null;
  const cases = await loadCasesWithAtoms(db, testSetId);
  const stored = (await loadCaseValues(db, [evaluation.id])).get(evaluation.id) ?? new Map();
  const trackMetrics = evaluation.testSet.track.metrics;
  const metrics = [
    ...trackMetrics.filter((m) => stored.has(m)),
    ...[...stored.keys()].filter((m) => !trackMetrics.includes(m)).sort(),
  ];
  const truth = new Map<string, unknown>();
  if (withTruth(evaluation.testSet.track.taskType)) {
    const rows = await db.groundTruth.findMany({
      where: { testSetId },
      select: { caseId: true, payload: true },
    });
    for (const r of rows) truth.set(r.caseId, r.payload);
  }
  return {
    submissionId: evaluation.submission.id,
    methodName: evaluation.submission.methodName,
    testSetSlug: evaluation.testSet.slug,
    taskType: evaluation.testSet.track.taskType,
    evaluatorVersion: evaluation.evaluatorVersion,
    casesVersion: cases?.partition?.casesVersion ?? null,
    metrics,
    caseIds: cases?.caseIds ?? [],
    metadata: cases?.metadata ?? [],
    values: stored,
    truth,
  };
}
