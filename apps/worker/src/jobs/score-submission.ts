import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError, MemoryBudget, isAppError, roundToDecimals } from '@medrank/core';
import type { Database, SubmissionError } from '@medrank/db';
import { groundTruth, submissions } from '@medrank/db';
import {
  prepareSubmissionFile,
  scorePreparedSubmissionFile,
  type ScoreSubmissionFileInput,
  type TestSetEvaluation,
} from '@medrank/scoring';
import type { BlobStore } from '@medrank/storage';
import type { Logger } from 'pino';
import { checkNearDuplicate } from './check-near-duplicate.js';
import {
  NO_ENDPOINTS,
  runSubmittedEndpoint,
  type EndpointRunDeps,
} from './run-submitted-endpoint.js';
import { inferenceNote, runSubmittedModel, type SubmissionRun } from './run-submitted-model.js';
import { describeMetric } from '@medrank/metrics/catalog';
import { isModelFileName } from '@medrank/task-contracts/config';

export interface ScoreSubmissionDeps {
  db: Database;
  blobs: BlobStore;
  logger: Logger;
  bootstrapReplicates: number;
  /** Decoded inputs one job may hold (JOB_MEMORY_BUDGET_BYTES); a fresh budget per job. */
  jobMemoryBudgetBytes: number;
  /**
   * Endpoint submissions: the key that opens their sealed API keys and where requests may go.
   * Absent (handler tests that run no endpoint): no host is allowed, so such a run is refused.
   */
  endpoints?: EndpointRunDeps;
  /**
   * Longest a model's or an endpoint's run may take: the job process is killed at
   * JOB_TIME_LIMIT_MS, so a run gets most of it (the rest is for scoring), and a track's own
   * `totalSeconds` above this is lowered to it, with a note. Absent: the track's limits alone.
   */
  maxRunSeconds?: number;
}

export type ScoreSubmissionOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'failed'; issueCount: number }
  | {
      outcome: 'near-duplicate';
      nearDuplicateOf: string;
      changedCases: number;
      minChangedCases: number;
    }
  | { outcome: 'scored'; evaluationsWritten: number };

const PROGRESS_WRITE_INTERVAL_MS = 500;

/**
 * Scores one submission on every test set of its track. Safe to run twice or concurrently: the
 * claim skips finished submissions, and results are keyed by submission × test set × evaluator
 * version, so a second run writes nothing. Between validation and scoring, a file that is a near
 * duplicate of an earlier one of the same team or person fails with NEAR_DUPLICATE and nothing
 * is scored (check-near-duplicate.ts); a retried job finds its own fingerprint and goes on.
 */
