import type { FileIssue, MemoryBudget } from '@medrank/core';
import type { MetricResult } from './classification/score-classification.js';
import { categoryDimensions, type Breakdown } from './shared/score-case-metrics.js';
import { getTaskType } from './task-types.js';
import {
  concatFingerprints,
  type PredictionFingerprint,
} from './fingerprint/prediction-fingerprint.js';

export { classificationConfigFrom } from './task-types.js';

/** A test set as the scorer needs it: its public case ids and its hidden truth per case. */
export interface SubmissionTestSet {
  id: string;
  evaluatorVersion: number;
  /** Bootstrap seed shared by every entry of the test set, so CIs and comparisons are paired. */
  seed: number | string;
  caseIds: readonly string[];
  /** Case id → task-type specific truth payload (classification: `{ label: <class name> }`; see each task type). */
  truth: ReadonlyMap<string, unknown>;
  /** Case id → public category metadata (`{ modality: 'CT', … }`); enables per-category breakdowns. */
  categories?: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

export interface ScoreSubmissionFileInput {
  taskType: string;
  /** The track's task configuration as stored (classification: `{ classes, positiveClass }`; see each task type). */
  taskConfig: Record<string, unknown>;
  metrics: readonly string[];
  file: { path: string; name: string };
  testSets: readonly SubmissionTestSet[];
  bootstrapReplicates: number;
  /**
   * Keep each metric's bootstrap replicates and, for per-case metrics, per-case values (the
   * worker stores them in the hidden schema for rank statistics, subsets and comparisons).
   */
  keepReplicates?: boolean;
  /**
   * Score only these test sets (rescoring one test set): the file is still validated against
   * every test set's cases, but truth is read, checked and scored only for these.
   */
  scoreTestSetIds?: readonly string[];
  maxIssues?: number;
  /**
   * The job's memory budget for decoded inputs (truth and prediction masks): what would exceed it
   * is refused before it is allocated. Absent: no accounting (the CLI on a user's own files).
   */
  memoryBudget?: MemoryBudget;
  onProgress?: (stage: 'validating' | 'scoring', fraction: number) => void | Promise<void>;
}

export interface TestSetEvaluation {
  testSetId: string;
  evaluatorVersion: number;
  n: number;
  durationMs: number;
  metrics: Record<string, MetricResult>;
  /** Per-category values (only for test sets with category metadata, cells of at least `minCategorySize` cases). */
  breakdowns?: Breakdown[];
  /** Facts about the scoring a reader needs (e.g. extraction failures). */
  notes?: string[];
}

export type ScoreSubmissionFileResult =
  | { ok: true; evaluations: TestSetEvaluation[] }
  | { ok: false; message: string; issues: FileIssue[]; issueCount: number };

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** A file that parsed and passed every truth-dependent check, ready to be scored. */
export interface PreparedSubmissionFile {
  /** Per prepared test set, in track order: its truth and its slice of the predictions. */
  testSets: readonly { testSet: SubmissionTestSet; truth: unknown; predictions: unknown }[];
  /** The task type's fingerprint of the prepared test sets' predictions (near-duplicate detection). */
  fingerprint(): PredictionFingerprint;
}

export type ScoreFailure = Extract<ScoreSubmissionFileResult, { ok: false }>;

/**
 * The first half of the scoring path: reads the track's config, validates the file against the
 * union of the track's test-set cases (every case exactly once), and runs the truth-dependent
 * checks of every test set to be scored, before anything is scored. Validation problems come back
 * as a list, never as a throw.
 * @throws {AppError} BAD_REQUEST for an unknown task type or an unusable task config.
 */
export async function prepareSubmissionFile(
  input: ScoreSubmissionFileInput,
): Promise<{ ok: true; prepared: PreparedSubmissionFile } | ScoreFailure> {
  const taskType = getTaskType(input.taskType);
  await input.onProgress?.('validating', 0);
  const config = taskType.parseConfig(input.taskConfig);
  const allCaseIds = input.testSets.flatMap((t) => t.caseIds);
  const isScored = (testSet: SubmissionTestSet) =>
    !input.scoreTestSetIds || input.scoreTestSetIds.includes(testSet.id);
  const memoryOptions = input.memoryBudget ? { memoryBudget: input.memoryBudget } : {};

  // Truth first: its decoded size is reserved before the file is parsed (so what the file may take
  // is what is left), and it tells the parser the shape each prediction must have.
  const truths = new Map<string, unknown>();
  const expectedShapes = new Map<string, readonly number[]>();
  for (const testSet of input.testSets.filter(isScored)) {
    const truth = taskType.truthFromPayloads(testSet.caseIds, testSet.truth, config, memoryOptions);
    truths.set(testSet.id, truth);
    for (const [caseId, shape] of taskType.expectedPredictionShapes?.(truth) ?? [])
      expectedShapes.set(caseId, shape);
  }

  const parsed = await taskType.parsePredictions(
    input.file.path,
    config,
    { caseIds: allCaseIds, ...(expectedShapes.size > 0 ? { expectedShapes } : {}) },
    { maxIssues: input.maxIssues ?? 50, ...memoryOptions },
  );
  if (!parsed.ok) {
    return {
      ok: false,
      message: `${input.file.name} has ${plural(parsed.issueCount, 'problem')}; nothing was scored.`,
      issues: parsed.issues,
      issueCount: parsed.issueCount,
    };
  }
  await input.onProgress?.('validating', 1);

  // Truth-dependent checks (e.g. mask shapes) run on every test set before anything is scored,
  // so a submission is either fully scored or failed with every reason.
  const prepared: { testSet: SubmissionTestSet; truth: unknown; predictions: unknown }[] = [];
  const truthIssues: FileIssue[] = [];
  let offset = 0;
  for (const testSet of input.testSets) {
    const n = testSet.caseIds.length;
    if (!isScored(testSet)) {
      offset += n;
      continue;
    }
    const truth = truths.get(testSet.id);
    const predictions = taskType.slicePredictions(parsed.value, offset, offset + n);
    offset += n;
    truthIssues.push(...(taskType.checkPredictions?.(predictions, truth, config) ?? []));
    prepared.push({ testSet, truth, predictions });
  }
  if (truthIssues.length > 0) {
    const maxIssues = input.maxIssues ?? 50;
    return {
      ok: false,
      message: `${input.file.name} has ${plural(truthIssues.length, 'problem')}; nothing was scored.`,
      issues: truthIssues.slice(0, maxIssues),
      issueCount: truthIssues.length,
    };
  }
  return {
    ok: true,
    prepared: {
      testSets: prepared,
      // Ranked per test set: each test set's metrics see only its own cases.
      fingerprint: () =>
        concatFingerprints(
          prepared.map(({ truth, predictions }) =>
            taskType.fingerprint(predictions, config, truth),
          ),
        ),
    },
  };
}

/**
 * The second half of the scoring path: scores each prepared test set with bootstrap CIs (and
 * per-category breakdowns where the test set has category metadata).
 * @throws {AppError} BAD_REQUEST for unknown metrics.
 */
export async function scorePreparedSubmissionFile(
  input: ScoreSubmissionFileInput,
  prepared: PreparedSubmissionFile,
): Promise<{ ok: true; evaluations: TestSetEvaluation[] }> {
  const taskType = getTaskType(input.taskType);
  const config = taskType.parseConfig(input.taskConfig);
  const evaluations: TestSetEvaluation[] = [];
  for (const [index, { testSet, truth, predictions }] of prepared.testSets.entries()) {
    const started = performance.now();
    const result = await taskType.score({
      config,
      truth,
      predictions,
      metrics: input.metrics,
      bootstrap: { replicates: input.bootstrapReplicates, seed: testSet.seed },
      keepReplicates: input.keepReplicates ?? false,
      categories: categoryDimensions(testSet.caseIds, testSet.categories),
      onProgress: (fraction) =>
        void input.onProgress?.('scoring', (index + fraction) / prepared.testSets.length),
    });
    evaluations.push({
      testSetId: testSet.id,
      evaluatorVersion: testSet.evaluatorVersion,
      n: result.n,
      durationMs: performance.now() - started,
      metrics: result.metrics,
      ...(result.breakdowns && result.breakdowns.length > 0
        ? { breakdowns: result.breakdowns }
        : {}),
      ...(result.notes && result.notes.length > 0 ? { notes: result.notes } : {}),
    });
  }
  await input.onProgress?.('scoring', 1);
  return { ok: true, evaluations };
}

/**
 * The one scoring path for a submitted file, used by the worker and the CLI, for every registered
 * task type: prepareSubmissionFile (validation against the union of the track's test-set cases
 * and the truth-dependent checks), then scorePreparedSubmissionFile on each test set. The worker
 * calls the two halves itself, to check for near-duplicates in between.
 * @throws {AppError} BAD_REQUEST for an unknown task type, an unusable task config or unknown metrics.
 */
export async function scoreSubmissionFile(
  input: ScoreSubmissionFileInput,
): Promise<ScoreSubmissionFileResult> {
  const result = await prepareSubmissionFile(input);
  if (!result.ok) return result;
  return scorePreparedSubmissionFile(input, result.prepared);
}
