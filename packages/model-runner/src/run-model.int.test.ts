// Real onnxruntime in real sandboxed processes: the committed BreastMNIST model scored through
// the platform's own parser and metric, equal to a direct in-process evaluation; then the models
// that break the contract or the limits, each ending in its precise failure, with the caller
// unharmed and a good run right after.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeZip, parseClassificationPredictions } from '@medrank/formats';
import { rocAucScore } from '@medrank/metrics';
import { parseModelContract, type ModelContractInput } from '@medrank/task-contracts/config';
import { checkModelSignature, type ModelTrack } from './check-model-signature.js';
import { ModelRunFailure } from './model-run-failure.js';
import { runModel } from './run-model.js';
import { detectNetworkIsolation } from './sandbox/network-isolation.js';
import { probeSandboxNetwork } from './sandbox/probe-sandbox-network.js';
import {
  BREASTMNIST_CLASSES,
  BREASTMNIST_MODEL,
  BREASTMNIST_MODEL_CONTRACT,
  breastMnistTestSet,
  type BreastMnistTestSet,
} from './testing/breastmnist-inputs.js';
import { writeFaultModels } from './testing/build-fault-models.js';
import { sphereCases, sphereInputsZip } from './testing/segmentation-fixtures.js';
import { buildOnnxModel } from './onnx/build-onnx-model.js';
import { decodeCaseVolume, volumeToTensor } from './child/preprocess.mjs';

const trackWith = (overrides: Partial<ModelContractInput> = {}): ModelTrack => ({
  classes: [...BREASTMNIST_CLASSES],
  positiveClass: 1,
  model: parseModelContract('classification', { ...BREASTMNIST_MODEL_CONTRACT, ...overrides }),
});

/** A (28, 28) uint8 .npy file, as numpy.save writes it. */
function npyOf(pixels: Uint8Array): Buffer {
  let header = "{'descr': '|u1', 'fortran_order': False, 'shape': (28, 28), }";
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const prefix = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), pixels]);
}

async function failureOf(promise: Promise<unknown>): Promise<ModelRunFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelRunFailure);
  return error as ModelRunFailure;
}

let set: BreastMnistTestSet;
let dir: string;
let faults: ReturnType<typeof writeFaultModels>;

