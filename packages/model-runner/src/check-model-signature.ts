import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type {
  ClassificationConfig,
  ModelContract,
  SegmentationConfig,
} from '@medrank/task-contracts/config';
import { ModelRunFailure } from './model-run-failure.js';
import { maskOutputMismatches } from './outputs/output-to-mask.js';
import { acceptedOutputWidths, describeExpectedOutput } from './outputs/output-to-probabilities.js';
import { runModelProcess, type TensorMetadata } from './sandbox/run-model-process.js';

/** A classification track that takes models: its classes and its `model` contract. */
export type ModelTrack = ClassificationConfig & { model: ModelContract };

/** A segmentation track (2D images or 3D volumes) that takes models: its labels and its `model` contract. */
export type SegmentationModelTrack = SegmentationConfig & { model: ModelContract };

/** Either kind of track that takes models. */
export type AnyModelTrack = ModelTrack | SegmentationModelTrack;

export const isSegmentationModelTrack = (track: AnyModelTrack): track is SegmentationModelTrack =>
  'labels' in track;

/** What onnxruntime reports of a model that fits its track. */
export interface ModelSignature {
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
  fileBytes: number;
  loadMs: number;
}

/** Time allowed to load a model for its signature check. */
export const SIGNATURE_CHECK_TIMEOUT_MS = 60_000;

const MB = 1024 * 1024;

const formatShape = (shape: readonly (number | string)[]) =>
  `[${shape.map((d) => (typeof d === 'string' ? d || '?' : d)).join(',')}]`;

/** Known magic numbers of files people upload instead of an ONNX model. */
function describeBytes(head: Buffer): string {
  if (head.subarray(0, 4).toString('hex') === '504b0304')
    return 'a zip archive (a PyTorch .pt/.pth checkpoint or a zipped model?)';
  if (head.subarray(0, 2).toString('hex') === '1f8b') return 'gzip-compressed data';
  if (head.subarray(0, 6).toString('latin1') === '\x93NUMPY') return 'a NumPy .npy array';
  if (head.subarray(0, 4).toString('hex') === '89484446') return 'an HDF5 (Keras .h5) file';
  if (head[0] === 0x80) return 'a Python pickle';
  return `bytes ${head.subarray(0, 4).toString('hex').replace(/(..)/g, '$1 ').trim()}`;
}

/**
 * Compares onnxruntime's view of a model with the track's contract; every mismatch is one
 * message (names, rank, fixed dimensions, element types). The batch dimension may be symbolic
 * or 1: the platform feeds one case at a time.
 */
export function signatureMismatches(
  inputs: readonly TensorMetadata[],
  outputs: readonly TensorMetadata[],
  track: AnyModelTrack,
): string[] {
  const { input, output } = track.model;
  const problems: string[] = [];
  const expectedInput = formatShape(input.shape);
  if (inputs.length !== 1)
    problems.push(
      `the model has ${inputs.length} inputs (${inputs.map((i) => `'${i.name}'`).join(', ')}); the track feeds one, '${input.name}' ${expectedInput}`,
    );
  const fed = inputs.find((i) => i.name === input.name);
  if (!fed) {
    if (inputs.length === 1)
      problems.push(`the model's input is '${inputs[0]!.name}'; the track feeds '${input.name}'`);
  } else if (!fed.isTensor) problems.push(`input '${fed.name}' is not a tensor`);
  else {
    if (fed.type !== input.dtype)
      problems.push(`input '${fed.name}' is ${fed.type}; the track feeds ${input.dtype}`);
    const shape = fed.shape ?? [];
    const fits =
      shape.length === 0 ||
      (shape.length === input.shape.length &&
        (typeof shape[0] === 'string' || shape[0] === 1 || shape[0] === -1) &&
        shape
          .slice(1)
          .every((d, i) => typeof d === 'string' || d === -1 || d === input.shape[i + 1]));
    if (!fits)
      problems.push(
        `input '${fed.name}' has shape ${formatShape(shape)}; the track expects ${expectedInput}`,
      );
  }
  const read = outputs.find((o) => o.name === output.name);
  if (!read)
    problems.push(
      `the model has no output '${output.name}' (its outputs: ${outputs.map((o) => `'${o.name}'`).join(', ')})`,
    );
  else if (!read.isTensor) problems.push(`output '${read.name}' is not a tensor`);
  else if (isSegmentationModelTrack(track)) problems.push(...maskOutputMismatches(read, track));
  else {
    if (read.type !== 'float32' && read.type !== 'float64')
      problems.push(
        `output '${read.name}' is ${read.type}; the track reads float32 ${output.values}`,
      );
    const shape = read.shape ?? [];
    const width = shape[1];
    const fits =
      shape.length === 0 ||
      (shape.length === 2 &&
        (typeof shape[0] === 'string' || shape[0] === 1 || shape[0] === -1) &&
        (typeof width === 'string' ||
          width === -1 ||
          acceptedOutputWidths(track.classes).includes(width!)));
    if (!fits)
      problems.push(
        `output '${read.name}' has shape ${formatShape(shape)}; the track expects ${describeExpectedOutput({ ...track, output })}`,
      );
  }
  return problems;
}

