// The model process: started by run-in-sandbox.ts as
//   [unshare -n] prlimit --as=BYTES -- node model-child.mjs JOB.json
// It loads the model with onnxruntime-node, reads each case file, preprocesses it per the
// contract, runs one case at a time and writes one JSON line per event to stdout. It decides
// nothing about limits or validity: the parent times cases, watches memory and checks outputs.
// Plain JavaScript for the reason given in preprocess.mjs.
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  CaseInputError,
  decodeCaseImage,
  decodeCaseVolume,
  imageToTensor,
  volumeToTensor,
} from './preprocess.mjs';

/** onnxruntime's numeric element types: what a segmentation output may be (labels may be integers). */
const NUMBER_TYPES = new Set([
  'float32',
  'float64',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
]);

/**
 * Writes one event line. stdout is a pipe, and Node writes to pipes asynchronously once the
 * pipe is full: waiting for 'drain' keeps a run from queueing every case's output in memory
 * (a 3D score map is megabytes) while the parent reads.
 */
async function send(event) {
  if (!process.stdout.write(`${JSON.stringify(event)}\n`))
    await new Promise((resolve) => process.stdout.once('drain', resolve));
}

/** Exits once every line written so far has reached the pipe: process.exit alone drops the queued tail. */
function exitAfterFlush(code) {
  process.stdout.write('', () => process.exit(code));
}

function describeMetadata(metadata) {
  return metadata.map((m) =>
    m.isTensor
      ? { name: m.name, isTensor: true, type: m.type, shape: [...m.shape] }
      : { name: m.name, isTensor: false },
  );
}

/** Tries a TCP connection the sandbox must refuse; reports what happened. */
function probeNetwork({ host, port }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ type: 'probe', connected: false, code: 'TIMEOUT', message: 'no answer in 3 s' });
    }, 3_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ type: 'probe', connected: true });
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      resolve({ type: 'probe', connected: false, code: error.code, message: error.message });
    });
  });
}

async function main() {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  if (job.mode === 'network-probe') {
    await send(await probeNetwork(job.probe));
    return;
  }
  const ort = await import('onnxruntime-node');
  const loadStart = performance.now();
  let session;
  try {
    session = await ort.InferenceSession.create(job.modelPath, {
      executionProviders: ['cpu'],
      intraOpNumThreads: job.intraOpThreads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
  } catch (error) {
    await send({ type: 'error', stage: 'load', message: String(error?.message ?? error) });
    return;
  }
  await send({
    type: 'loaded',
    loadMs: performance.now() - loadStart,
    inputs: describeMetadata(session.inputMetadata),
    outputs: describeMetadata(session.outputMetadata),
  });
  if (job.mode === 'inspect') return;

  // A 5-dimensional input ([N, C, D, H, W]) reads NIfTI volumes; a 4-dimensional one images.
  const isVolume = job.input.shape.length === 5;
  for (let index = 0; index < job.cases.length; index++) {
    const { path, fileName } = job.cases[index];
    await send({ type: 'case-start', index });
    const caseStart = performance.now();
    let warmupMs = 0;
    let feed;
    let caseSize;
    let spacingMm;
    try {
      const bytes = readFileSync(path);
      let tensor;
      if (isVolume) {
        const volume = decodeCaseVolume(bytes, fileName, job.maxInputBytes);
        caseSize = [volume.depth, volume.height, volume.width];
        spacingMm = volume.spacingMm;
        tensor = volumeToTensor(volume, job.input);
      } else {
        const image = decodeCaseImage(bytes, fileName);
        caseSize = [image.height, image.width];
        tensor = imageToTensor(image, job.input);
      }
      feed = new ort.Tensor(job.input.dtype, tensor.data, tensor.dims);
    } catch (error) {
      if (!(error instanceof CaseInputError)) throw error;
      await send({ type: 'case-error', index, message: error.message });
      return;
    }
    let output;
    let start = 0;
    try {
      if (index === 0) {
        // The first case runs twice and the second run is timed: onnxruntime's first run
        // allocates and plans, a cost that belongs to no case (onnxruntime_perf_test warms up
        // the same way). The parent restarts the per-case clock at the warm-up event.
        const warmupStart = performance.now();
        await session.run({ [job.input.name]: feed }, [job.outputName]);
        warmupMs = performance.now() - warmupStart;
        await send({ type: 'warmup', index, warmupMs });
      }
      start = performance.now();
      const results = await session.run({ [job.input.name]: feed }, [job.outputName]);
      output = results[job.outputName];
    } catch (error) {
      await send({ type: 'error', stage: 'run', index, message: String(error?.message ?? error) });
      return;
    }
    const inferenceMs = performance.now() - start;
    if (job.outputTransport === 'float64-base64') {
      // Segmentation: a score map is millions of numbers; their float64 bytes in base64 are a
      // fraction of their JSON text, keep NaN and ±Infinity as they are, and hold integer
      // (labels) outputs exactly up to 2^53. The parent checks them.
      if (!NUMBER_TYPES.has(output.type)) {
        await send({
          type: 'case-error',
          index,
          message: `the output is ${output.type}; expected a number type`,
        });
        return;
      }
      const data = Float64Array.from(output.data, Number);
      const base64 = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
      const wallMs = performance.now() - caseStart - warmupMs;
      await send({
        type: 'case',
        index,
        inferenceMs,
        wallMs,
        dims: output.dims,
        data: base64,
        imageSize: caseSize,
        ...(spacingMm ? { spacingMm } : {}),
      });
      continue;
    }
    if (output.type !== 'float32' && output.type !== 'float64') {
      await send({
        type: 'case-error',
        index,
        message: `the output is ${output.type}; expected float32`,
      });
      return;
    }
    // NaN and ±Infinity do not survive JSON: send them as strings, the parent names the case.
    const values = Array.from(output.data, (v) => (Number.isFinite(v) ? v : String(v)));
    const wallMs = performance.now() - caseStart - warmupMs;
    await send({ type: 'case', index, inferenceMs, wallMs, dims: output.dims, values });
  }
  await send({ type: 'done' });
}

main().then(
  () => exitAfterFlush(0),
  async (error) => {
    await send({ type: 'error', stage: 'child', message: String(error?.stack ?? error) });
    exitAfterFlush(1);
  },
);
