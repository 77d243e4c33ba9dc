// Models that break a track's contract or limits, for the model-runner's fault tests: each is a
// real ONNX graph, built here with onnx-proto so the suite can rebuild them into a temp dir
// (`npx tsx packages/model-runner/src/testing/build-fault-models.ts <dir>` writes them to look at).
// All take the BreastMNIST contract's input, x [N,1,28,28] float32, unless the fault is the input.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOnnxModel, type OnnxNodeSpec } from '../onnx/build-onnx-model.js';

const X = { name: 'x', type: 'float32', shape: ['N', 1, 28, 28] } as const;
const PROBABILITY = { name: 'probability', type: 'float32', shape: ['N', 1] } as const;

/** x → [N,1] per-image sum: makes a later node depend on the input, so nothing is constant-folded at load. */
const SUM_OF_X: OnnxNodeSpec[] = [
  { opType: 'Flatten', inputs: ['x'], outputs: ['flat'], attributes: { axis: 1 } },
  { opType: 'ReduceSum', inputs: ['flat', 'axis1'], outputs: ['sum'], attributes: { keepdims: 1 } },
];
const AXIS1 = { name: 'axis1', dims: [1], int64s: [1] };

/** Input [N,3,32,32]: an RGB 32×32 model offered to a grey 28×28 track. */
export function wrongInputShapeModel(): Uint8Array {
  return buildOnnxModel({
    name: 'wrong_input_shape',
    inputs: [{ name: 'x', type: 'float32', shape: ['N', 3, 32, 32] }],
    outputs: [PROBABILITY],
    initializers: [AXIS1],
    nodes: [
      { opType: 'Flatten', inputs: ['x'], outputs: ['flat'], attributes: { axis: 1 } },
      {
        opType: 'ReduceMean',
        inputs: ['flat'],
        outputs: ['mean'],
        attributes: { axes: [1], keepdims: 1 },
      },
      { opType: 'Sigmoid', inputs: ['mean'], outputs: ['probability'] },
    ],
  });
}

/** (0 · Σx) / 0 = NaN for every case. */
export function nanOutputModel(): Uint8Array {
  return buildOnnxModel({
    name: 'nan_output',
    inputs: [X],
    outputs: [PROBABILITY],
    initializers: [AXIS1, { name: 'zero', dims: [], floats: [0] }],
    nodes: [
      ...SUM_OF_X,
      { opType: 'Mul', inputs: ['sum', 'zero'], outputs: ['nothing'] },
      { opType: 'Div', inputs: ['nothing', 'zero'], outputs: ['probability'] },
    ],
  });
}

/**
 * A chain of `steps` 1024×1024 matrix products built from the input (about 2 GFLOP each, tens
 * of milliseconds on one core): seconds per case, past a short per-case limit.
 */
export function slowModel(steps = 80): Uint8Array {
  const nodes: OnnxNodeSpec[] = [
    ...SUM_OF_X,
    { opType: 'Mul', inputs: ['sum', 'tiny'], outputs: ['scaled'] },
    { opType: 'Expand', inputs: ['scaled', 'square'], outputs: ['m0'] },
  ];
  for (let i = 1; i <= steps; i++)
    nodes.push({ opType: 'MatMul', inputs: [`m${i - 1}`, 'm0'], outputs: [`m${i}`] });
  nodes.push(
    {
      opType: 'ReduceMean',
      inputs: [`m${steps}`],
      outputs: ['mean'],
      attributes: { axes: [0, 1], keepdims: 1 },
    },
    { opType: 'Sigmoid', inputs: ['mean'], outputs: ['probability'] },
  );
  return buildOnnxModel({
    name: 'slow',
    inputs: [X],
    outputs: [PROBABILITY],
    initializers: [
      AXIS1,
      { name: 'tiny', dims: [], floats: [1 / 1024 / 784] },
      { name: 'square', dims: [2], int64s: [1024, 1024] },
    ],
    nodes,
  });
}

/**
 * Expands a per-case scalar to a side × side float32 tensor and averages it: side 12000 is
 * 576 MB (within the address-space cap, stopped by the RSS watchdog), side 16384 is 1 GiB (the
 * allocation itself fails under `prlimit --as` when the memory limit is small).
 */