export async function handleScoreSubmission(
  deps: ScoreSubmissionDeps,
  { submissionId }: { submissionId: string },
): Promise<ScoreSubmissionOutcome> {
  const { db, blobs, logger } = deps;
  const submission = await submissions.claimForScoring(db, submissionId);
  if (!submission) return { outcome: 'skipped', reason: 'already finished' };
  const log = logger.child({ submissionId, attempt: submission.attempts });
  log.info({ taskType: submission.track.taskType }, 'scoring started');

  // A model or endpoint run whose predictions were kept before a crash or a lost database: score
  // them, without running the model (or calling the endpoint, which may cost its owner) again.
  if (submission.predictionsBlobKey)
    return scoreRunPredictions(deps, submission, log, submission.predictionsBlobKey);
  const kind = submissionKindOf(submission);
  if (kind === 'PREDICTIONS') {
    const localPath = blobs.localPath(submission.blobKey);
    if (!localPath) throw new Error('only local blob stores are supported by the scorer for now');
    return scoreFile(deps, submission, log, { path: localPath, name: submission.fileName }, []);
  }
  // A model or an endpoint: run it, keep its predictions, then score them exactly like an
  // uploaded file.
  const workDir = await mkdtemp(path.join(tmpdir(), 'medrank-model-submission-'));
  try {
    const run =
      kind === 'ENDPOINT'
        ? await runSubmittedEndpoint({
            db,
            blobs,
            submission,
            endpoints: deps.endpoints ?? NO_ENDPOINTS,
            log,
            workDir,
            ...(deps.maxRunSeconds === undefined ? {} : { maxRunSeconds: deps.maxRunSeconds }),
          })
        : await runOnnxSubmission(deps, submission, workDir, log);
    if (!run.ok) {
      await submissions.markFailed(db, submissionId, run.error);
      log.info({ reason: run.error.message }, 'model or endpoint refused or failed');
      return { outcome: 'failed', issueCount: 0 };
    }
    log.info({ inference: run.inference, report: run.runReport ?? undefined }, 'run finished');
    const stored = await blobs.put(createReadStream(run.predictionsPath), {
      keyPrefix: 'run-predictions',
      extension: path.extname(run.predictionsPath).slice(1),
      maxBytes: Number.MAX_SAFE_INTEGER,
    });
    const kept = await submissions.recordRunPredictions(db, submissionId, {
      predictionsBlobKey: stored.key,
      inference: run.inference,
      runReport: run.runReport ?? null,
    });
    if (!kept) {
      // Finished (or its run kept) by another attempt meanwhile: this copy is not referenced.
      await blobs.remove(stored.key);
      log.info('run already kept or submission finished by another attempt');
      return { outcome: 'skipped', reason: 'finished by another run' };
    }
    if (kind === 'ENDPOINT') await submissions.eraseEndpointKey(db, submissionId);
    return await scoreRunPredictions(
      deps,
      { ...submission, inference: run.inference },
      log,
      stored.key,
      run.notes,
    );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * What to do with a submission's blob. Submissions made before `kind` was recorded are all
 * PREDICTIONS rows; among them an `.onnx` file is a model (the rule then).
 */
export function submissionKindOf(
  submission: Pick<submissions.SubmissionForScoring, 'kind' | 'fileName'>,
): submissions.SubmissionForScoring['kind'] {
  if (submission.kind === 'PREDICTIONS' && isModelFileName(submission.fileName))
    return 'ONNX_MODEL';
  return submission.kind;
}

/** The file name the scorer reads a kept run's predictions under (its format follows the extension). */
export const runPredictionsFileName = (predictionsBlobKey: string) =>
  `predictions${path.extname(predictionsBlobKey)}`;

async function runOnnxSubmission(
  deps: ScoreSubmissionDeps,
  submission: submissions.SubmissionForScoring,
  workDir: string,
  log: Logger,
): Promise<SubmissionRun> {
  const modelPath = deps.blobs.localPath(submission.blobKey);
  if (!modelPath) throw new Error('only local blob stores are supported by the model runner');
  log.info({ fileName: submission.fileName }, 'running the submitted model');
  return runSubmittedModel({
    db: deps.db,
    blobs: deps.blobs,
    submission,
    modelPath,
    workDir,
    ...(deps.maxRunSeconds === undefined ? {} : { maxRunSeconds: deps.maxRunSeconds }),
  });
}

/** Scores the kept predictions of a model or endpoint run, with the run's inference note. */
async function scoreRunPredictions(
  deps: ScoreSubmissionDeps,
  submission: submissions.SubmissionForScoring,
  log: Logger,
  predictionsBlobKey: string,
  runNotes: readonly string[] = [],
): Promise<ScoreSubmissionOutcome> {
  const localPath = deps.blobs.localPath(predictionsBlobKey);
  if (!localPath) throw new Error('only local blob stores are supported by the scorer for now');
  const notes = submission.inference ? [inferenceNote(submission.inference), ...runNotes] : [];
  return scoreFile(
    deps,
    submission,
    log,
    { path: localPath, name: runPredictionsFileName(predictionsBlobKey) },
    notes,
  );
}

/** Validates and scores a predictions file (uploaded, or written by a model run) and saves the results. */
async function scoreFile(
  deps: ScoreSubmissionDeps,
  submission: submissions.SubmissionForScoring,
  log: Logger,
  file: { path: string; name: string },
  runNotes: string[],
): Promise<ScoreSubmissionOutcome> {
  const { db } = deps;
  const submissionId = submission.id;
  const testSets = await Promise.all(
    submission.track.testSets.map(async (t) => ({
      id: t.id,
      evaluatorVersion: t.evaluatorVersion,
      seed: t.bootstrapSeed,
      caseIds: t.caseIds,
      categories: t.categories,
      truth: await groundTruth.loadForTestSet(db, t.id),
    })),
  );

  let lastWrite = 0;
  // Progress is cosmetic and must never fail a job: the scorer calls this without awaiting it
  // (`void onProgress(...)` in scorePreparedSubmissionFile), so a rejected write while Postgres
  // restarts was an unhandled rejection, which ends a Node process (found while writing
  // postgres-restart.int.test.ts). A lost database still fails the job where it matters: at
  // saveResults, which is retried.
  const reportProgress = async (stage: 'validating' | 'scoring', fraction: number) => {
    const now = Date.now();
    if (now - lastWrite < PROGRESS_WRITE_INTERVAL_MS && fraction < 1) return;
    lastWrite = now;
    await submissions
      .updateProgress(
        db,
        submissionId,
        stage === 'validating' ? 'VALIDATING' : 'SCORING',
        fraction * 100,
      )
      .catch((error: unknown) => log.warn({ err: error }, 'could not write progress'));
  };

  // One budget per job, dropped with it: what the job decoded becomes garbage when it returns.
  const memoryBudget = new MemoryBudget(deps.jobMemoryBudgetBytes);
  const memory = () => ({ memoryPeakBytes: memoryBudget.peakBytes });
  const input: ScoreSubmissionFileInput = {
    taskType: submission.track.taskType,
    taskConfig: submission.track.taskConfig,
    metrics: submission.track.metrics,
    file,
    testSets,
    bootstrapReplicates: deps.bootstrapReplicates,
    keepReplicates: true,
    memoryBudget,
    onProgress: reportProgress,
  };
  const prepared = await scorerStep(log, () => prepareSubmissionFile(input));
  if (!prepared.ok) {
    const error: SubmissionError = {
      message: prepared.message,
      issues: prepared.issues,
      issueCount: prepared.issueCount,
    };
    await submissions.markFailed(db, submissionId, error);
    // Issue messages name lines and case ids of the participant's own file, never ground truth.
    log.info({ issueCount: prepared.issueCount, ...memory() }, 'submission rejected');
    return { outcome: 'failed', issueCount: prepared.issueCount };
  }

  const nearDuplicate = await checkNearDuplicate(db, submission, prepared.prepared);
  if (nearDuplicate.isNearDuplicate) {
    const details = nearDuplicate.error.nearDuplicate!;
    await submissions.markFailed(db, submissionId, nearDuplicate.error);
    log.info(details, 'near-duplicate: not scored');
    return {
      outcome: 'near-duplicate',
      nearDuplicateOf: details.submissionId,
      changedCases: details.changedCases,
      minChangedCases: details.minChangedCases,
    };
  }

  const result = await scorerStep(log, () => scorePreparedSubmissionFile(input, prepared.prepared));

  const { written, alreadyFinished } = await submissions.saveResults(
    db,
    submissionId,
    result.evaluations.map((e) => {
      const evaluation = toEvaluationResult(e, submission.scoreDecimals);
      return { ...evaluation, notes: [...(evaluation.notes ?? []), ...runNotes] };
    }),
    releaseOptions(submission),
  );
  if (alreadyFinished) {
    // Another run finished it first (scored, or failed after this job was given up as stalled).
    log.info({ ...memory() }, 'already finished by another run: nothing written');
    return { outcome: 'skipped', reason: 'finished by another run' };
  }
  log.info({ evaluationsWritten: written, ...memory() }, 'scored');
  return { outcome: 'scored', evaluationsWritten: written };
}

/**
 * Runs a step of the scorer proper (parsing, truth decoding, metrics: no database, no network).
 * An AppError passes as it is. An error carrying a `code` (a system error such as EMFILE or EIO
 * reading the file) may be transient and passes too, so the job is retried. Anything else is a
 * bug or bad stored data that the same file and truth hit again on every attempt: retrying it
 * three more times (5 s, 10 s, 20 s apart) only delayed the failure, and the reason shown
 * ("the file itself may be fine: please submit it again") sent the participant into the same
 * wall. It now fails at once, not retried, with a reason that says so; the error itself goes to
 * the log only (its message could name a value of the hidden truth). Found by
 * worker-faults.int.test.ts ("a submission on which the scorer throws").
 */
async function scorerStep<T>(log: Logger, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isAppError(error) || !(error instanceof Error)) throw error;
    if (typeof (error as { code?: unknown }).code === 'string') throw error;
    log.error({ err: error }, 'the scorer threw an unexpected error; not retried');
    throw new AppError(
      'INTERNAL',
      `The scorer failed on this submission with an internal error (${error.name}), not a problem ` +
        'reported in the file; it would fail the same way again, so it was not retried. Please ' +
        "tell the benchmark's organisers, quoting this submission's id.",
      { retryable: false, cause: error },
    );
  }
}