/**
 * Checks an uploaded model against its track's contract before any run: the file size first
 * (nothing parses an oversized file), then the bytes (an ONNX ModelProto starts with its IR
 * version, field 1), then onnxruntime's own reading of the graph, loaded in the sandboxed model
 * process (a hostile graph cannot hurt the caller), compared by {@link signatureMismatches}.
 * @throws {ModelRunFailure} file-too-large, not-onnx, load, memory, crash or signature; the
 *   message lists every mismatch, e.g. "input 'x' has shape [1,3,224,224]; the track expects [N,1,28,28]".
 */
export async function checkModelSignature(
  file: string,
  track: AnyModelTrack,
  { workDir, childEntry }: { workDir?: string; childEntry?: string } = {},
): Promise<ModelSignature> {
  const { limits } = track.model;
  const fileBytes = (await stat(file)).size;
  if (fileBytes > limits.fileMb * MB)
    throw new ModelRunFailure(
      'file-too-large',
      `the model file is ${(fileBytes / MB).toFixed(1)} MB; the track accepts at most ${limits.fileMb} MB`,
    );
  const handle = await open(file);
  const head = Buffer.alloc(16);
  try {
    await handle.read(head, 0, 16, 0);
  } finally {
    await handle.close();
  }
  if (fileBytes < 16 || head[0] !== 0x08)
    throw new ModelRunFailure(
      'not-onnx',
      `the file is not an ONNX model: it holds ${fileBytes < 16 ? `only ${fileBytes} bytes` : describeBytes(head)}; expected an ONNX ModelProto, as torch.onnx.export or tf2onnx writes (docs/model-submissions.md)`,
    );
  const dir = await mkdtemp(path.join(workDir ?? tmpdir(), 'medrank-signature-'));
  try {
    const { events } = await runModelProcess(
      { mode: 'inspect', modelPath: path.resolve(file), intraOpThreads: 1 },
      {
        memoryMb: limits.memoryMb,
        totalMs: Math.min(SIGNATURE_CHECK_TIMEOUT_MS, limits.totalSeconds * 1000),
      },
      { workDir: dir, ...(childEntry ? { childEntry } : {}) },
    );
    const loaded = events.find((e) => e.type === 'loaded');
    if (!loaded) throw new ModelRunFailure('load', 'the model process reported no signature');
    const problems = signatureMismatches(loaded.inputs, loaded.outputs, track);
    if (problems.length > 0)
      throw new ModelRunFailure(
        'signature',
        `the model does not fit the track: ${problems.join('; ')}`,
      );
    return { inputs: loaded.inputs, outputs: loaded.outputs, fileBytes, loadMs: loaded.loadMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