export function memoryHogModel(side = 12_000): Uint8Array {
  return buildOnnxModel({
    name: 'memory_hog',
    inputs: [X],
    outputs: [PROBABILITY],
    initializers: [AXIS1, { name: 'huge', dims: [2], int64s: [side, side] }],
    nodes: [
      ...SUM_OF_X,
      { opType: 'Expand', inputs: ['sum', 'huge'], outputs: ['big'] },
      {
        opType: 'ReduceMean',
        inputs: ['big'],
        outputs: ['mean'],
        attributes: { axes: [0, 1], keepdims: 1 },
      },
      { opType: 'Sigmoid', inputs: ['mean'], outputs: ['probability'] },
    ],
  });
}

/** A correct little model carrying `paddingFloats` unused weights: a file over a small size limit. */
export function oversizedModel(paddingFloats = 400_000): Uint8Array {
  return buildOnnxModel({
    name: 'oversized',
    inputs: [X],
    outputs: [PROBABILITY],
    initializers: [
      AXIS1,
      { name: 'padding', dims: [paddingFloats], floats: new Float32Array(paddingFloats) },
    ],
    nodes: [...SUM_OF_X, { opType: 'Sigmoid', inputs: ['sum'], outputs: ['probability'] }],
  });
}

/**
 * Gives a two-class track three columns, with the width computed from the input (Slice's end is
 * 0 · max(x) + 3), so onnxruntime cannot infer it and the signature check lets the declared
 * [N, K] through: the run finds the wrong shape at the first case.
 */
export function wrongOutputWidthModel(): Uint8Array {
  return buildOnnxModel({
    name: 'wrong_output_width',
    inputs: [X],
    outputs: [{ name: 'probability', type: 'float32', shape: ['N', 'K'] }],
    initializers: [
      { name: 'zero', dims: [], floats: [0] },
      { name: 'three', dims: [], floats: [3] },
      { name: 'flat_shape', dims: [1], int64s: [-1] },
      { name: 'starts', dims: [1], int64s: [0] },
      { name: 'axes', dims: [1], int64s: [1] },
    ],
    nodes: [
      { opType: 'Flatten', inputs: ['x'], outputs: ['flat'], attributes: { axis: 1 } },
      {
        opType: 'ReduceMax',
        inputs: ['flat'],
        outputs: ['max'],
        attributes: { axes: [1], keepdims: 1 },
      },
      { opType: 'Mul', inputs: ['max', 'zero'], outputs: ['nil'] },
      { opType: 'Add', inputs: ['nil', 'three'], outputs: ['end_float'] },
      { opType: 'Reshape', inputs: ['end_float', 'flat_shape'], outputs: ['end_vector'] },
      { opType: 'Cast', inputs: ['end_vector'], outputs: ['ends'], attributes: { to: 7 } },
      { opType: 'Slice', inputs: ['flat', 'starts', 'ends', 'axes'], outputs: ['columns'] },
      { opType: 'Softmax', inputs: ['columns'], outputs: ['probability'], attributes: { axis: 1 } },
    ],
  });
}

export const FAULT_MODELS = {
  'wrong-input-shape': wrongInputShapeModel,
  'nan-output': nanOutputModel,
  slow: slowModel,
  'memory-hog': memoryHogModel,
  'address-space-hog': () => memoryHogModel(16_384),
  oversized: oversizedModel,
  'wrong-output-width': wrongOutputWidthModel,
} as const;

/** Writes every fault model to `directory` as `<name>.onnx`; returns their paths by name. */
export function writeFaultModels(directory: string): Record<keyof typeof FAULT_MODELS, string> {
  mkdirSync(directory, { recursive: true });
  const paths = {} as Record<keyof typeof FAULT_MODELS, string>;
  for (const [name, build] of Object.entries(FAULT_MODELS)) {
    const file = path.join(directory, `${name}.onnx`);
    writeFileSync(file, build());
    paths[name as keyof typeof FAULT_MODELS] = file;
  }
  return paths;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? 'fault-models');
  console.log(writeFaultModels(dir));
}