/** The Ladder's view of a submission's track: the direction of its primary metric. */
export function releaseOptions(
  submission: submissions.SubmissionForScoring,
): submissions.ReleaseOptions {
  return {
    primaryMetricHigherIsBetter: describeMetric(
      submission.track.primaryMetric,
      submission.track.taskConfig,
    ).higherIsBetter,
  };
}

/**
 * A scored test set as saveResults stores it: aggregates in public tables, rounded to the stated
 * precision (`scoreDecimals`: the public schema only ever holds numbers at the precision the
 * phase discloses, so full-precision scores cannot leak from any read path), and the exact
 * replicates and per-case values (hidden) that rank statistics, custom subsets and comparisons
 * need.
 */
export function toEvaluationResult(
  e: TestSetEvaluation,
  scoreDecimals: number,
): submissions.EvaluationResult {
  const round = (x: number | null | undefined) => roundToDecimals(x, scoreDecimals);
  const replicates: Record<string, Float64Array> = {};
  const caseValues: Record<string, Float64Array> = {};
  for (const [metric, m] of Object.entries(e.metrics)) {
    if (m.replicates && m.value !== null) replicates[metric] = m.replicates;
    if (m.caseValues && m.value !== null) caseValues[metric] = m.caseValues;
  }
  return {
    testSetId: e.testSetId,
    evaluatorVersion: e.evaluatorVersion,
    caseCount: e.n,
    durationMs: e.durationMs,
    scores: Object.entries(e.metrics).map(([metric, m]) => ({
      metric,
      value: round(m.value),
      ciLow: round(m.ci?.[0]),
      ciHigh: round(m.ci?.[1]),
      n: m.n,
    })),
    breakdowns: (e.breakdowns ?? []).map((b) => ({
      dimension: b.dimension,
      category: b.category,
      metric: b.metric,
      value: round(b.value),
      ciLow: round(b.ci?.[0]),
      ciHigh: round(b.ci?.[1]),
      n: b.n,
    })),
    notes: e.notes ?? [],
    replicates,
    caseValues,
  };
}
