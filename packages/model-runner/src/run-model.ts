import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AnyModelTrack, ModelTrack } from './check-model-signature.js';
import { signatureMismatches } from './check-model-signature.js';
import { extractCaseFiles, type CaseFile } from './inputs/extract-case-files.js';
import { ModelRunFailure } from './model-run-failure.js';
import { outputToProbabilities, predictionsCsv } from './outputs/output-to-probabilities.js';
import {
  runModelProcess,
  type ChildEvent,
  type ModelProcessJob,
} from './sandbox/run-model-process.js';

export interface RunModelOptions<Track extends AnyModelTrack = ModelTrack> {
  /** The uploaded model (its signature checked at upload: checkModelSignature). */
  modelPath: string;
  track: Track;
  /** The test set's inputs zip (docs/test-inputs.md), a path or its bytes. */
  inputsZip: string | Uint8Array;
  /** The test set's case ids, in the order to run them; each needs a manifest row. */
  caseIds?: readonly string[];
  /** Where the run's temporary files go (removed afterwards). Default: the OS temp dir. */
  workDir?: string;
  /** onnxruntime's intra-op threads in the model process. Default 1 (one core per run). */
  intraOpThreads?: number;
  /** Called with the model process's pid once it is spawned (the worker's logs, tests). */
  onModelProcess?: (pid: number) => void;
  /** The model process's script, if not MODEL_CHILD_ENTRY (a deployment that moves it). */
  childEntry?: string;
}

export interface ModelRunCase {
  caseId: string;
  /** onnxruntime's session.run for this case, in the model process. */
  inferenceMs: number;
  /** The case in the model process: reading, decoding, preprocessing and inference (warm-up excluded). */
  wallMs: number;
}

/** What every run reports besides its predictions. */
export interface ModelRunRecord {
  cases: ModelRunCase[];
  /** onnxruntime's session creation. */
  loadMs: number;
  /** The first case's untimed first run (onnxruntime allocates and plans on its first run). */
  warmupMs: number;
  /** The whole model process, spawn to exit. */
  wallMs: number;
  peakRssMb: number;
  isNetworkIsolated: boolean;
  /** For the run record: e.g. that network isolation is unavailable on this host. */
  notes: string[];
}

export interface ModelRun extends ModelRunRecord {
  /** The track's classification predictions CSV, ready for the scoring path. */
  predictionsCsv: string;
}

/**
 * Runs a model on a test set's inputs in the sandboxed model process (run-model-process.ts) and
 * turns its outputs into the predictions file the scorer already reads. One case at a time;
 * the per-case, total and memory limits are the track's (`model.limits`). The signature is
 * re-checked when the model loads, so a run never feeds a model that no longer fits its track.
 * @throws {ModelRunFailure} whose message names the case, what was found and the limit or
 *   expectation (see ModelRunFailureKind). The caller's process is never at risk: the model
 *   runs in a child that is killed on any failure.
 */
export async function runModel(options: RunModelOptions): Promise<ModelRun> {
  const { track } = options;
  const rows: { caseId: string; probabilities: Float64Array }[] = [];
  const record = await runModelOnCases(options, {
    outputTransport: 'values',
    onCase: (event, { caseId }) =>
      rows.push({
        caseId,
        probabilities: outputToProbabilities(
          event.dims,
          event.values ?? [],
          { ...track, output: track.model.output },
          caseId,
        ),
      }),
  });
  return { predictionsCsv: predictionsCsv(rows, track), ...record };
}

type CaseEvent = Extract<ChildEvent, { type: 'case' }>;

/**
 * The run shared by every task type: checks the file size, extracts the cases, lets `checkCases`
 * refuse them before the model process starts, runs the model process and hands each case's
 * output to `onCase` (which may throw a ModelRunFailure to stop the run).
 */
export async function runModelOnCases(
  {
    modelPath,
    track,
    inputsZip,
    caseIds,
    workDir,
    intraOpThreads = 1,
    onModelProcess,
    childEntry,
  }: RunModelOptions<AnyModelTrack>,
  {
    outputTransport,
    onCase,
    checkCases,
  }: {
    outputTransport: NonNullable<ModelProcessJob['outputTransport']>;
    onCase: (event: CaseEvent, caseFile: CaseFile) => void;
    checkCases?: (cases: readonly CaseFile[]) => void;
  },
): Promise<ModelRunRecord> {
  const { limits, input, output } = track.model;
  const fileBytes = (await stat(modelPath)).size;
  if (fileBytes > limits.fileMb * 1024 * 1024)
    throw new ModelRunFailure(
      'file-too-large',
      `the model file is ${(fileBytes / 1024 / 1024).toFixed(1)} MB; the track accepts at most ${limits.fileMb} MB`,
    );
  const dir = await mkdtemp(path.join(workDir ?? tmpdir(), 'medrank-model-run-'));
  try {
    const cases = await extractCaseFiles(inputsZip, path.join(dir, 'inputs'), caseIds);
    checkCases?.(cases);
    const timings: ModelRunCase[] = [];
    let loadMs = 0;
    let warmupMs = 0;
    const outcome = await runModelProcess(
      {
        mode: 'run',
        modelPath: path.resolve(modelPath),
        input,
        outputName: output.name,
        outputTransport,
        cases,
        intraOpThreads,
        // A case file that inflates past the memory budget could never be run within it.
        maxInputBytes: limits.memoryMb * 1024 * 1024,
      },
      {
        memoryMb: limits.memoryMb,
        perCaseMs: limits.perCaseMs,
        totalMs: limits.totalSeconds * 1000,
      },
      {
        workDir: dir,
        ...(onModelProcess ? { onSpawn: onModelProcess } : {}),
        ...(childEntry ? { childEntry } : {}),
        caseIdOf: (index) => cases[index]?.caseId ?? `#${index}`,
        onEvent: (event) => {
          if (event.type === 'loaded') {
            loadMs = event.loadMs;
            const problems = signatureMismatches(event.inputs, event.outputs, track);
            if (problems.length > 0)
              throw new ModelRunFailure(
                'signature',
                `the model does not fit the track: ${problems.join('; ')}`,
              );
          } else if (event.type === 'warmup') {
            warmupMs = event.warmupMs;
          } else if (event.type === 'case') {
            const caseFile = cases[event.index]!;
            onCase(event, caseFile);
            timings.push({
              caseId: caseFile.caseId,
              inferenceMs: event.inferenceMs,
              wallMs: event.wallMs,
            });
          }
        },
      },
    );
    return {
      cases: timings,
      loadMs,
      warmupMs,
      wallMs: outcome.wallMs,
      peakRssMb: outcome.peakRssMb,
      isNetworkIsolated: outcome.isNetworkIsolated,
      notes: outcome.notes,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
