// A model submission (an `.onnx` file on a track whose taskConfig declares a `model` contract,
// docs/model-submissions.md): the worker checks its signature, runs it in the model runner's
// sandbox on each test set's applied inputs (hidden ones included: only the worker may read
// their key) and writes the predictions file the scoring path then reads exactly like an upload:
// a CSV for a classification track, a zip of `<case_id>.png` masks for a segmentation track.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database, SubmissionError, submissions } from '@medrank/db';
import { testInputs } from '@medrank/db';
import {
  checkModelSignature,
  isSegmentationModelTrack,
  maskPredictionsZip,
  ModelRunFailure,
  runModel,
  runSegmentationModel,
  type AnyModelTrack,
  type CaseMask,
  type ModelRunRecord,
} from '@medrank/model-runner';
import type { BlobStore } from '@medrank/storage';
import { parseClassificationConfig, parseSegmentationConfig } from '@medrank/task-contracts/config';

export type InferenceSummary = submissions.InferenceSummary;

/**
 * A model's or an endpoint's run: the predictions file it wrote (CSV or JSONL, read by the
 * track's scorer like an upload), its inference-time summary and notes, and for an endpoint the
 * run report its submitter sees.
 */
export type SubmissionRun =
  | {
      ok: true;
      predictionsPath: string;
      inference: InferenceSummary;
      notes: string[];
      runReport?: submissions.EndpointRunReport;
    }
  | { ok: false; error: SubmissionError };

export const failedRun = (message: string): SubmissionRun => ({
  ok: false,
  error: { message, issues: [], issueCount: 0 },
});

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export function summarizeInference(
  kind: InferenceSummary['kind'],
  inferenceMs: readonly number[],
): InferenceSummary {
  const sorted = [...inferenceMs].sort((a, b) => a - b);
  const totalMs = sorted.reduce((a, b) => a + b, 0);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    kind,
    cases: sorted.length,
    meanMs: round(sorted.length ? totalMs / sorted.length : 0),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    totalMs: round(totalMs),
  };
}

/**
 * The evaluation note a model or endpoint run leaves: inference time per case. The note is public
 * (entry page), so it states the times at the board's precision (0.1 ms), not the stored one.
 */
export function inferenceNote(s: InferenceSummary): string {
  const ms = (x: number) => Math.round(x * 10) / 10;
  return `${s.kind === 'endpoint' ? 'endpoint' : 'model'} run: ${s.cases} cases, inference ${ms(s.meanMs)} ms/case on average (p50 ${ms(s.p50Ms)} ms, p95 ${ms(s.p95Ms)} ms, ${ms(s.totalMs)} ms in all)`;
}

/** The track's config when its task type runs models and it declares a contract, else null. */
function modelTrackOf(track: submissions.SubmissionForScoring['track']): AnyModelTrack | null {
  const config =
    track.taskType === 'classification'
      ? parseClassificationConfig(track.taskConfig)
      : track.taskType === 'segmentation'
        ? parseSegmentationConfig(track.taskConfig)
        : null;
  return config?.model ? (config as AnyModelTrack) : null;
}

/**
 * Runs the submitted model on every test set of its track and writes one predictions file into
 * `workDir`: `predictions.csv` (classification: every test set's rows under one header) or
 * `predictions.zip` (segmentation: every test set's `<case_id>.png` masks), the extension
 * telling the scorer its format. A model that does not fit, or fails on a case, ends as
 * `ok: false` with the model runner's message (it names the case, never a label). Other errors
 * (a lost blob, the database) are thrown, so the job is retried: a run has no side effect but
 * files in `workDir`.
 */
export async function runSubmittedModel({
  db,
  blobs,
  submission,
  modelPath,
  workDir,
  maxRunSeconds,
}: {
  db: Database;
  blobs: BlobStore;
  submission: submissions.SubmissionForScoring;
  modelPath: string;
  workDir: string;
  /** The job's budget for the run (ScoreSubmissionDeps.maxRunSeconds): a track's larger `totalSeconds` is lowered to it. */
  maxRunSeconds?: number;
}): Promise<SubmissionRun> {
  const { track } = submission;
  const declared = modelTrackOf(track);
  if (!declared)
    return failedRun(
      `this track takes prediction files, not models: upload a predictions file (${submission.fileName} is an ONNX model)`,
    );
  const startedAt = Date.now();
  // Each test set's run gets what is left of the job's budget, at most the track's own limit.
  const withinBudget = <Track extends AnyModelTrack>(modelTrack: Track): Track => {
    if (maxRunSeconds === undefined) return modelTrack;
    const left = Math.max(1, Math.floor(maxRunSeconds - (Date.now() - startedAt) / 1000));
    if (left >= modelTrack.model.limits.totalSeconds) return modelTrack;
    notes.add(
      `the run's time budget was lowered below the track's ${modelTrack.model.limits.totalSeconds} s: this site's workers give one job at most ${maxRunSeconds} s for its run`,
    );
    return {
      ...modelTrack,
      model: { ...modelTrack.model, limits: { ...modelTrack.model.limits, totalSeconds: left } },
    };
  };
  const csvRows: string[] = [];
  let csvHeader = '';
  const masks: CaseMask[] = [];
  const inferenceMs: number[] = [];
  const notes = new Set<string>();
  try {
    await checkModelSignature(modelPath, declared);
    for (const testSet of track.testSets) {
      const key = await testInputs.appliedInputsKeyForWorker(db, testSet.id);
      const inputsZip = key ? blobs.localPath(key) : null;
      if (!inputsZip)
        return failedRun(
          `test set "${testSet.slug}" has no inputs for models to run on yet; the benchmark's organisers have been told by this message, please try again once they upload them`,
        );
      const options = { modelPath, inputsZip, caseIds: testSet.caseIds, workDir };
      let run: ModelRunRecord;
      const modelTrack = withinBudget(declared);
      if (isSegmentationModelTrack(modelTrack)) {
        const segmentation = await runSegmentationModel({
          ...options,
          track: modelTrack,
        });
        masks.push(...segmentation.masks);
        run = segmentation;
      } else {
        const classification = await runModel({
          ...options,
          track: modelTrack,
        });
        const [first = '', ...body] = classification.predictionsCsv.trimEnd().split('\n');
        csvHeader = first;
        csvRows.push(...body);
        run = classification;
      }
      inferenceMs.push(...run.cases.map((c) => c.inferenceMs));
      for (const note of run.notes) notes.add(note);
    }
    const isSegmentation = isSegmentationModelTrack(declared);
    const predictionsPath = path.join(
      workDir,
      isSegmentation ? 'predictions.zip' : 'predictions.csv',
    );
    await writeFile(
      predictionsPath,
      isSegmentation ? maskPredictionsZip(masks) : `${csvHeader}\n${csvRows.join('\n')}\n`,
    );
    return {
      ok: true,
      predictionsPath,
      inference: summarizeInference('onnx', inferenceMs),
      notes: [...notes],
    };
  } catch (error) {
    if (error instanceof ModelRunFailure) return failedRun(`${error.kind}: ${error.message}`);
    throw error;
  }
}
