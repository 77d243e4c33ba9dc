import type { FileIssue } from '@medrank/core';
import { scoreClassification, type MetricResult } from './classification/score-classification.js';
import { getTaskType, type ClassificationConfig } from './task-types.js';

/** A test set as the scorer needs it: its public case ids and its hidden truth per case. */
export interface SubmissionTestSet {
  id: string;
  evaluatorVersion: number;
  /** Bootstrap seed shared by every entry of the test set, so CIs and comparisons are paired. */
  seed: number | string;
  caseIds: readonly string[];
  /** Case id → task-type specific truth payload (classification: `{ label: <class name> }`). */
  truth: ReadonlyMap<string, unknown>;
}

export interface ScoreSubmissionFileInput {
  taskType: string;
  /** The track's task configuration as stored (classification: `{ classes, positiveClass }`). */
  taskConfig: Record<string, unknown>;
  metrics: readonly string[];
  file: { path: string; name: string };
  testSets: readonly SubmissionTestSet[];
  bootstrapReplicates: number;
  maxIssues?: number;
  onProgress?: (stage: 'validating' | 'scoring', fraction: number) => void | Promise<void>;
}

export interface TestSetEvaluation {
  testSetId: string;
  evaluatorVersion: number;
  n: number;
  durationMs: number;
  metrics: Record<string, MetricResult>;
}

export type ScoreSubmissionFileResult =
  | { ok: true; evaluations: TestSetEvaluation[] }
  | { ok: false; message: string; issues: FileIssue[]; issueCount: number };

/** Reads a stored classification config; class names or indices are both accepted for the positive class. */
export function classificationConfigFrom(taskConfig: Record<string, unknown>): ClassificationConfig {
  const classes = taskConfig.classes;
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string')) {
    throw new Error('classification track misconfigured: taskConfig.classes must list at least two class names');
  }
  const positive = taskConfig.positiveClass;
  const positiveClass =
    typeof positive === 'number' ? positive : typeof positive === 'string' ? classes.indexOf(positive) : classes.length === 2 ? 1 : undefined;
  if (positiveClass !== undefined && (positiveClass < 0 || positiveClass >= classes.length)) {
    throw new Error(`classification track misconfigured: positiveClass "${String(positive)}" is not one of its classes`);
  }
  return { classes, ...(positiveClass === undefined ? {} : { positiveClass }) };
}

function classificationLabels(testSet: SubmissionTestSet, classes: readonly string[]): Int32Array {
  const labels = new Int32Array(testSet.caseIds.length);
  testSet.caseIds.forEach((caseId, i) => {
    const payload = testSet.truth.get(caseId) as { label?: unknown } | undefined;
    const index = typeof payload?.label === 'string' ? classes.indexOf(payload.label) : -1;
    // Ground truth is validated when it is uploaded; reaching this is a data-integrity bug, and the
    // message deliberately names no label.
    if (index < 0) throw new Error(`ground truth of test set ${testSet.id} is missing or invalid for a case`);
    labels[i] = index;
  });
  return labels;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The one scoring path for a submitted file, used by the worker and the CLI: validates the file
 * against the union of the track's test-set cases (every case exactly once), then scores it on
 * each test set with bootstrap CIs. Validation problems come back as a list, never as a throw.
 */
export async function scoreSubmissionFile(input: ScoreSubmissionFileInput): Promise<ScoreSubmissionFileResult> {
  const taskType = getTaskType(input.taskType);
  await input.onProgress?.('validating', 0);
  if (taskType.key !== 'classification') throw new Error(`task type ${taskType.key} cannot score submission files yet`);
  const config = classificationConfigFrom(input.taskConfig);
  const allCaseIds = input.testSets.flatMap((t) => t.caseIds);
  const parsed = await taskType.parsePredictions(
    input.file.path,
    config,
    { caseIds: allCaseIds, labels: new Int32Array(allCaseIds.length) },
    { maxIssues: input.maxIssues ?? 50 },
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

  const predictions = parsed.value;
  const k = config.classes.length;
  const evaluations: TestSetEvaluation[] = [];
  let offset = 0;
  for (const [index, testSet] of input.testSets.entries()) {
    const started = performance.now();
    const n = testSet.caseIds.length;
    const result = await scoreClassification({
      truth: { caseIds: testSet.caseIds, labels: classificationLabels(testSet, config.classes), classes: config.classes },
      predictions: {
        kind: predictions.kind,
        scores: predictions.scores ? predictions.scores.slice(offset * k, (offset + n) * k) : null,
        predictedLabels: predictions.predictedLabels.slice(offset, offset + n),
      },
      metrics: input.metrics,
      bootstrap: { replicates: input.bootstrapReplicates, seed: testSet.seed },
      ...(config.positiveClass === undefined ? {} : { positiveClass: config.positiveClass }),
      onProgress: (fraction) => void input.onProgress?.('scoring', (index + fraction) / input.testSets.length),
    });
    offset += n;
    evaluations.push({
      testSetId: testSet.id,
      evaluatorVersion: testSet.evaluatorVersion,
      n: result.n,
      durationMs: performance.now() - started,
      metrics: result.metrics,
    });
  }
  await input.onProgress?.('scoring', 1);
  return { ok: true, evaluations };
}
