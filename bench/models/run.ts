/**
 * Model-run speed (issue 10): the committed BreastMNIST model on the 156 test images through
 * @medrank/model-runner (sandboxed child process, PNG decoding, preprocessing, one case at a
 * time) against onnxruntime's own timing of the same model in this process (same session
 * options, same batch of one, tensors prepared before the clock starts). A compute-heavier
 * model (a chain of 1024×1024 matrix products) shows how the fixed costs shrink beside real
 * inference. Prints cases/s and the runner's overhead; target ≤ 20 %. Exit code 0 unless the
 * bench itself fails.
 *
 *   npx tsx bench/models/run.ts                 # both models, best of 3
 *   npx tsx bench/models/run.ts --repeat 5 --json
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { runModel, type ModelRun, type ModelTrack } from '@medrank/model-runner';
import {
  BREASTMNIST_CLASSES,
  BREASTMNIST_MODEL,
  BREASTMNIST_MODEL_CONTRACT,
  breastMnistTestSet,
  slowModel,
} from '@medrank/model-runner/testing';
import { parseModelContract } from '@medrank/task-contracts/config';

const { values: options } = parseArgs({
  options: {
    repeat: { type: 'string', default: '3' },
    'heavy-steps': { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
  },
});
const repeat = Number(options.repeat);
const TARGET_OVERHEAD_PERCENT = 20;

const track: ModelTrack = {
  classes: [...BREASTMNIST_CLASSES],
  positiveClass: 1,
  model: parseModelContract('classification', BREASTMNIST_MODEL_CONTRACT),
};
const set = await breastMnistTestSet();
const n = set.caseIds.length;

/** onnxruntime alone: the tensors built beforehand, session.run per case, best of `repeat`. */
async function inProcess(modelPath: string): Promise<{ inferenceMs: number; loadMs: number }> {
  const loadStart = performance.now();
  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const loadMs = performance.now() - loadStart;
  const tensors = set.caseIds.map(
    (_, i) =>
      new ort.Tensor(
        'float32',
        Float32Array.from(set.pixels.subarray(i * 784, (i + 1) * 784), (v) => v / 255),
        [1, 1, 28, 28],
      ),
  );
  let best = Infinity;
  for (let r = 0; r < repeat; r++) {
    const start = performance.now();
    for (const x of tensors) await session.run({ x });
    best = Math.min(best, performance.now() - start);
  }
  await session.release();
  return { inferenceMs: best, loadMs };
}

/** The runner, end to end, best of `repeat` (by total time). */
async function throughRunner(modelPath: string): Promise<{ totalMs: number; run: ModelRun }> {
  let best: { totalMs: number; run: ModelRun } | undefined;
  for (let r = 0; r < repeat; r++) {
    const start = performance.now();
    const run = await runModel({
      modelPath,
      track,
      inputsZip: set.inputsZip,
      caseIds: set.caseIds,
    });
    const totalMs = performance.now() - start;
    if (!best || totalMs < best.totalMs) best = { totalMs, run };
  }
  return best!;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const rate = (ms: number) => Math.round((n / ms) * 1000 * 10) / 10;
const percent = (ms: number, base: number) => Math.round(((ms - base) / base) * 1000) / 10;

async function measure(name: string, modelPath: string) {
  const direct = await inProcess(modelPath);
  const { totalMs, run } = await throughRunner(modelPath);
  const childInferenceMs = sum(run.cases.map((c) => c.inferenceMs));
  const caseWallMs = sum(run.cases.map((c) => c.wallMs));
  return {
    model: name,
    cases: n,
    onnxruntime: {
      inferenceMs: direct.inferenceMs,
      casesPerSecond: rate(direct.inferenceMs),
      loadMs: direct.loadMs,
    },
    runner: {
      totalMs,
      casesPerSecond: rate(totalMs),
      processMs: run.wallMs,
      loadMs: run.loadMs,
      childInferenceMs,
      caseWallMs,
      steadyCasesPerSecond: rate(caseWallMs),
      peakRssMb: run.peakRssMb,
      isNetworkIsolated: run.isNetworkIsolated,
    },
    /** Per-case path (decode, preprocess, run, report) against session.run alone. */
    steadyOverheadPercent: percent(caseWallMs, direct.inferenceMs),
    /** Everything (zip extraction, process start, model load, cases) against session.run alone. */
    endToEndOverheadPercent: percent(totalMs, direct.inferenceMs),
  };
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-models-'));
try {
  const heavySteps = Number(options['heavy-steps']);
  const heavy = path.join(dir, 'matmul-chain.onnx');
  writeFileSync(heavy, slowModel(heavySteps));
  const rows = [
    await measure('breastmnist-logreg (3.5 KB, ~1.6 kFLOP/case)', BREASTMNIST_MODEL),
    await measure(`matmul chain (${heavySteps} × 1024², ~${heavySteps * 2.1} GFLOP/case)`, heavy),
  ];
  const report = {
    machine: {
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    },
    repeat,
    targetOverheadPercent: TARGET_OVERHEAD_PERCENT,
    rows,
  };
  if (options.json) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(
      `model runs: ${n} BreastMNIST test images, best of ${repeat}, load average ${report.machine.loadAverage.join(' ')}`,
    );
    for (const row of rows) {
      console.log(`\n${row.model}`);
      console.log(
        `  onnxruntime in-process  ${row.onnxruntime.inferenceMs.toFixed(1)} ms  ${row.onnxruntime.casesPerSecond} cases/s`,
      );
      console.log(
        `  runner, per-case path   ${row.runner.caseWallMs.toFixed(1)} ms  ${row.runner.steadyCasesPerSecond} cases/s  overhead ${row.steadyOverheadPercent} %  (session.run in the child: ${row.runner.childInferenceMs.toFixed(1)} ms)`,
      );
      console.log(
        `  runner, end to end      ${row.runner.totalMs.toFixed(1)} ms  ${row.runner.casesPerSecond} cases/s  overhead ${row.endToEndOverheadPercent} %  (process ${row.runner.processMs.toFixed(0)} ms, load ${row.runner.loadMs.toFixed(0)} ms, peak RSS ${row.runner.peakRssMb} MB, network isolated: ${row.runner.isNetworkIsolated})`,
      );
      console.log(
        `  target ≤ ${TARGET_OVERHEAD_PERCENT} %: per-case ${row.steadyOverheadPercent <= TARGET_OVERHEAD_PERCENT ? 'met' : 'not met'}, end to end ${row.endToEndOverheadPercent <= TARGET_OVERHEAD_PERCENT ? 'met' : 'not met'}`,
      );
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