beforeAll(async () => {
  set = await breastMnistTestSet();
  dir = await mkdtemp(path.join(tmpdir(), 'model-runner-test-'));
  faults = writeFaultModels(path.join(dir, 'faults'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the BreastMNIST logistic regression', () => {
  it('scores the same AUROC through the runner and the scorer as evaluated directly, ≥ 0.75', async () => {
    const track = trackWith();
    const signature = await checkModelSignature(BREASTMNIST_MODEL, track);
    expect(signature.inputs).toEqual([
      { name: 'x', isTensor: true, type: 'float32', shape: ['N', 1, 28, 28] },
    ]);

    const run = await runModel({
      modelPath: BREASTMNIST_MODEL,
      track,
      inputsZip: set.inputsZip,
      caseIds: set.caseIds,
    });
    expect(run.cases.map((c) => c.caseId)).toEqual(set.caseIds);
    expect(run.cases.every((c) => c.inferenceMs > 0 && c.inferenceMs <= c.wallMs)).toBe(true);
    expect(run.warmupMs).toBeGreaterThan(0);
    expect(run.peakRssMb).toBeGreaterThan(20);
    expect(run.isNetworkIsolated).toBe(detectNetworkIsolation().isolated);

    // The platform's path: the predictions file through the classification parser, then AUROC.
    const file = (async function* () {
      yield run.predictionsCsv;
    })();
    const parsed = await parseClassificationPredictions(file, {
      caseIds: set.caseIds,
      classes: BREASTMNIST_CLASSES,
      positiveClass: 1,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const platformScores = Float64Array.from(
      set.caseIds,
      (_, i) => parsed.value.scores![i * 2 + 1]!,
    );
    const platformAuroc = rocAucScore(set.labels, platformScores);

    // Directly: onnxruntime in this process, all 156 images in one batch, pixels from the npz.
    const session = await ort.InferenceSession.create(BREASTMNIST_MODEL);
    const x = Float32Array.from(set.pixels, (v) => v / 255);
    const { probability } = await session.run({
      x: new ort.Tensor('float32', x, [set.caseIds.length, 1, 28, 28]),
    });
    const directAuroc = rocAucScore(
      set.labels,
      Float64Array.from(probability!.data as Float32Array),
    );
    await session.release();

    console.log(
      `BreastMNIST logreg test AUROC: platform ${platformAuroc}, direct ${directAuroc}; ` +
        `load ${run.loadMs.toFixed(0)} ms, process ${run.wallMs.toFixed(0)} ms, peak RSS ${run.peakRssMb} MB, ` +
        `network isolated: ${run.isNetworkIsolated}`,
    );
    expect(platformAuroc).toBe(directAuroc);
    expect(platformAuroc).toBeGreaterThanOrEqual(0.75);
  });
});

describe('models that break the contract or the limits', () => {
  it('refuses a file over the size limit before reading it', async () => {
    const failure = await failureOf(
      checkModelSignature(faults.oversized, trackWith({ limits: { fileMb: 1 } })),
    );
    expect(failure.kind).toBe('file-too-large');
    expect(failure.message).toMatch(/^the model file is 1\.\d MB; the track accepts at most 1 MB$/);
  });

  it('refuses bytes that are not ONNX, saying what they look like', async () => {
    const notOnnx = path.join(dir, 'model.onnx');
    await writeFile(notOnnx, set.inputsZip);
    const failure = await failureOf(checkModelSignature(notOnnx, trackWith()));
    expect(failure.kind).toBe('not-onnx');
    expect(failure.message).toMatch(/not an ONNX model: it holds a zip archive \(a PyTorch/);
  });

  it('names the input whose shape differs from the contract', async () => {
    const failure = await failureOf(checkModelSignature(faults['wrong-input-shape'], trackWith()));
    expect(failure.kind).toBe('signature');
    expect(failure.message).toBe(
      "the model does not fit the track: input 'x' has shape [N,3,32,32]; the track expects [N,1,28,28]",
    );
  });

  it('names the case whose image does not fit the input, and a case the inputs lack', async () => {
    const png = new PNG({ width: 32, height: 32, colorType: 0, inputColorType: 0, bitDepth: 8 });
    png.data = Buffer.alloc(32 * 32);
    const inputs = encodeZip([
      { name: 'manifest.csv', data: Buffer.from('case_id,file\nc1,c1.npy\nc2,big.png\n') },
      { name: 'c1.npy', data: npyOf(set.pixels.subarray(0, 784)) },
      {
        name: 'big.png',
        data: PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false }),
      },
    ]);
    const wrongSize = await failureOf(
      runModel({ modelPath: BREASTMNIST_MODEL, track: trackWith(), inputsZip: inputs }),
    );
    expect(wrongSize.kind).toBe('input');
    expect(wrongSize.caseId).toBe('c2');
    expect(wrongSize.message).toBe(
      "case c2: the image is 32×32; the track's model takes 28×28 and resizes nothing (resize: none)",
    );
    const missing = await failureOf(
      runModel({
        modelPath: BREASTMNIST_MODEL,
        track: trackWith(),
        inputsZip: inputs,
        caseIds: ['c1', 'c3'],
      }),
    );
    expect(missing.kind).toBe('inputs');
    expect(missing.message).toBe('test inputs: case "c3" has no row in manifest.csv');
  });

  it('names the first case whose output is NaN', async () => {
    const failure = await failureOf(
      runModel({
        modelPath: faults['nan-output'],
        track: trackWith(),
        inputsZip: set.inputsZip,
        caseIds: set.caseIds,
      }),
    );
    expect(failure.kind).toBe('output-not-finite');
    expect(failure.caseId).toBe('0');
    expect(failure.message).toBe(
      "case 0: output 'probability' holds NaN at position 0; every value must be finite",
    );
  });

  it('names the case whose output has the wrong shape when the graph left it symbolic', async () => {
    const signature = await checkModelSignature(faults['wrong-output-width'], trackWith());
    expect(signature.outputs[0]!.shape).toEqual(['N', 'K']);
    const failure = await failureOf(
      runModel({
        modelPath: faults['wrong-output-width'],
        track: trackWith(),
        inputsZip: set.inputsZip,
        caseIds: set.caseIds,
      }),
    );
    expect(failure.kind).toBe('output-shape');
    expect(failure.message).toMatch(
      /^case 0: output 'probability' does not have the shape the track expects for one case, \[1, 2\]/,
    );
  });

  it('stops a case that runs past the per-case limit', async () => {
    const started = performance.now();
    const failure = await failureOf(
      runModel({
        modelPath: faults.slow,
        track: trackWith({ limits: { perCaseMs: 300 } }),
        inputsZip: set.inputsZip,
        caseIds: set.caseIds,
      }),
    );
    expect(failure.kind).toBe('case-timeout');
    expect(failure.message).toBe("case 0 ran longer than the track's per-case limit of 300 ms");
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('stops a run that passes the total limit', async () => {
    const failure = await failureOf(
      runModel({
        modelPath: faults.slow,
        track: trackWith({ limits: { totalSeconds: 1 } }),
        inputsZip: set.inputsZip,
        caseIds: set.caseIds,
      }),
    );
    expect(failure.kind).toBe('total-timeout');
    expect(failure.message).toMatch(
      /^the run passed the track's total limit of 1 s after \d+ cases?/,
    );
  });

  it('kills a model whose memory passes the limit', async () => {
    const failure = await failureOf(
      runModel({
        modelPath: faults['memory-hog'],
        track: trackWith({ limits: { memoryMb: 300 } }),
        inputsZip: set.inputsZip,
        caseIds: set.caseIds,
      }),
    );
    expect(failure.kind).toBe('memory');
    expect(failure.caseId).toBe('0');
    expect(failure.message).toMatch(
      // The watchdog here (node + onnxruntime reserve ~0.95 GB of address space, the tensor 576 MB,
      // the cap 1836 MB); a host whose runtime reserves more meets the cap first: same kind, same case.
      /^the model (used 3\d\d MB of memory on case 0; the track's limit is 300 MB$|ran out of memory on case 0 \(address space capped at 1836 MB, RSS limit 300 MB\))/,
    );
  });

  it('reports an allocation refused by the address-space cap as memory', async () => {
    const failure = await failureOf(
      runModel({
        modelPath: faults['address-space-hog'],
        track: trackWith({ limits: { memoryMb: 400 } }),
        inputsZip: set.inputsZip,
        caseIds: set.caseIds,
      }),
    );
    expect(failure.kind).toBe('memory');
    expect(failure.message).toMatch(
      /^the model (ran out of memory on case 0 \(address space capped at 1936 MB, RSS limit 400 MB\): .*Failed to allocate memory for requested buffer of size 1073741824|used 4\d\d MB of memory on case 0; the track's limit is 400 MB$)/,
    );
  });

  it('reports a crash with the signal and the case', async () => {
    // The runner did not send this signal: a native crash looks the same from outside.
    const failure = await failureOf(
      runModel({
        modelPath: faults.slow,
        track: trackWith(),
        inputsZip: set.inputsZip,
        caseIds: set.caseIds,
        onModelProcess: (pid) => setTimeout(() => process.kill(pid, 'SIGSEGV'), 1_500),
      }),
    );
    expect(failure.kind).toBe('crash');
    expect(failure.message).toMatch(/^the model process was killed by SIGSEGV on case \d+/);
    expect(failure.message).toContain(`on case ${failure.caseId}`);
  });

  it('gives the model process no network', async () => {
    const server: Server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const probe = await probeSandboxNetwork({ host: '127.0.0.1', port });
      if (!probe.isNetworkIsolated) {
        // Reported, not hidden: the host refuses unshare (no root, no user namespaces).
        console.warn(probe.notes.join('; '));
        expect(probe.notes[0]).toMatch(/^network isolation is unavailable on this host/);
        expect(probe.connected).toBe(true);
        return;
      }
      expect(probe.connected).toBe(false);
      expect(probe.code).toBe('ENETUNREACH');
    } finally {
      server.close();
    }
  });

  it('leaves the caller healthy: the good model runs right after', async () => {
    const run = await runModel({
      modelPath: BREASTMNIST_MODEL,
      track: trackWith(),
      inputsZip: set.inputsZip,
      caseIds: set.caseIds,
    });
    expect(run.cases).toHaveLength(156);
    expect(process.memoryUsage().rss).toBeLessThan(1024 * 1024 * 1024);
  });
});

describe('a 3D classification model (NIfTI volumes, input [N, 1, D, H, W])', () => {
  it('gives each volume the probability the same graph gives it in-process', async () => {
    // p(positive) = sigmoid(4 · mean(HU / 1000)): a "contrast present" classifier.
    const volumes = sphereCases({ count: 5, size: [8, 12, 10], prefix: 'scan' });
    const modelPath = path.join(dir, 'volume-classifier.onnx');
    await writeFile(
      modelPath,
      buildOnnxModel({
        name: 'volume_classifier',
        inputs: [{ name: 'ct', type: 'float32', shape: ['N', 1, 8, 12, 10] }],
        outputs: [{ name: 'probability', type: 'float32', shape: ['N', 1] }],
        initializers: [
          { name: 'gain', dims: [], floats: [4] },
          { name: 'shape', dims: [2], int64s: [-1, 1] },
        ],
        nodes: [
          { opType: 'GlobalAveragePool', inputs: ['ct'], outputs: ['mean'] },
          { opType: 'Reshape', inputs: ['mean', 'shape'], outputs: ['flat'] },
          { opType: 'Mul', inputs: ['flat', 'gain'], outputs: ['logit'] },
          { opType: 'Sigmoid', inputs: ['logit'], outputs: ['probability'] },
        ],
      }),
    );
    const track: ModelTrack = {
      classes: ['no_contrast', 'contrast'],
      positiveClass: 1,
      model: parseModelContract('classification', {
        input: {
          name: 'ct',
          shape: ['N', 1, 8, 12, 10],
          scaling: { zscore: { mean: 0, std: 1000 } },
        },
        output: { name: 'probability', values: 'probabilities' },
      }),
    };
    const run = await runModel({ modelPath, track, inputsZip: sphereInputsZip(volumes) });
    const parsed = await parseClassificationPredictions(
      (async function* () {
        yield run.predictionsCsv;
      })(),
      { caseIds: volumes.map((v) => v.caseId), classes: track.classes, positiveClass: 1 },
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const probabilities = new Set<number>();
    const session = await ort.InferenceSession.create(modelPath);
    for (const [i, volume] of volumes.entries()) {
      const decoded = decodeCaseVolume(volume.niftiGz, `${volume.caseId}.nii.gz`);
      const { data, dims } = volumeToTensor(decoded, track.model.input);
      const result = await session.run({ ct: new ort.Tensor('float32', data, dims) });
      const expected = (result.probability!.data as Float32Array)[0]!;
      const platform = parsed.value.scores![i * 2 + 1]!;
      expect(platform).toBeCloseTo(expected, 6);
      probabilities.add(Number(platform.toFixed(6)));
    }
    // The spheres differ in size, so the probabilities do: not one constant compared five times.
    expect(probabilities.size).toBe(5);
    await session.release();
  }, 60_000);
});
