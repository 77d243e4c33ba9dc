import { MemoryBudget } from '@medrank/core';
import type { Database } from '@medrank/db';
import { groundTruth, submissions } from '@medrank/db';
import { scoreSubmissionFile } from '@medrank/scoring';
import type { BlobStore } from '@medrank/storage';
import type { Logger } from 'pino';
import {
  releaseOptions,
  runPredictionsFileName,
  submissionKindOf,
  toEvaluationResult,
} from './score-submission.js';

export interface RescoreEvaluationDeps {
  db: Database;
  blobs: BlobStore;
  logger: Logger;
  bootstrapReplicates: number;
  /** Decoded inputs one job may hold (JOB_MEMORY_BUDGET_BYTES); a fresh budget per job. */
  jobMemoryBudgetBytes: number;
}

export type RescoreEvaluationOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'scored' | 'failed'; counted: boolean; runDone: boolean };

/**
 * Scores one submission on one test set at a rescore run's evaluator version and records the
 * outcome in the run (submissions.recordRescoreOutcome: evaluation + counter in one transaction,
 * exactly once per run × submission × test set). The submission's own status is never touched:
 * it stays SCORED whatever the rescore finds.
 */
export async function handleRescoreEvaluation(
  deps: RescoreEvaluationDeps,
  key: submissions.RescoreJobKey,
): Promise<RescoreEvaluationOutcome> {
  const { db, blobs, logger } = deps;
  const submission = await submissions.findForRescore(db, key);
  if (!submission)
    return { outcome: 'skipped', reason: 'no such rescore run for this submission and test set' };
  if (submission.alreadyCounted)
    return { outcome: 'skipped', reason: 'already counted in its run' };
  const log = logger.child({ ...key });
  const target = submission.track.testSets.find((t) => t.id === key.testSetId)!;

  const fail = async (message: string) => {
    const recorded = await submissions.recordRescoreOutcome(db, key, { kind: 'failed', message });
    log.warn({ message, ...recorded }, 'rescore failed');
    return { outcome: 'failed' as const, counted: recorded.counted, runDone: recorded.runDone };
  };

  // Ground truth is not versioned: only the current version can be scored. A run for an older
  // version was overtaken by a newer change and cannot finish honestly.
  if (target.evaluatorVersion !== key.evaluatorVersion)
    return fail(
      `the test set moved on to evaluator v${target.evaluatorVersion} before this v${key.evaluatorVersion} rescore ran`,
    );

  // A model's or an endpoint's submission is rescored on the predictions its run kept: the model
  // is not run (nor the endpoint called) again, so the rescore measures the same answers.
  const file = submission.predictionsBlobKey
    ? {
        key: submission.predictionsBlobKey,
        name: runPredictionsFileName(submission.predictionsBlobKey),
      }
    : submissionKindOf(submission) === 'PREDICTIONS'
      ? { key: submission.blobKey, name: submission.fileName }
      : null;
  if (!file)
    return fail(
      "this model's predictions were not kept when it was scored (before model runs kept them), so it cannot be rescored without running it again: please submit the model again",
    );
  const localPath = blobs.localPath(file.key);
  if (!localPath) throw new Error('only local blob stores are supported by the scorer for now');
  const result = await scoreSubmissionFile({
    taskType: submission.track.taskType,
    taskConfig: submission.track.taskConfig,
    metrics: submission.track.metrics,
    file: { path: localPath, name: file.name },
    testSets: await Promise.all(
      submission.track.testSets.map(async (t) => ({
        id: t.id,
        evaluatorVersion: key.evaluatorVersion,
        seed: t.bootstrapSeed,
        caseIds: t.caseIds,
        categories: t.categories,
        truth: t.id === key.testSetId ? await groundTruth.loadForTestSet(db, t.id) : new Map(),
      })),
    ),
    scoreTestSetIds: [key.testSetId],
    bootstrapReplicates: deps.bootstrapReplicates,
    keepReplicates: true,
    memoryBudget: new MemoryBudget(deps.jobMemoryBudgetBytes),
  });
  if (!result.ok) {
    // The file no longer fits the test set (e.g. its cases changed). The message names lines and
    // case ids of the participant's own file only.
    return fail(`${result.message} ${result.issues[0]?.message ?? ''}`.trim());
  }
  const evaluation = result.evaluations.find((e) => e.testSetId === key.testSetId);
  if (!evaluation) throw new Error('the scorer returned no evaluation for the rescored test set');
  const recorded = await submissions.recordRescoreOutcome(db, key, {
    kind: 'scored',
    // At the phase's precision as it is now: a precision change bumps the version, and this
    // rescore is what writes the numbers at the new one.
    result: toEvaluationResult(evaluation, submission.scoreDecimals),
    release: releaseOptions(submission),
  });
  log.info(recorded, 'rescored');
  return { outcome: 'scored', counted: recorded.counted, runDone: recorded.runDone };
}
