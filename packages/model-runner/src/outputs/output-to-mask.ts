import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { encodeNifti1, encodeZip, isArchiveClutter, unsafeEntryName } from '@medrank/formats';
import {
  inputSpatialSize,
  isChannelsFirst,
  isVolumeInput,
  type ModelContract,
  type SegmentationConfig,
} from '@medrank/task-contracts/config';
import { ModelRunFailure } from '../model-run-failure.js';

/** What turning a segmentation model's output into a mask needs of its track. */
export interface MaskOutputTrack {
  labels: SegmentationConfig['labels'];
  model: Pick<ModelContract, 'input' | 'output'>;
}

/** A label mask, row-major [height, width]: 0 background, otherwise one of the track's label values. */
export interface LabelMask {
  height: number;
  width: number;
  data: Uint16Array;
}

/** Labels on a grid of any rank in C order: [height, width] or [depth, height, width]. */
export interface LabelGrid {
  size: number[];
  data: Uint16Array;
}

/** Element types a `labels` output may have; class scores must be float. */
export const LABEL_OUTPUT_TYPES = [
  'float32',
  'float64',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'uint32',
  'int64',
  'uint64',
] as const;

const largestLabel = (labels: MaskOutputTrack['labels']) => Math.max(...labels.map((l) => l.value));

/**
 * The label value each channel of a K-channel score output stands for, or null when K fits
 * neither rule: K − 1 ≥ the largest label value (channel k = label value k, the rule of a model
 * trained on the label values themselves), or K = labels + 1 (channel k = the k-th label in
 * ascending order: a 0/255 mask track takes a 2-channel model). Channel 0 is background; a
 * channel whose value the track does not score maps to background, so a model trained on more
 * structures than the track scores keeps them out of the scored ones. The rules agree where both
 * hold (labels 1..L).
 */
export function channelLabels(
  channels: number,
  labels: MaskOutputTrack['labels'],
): Uint16Array | null {
  const map = new Uint16Array(channels);
  if (channels - 1 >= largestLabel(labels)) {
    for (const { value } of labels) map[value] = value;
    return map;
  }
  if (channels === labels.length + 1) {
    labels.forEach(({ value }, i) => (map[i + 1] = value));
    return map;
  }
  return null;
}

/** The channel counts a score output may have, for messages. */
export function describeAcceptedChannels(labels: MaskOutputTrack['labels']): string {
  const largest = largestLabel(labels);
  const byValue = `at least ${largest + 1} (channel k scores label value k, channel 0 background)`;
  return labels.length + 1 === largest + 1
    ? byValue
    : `${labels.length + 1} (background, then ${labels.map((l) => l.value).join(', ')} in that order) or ${byValue}`;
}

/** The output shapes the track expects (batch `N`), per its input's rank and layout. */
export function expectedMaskOutputShapes({ model }: Pick<MaskOutputTrack, 'model'>): string[] {
  const spatial = inputSpatialSize(model.input).join(', ');
  const first = isChannelsFirst(model.input);
  if (model.output.values === 'labels')
    return [`[N, ${spatial}]`, first ? `[N, 1, ${spatial}]` : `[N, ${spatial}, 1]`];
  return [first ? `[N, K, ${spatial}]` : `[N, ${spatial}, K]`];
}

/** The output the track expects, for messages. */
export function describeExpectedMaskOutput(track: MaskOutputTrack): string {
  const shapes = expectedMaskOutputShapes(track).join(' or ');
  return track.model.output.values === 'labels'
    ? `${shapes} (label values, whole numbers ≥ 0)`
    : `${shapes} (${track.model.output.values} of K classes), K = ${describeAcceptedChannels(track.labels)}`;
}

type Dimension = number | string;
const isFree = (d: Dimension | undefined) => typeof d === 'string' || d === -1;
const fitsFixed = (d: Dimension | undefined, expected: number) => isFree(d) || d === expected;

/**
 * What is wrong with a segmentation model's output as onnxruntime declares it (rank, batch,
 * H×W, channel count, element type), one message per problem; fixed dimensions only (symbolic
 * ones are checked per case at run time, without echoing them). Empty: it fits.
 */
export function maskOutputMismatches(
  output: { name: string; type?: string; shape?: Dimension[] },
  track: MaskOutputTrack,
): string[] {
  const { input, output: contract } = track.model;
  const problems: string[] = [];
  const isLabels = contract.values === 'labels';
  const type = output.type ?? '';
  if (
    isLabels
      ? !(LABEL_OUTPUT_TYPES as readonly string[]).includes(type)
      : type !== 'float32' && type !== 'float64'
  )
    problems.push(
      `output '${output.name}' is ${type || 'of an unknown type'}; the track reads ${isLabels ? 'labels of a number type (float or integer)' : `float32 ${contract.values}`}`,
    );
  const shape = output.shape ?? [];
  if (shape.length === 0) return problems; // rank unknown: checked per case
  const size = inputSpatialSize(input);
  const first = isChannelsFirst(input);
  const expected = `; the track expects ${describeExpectedMaskOutput(track)}`;
  const shown = `[${shape.map((d) => (typeof d === 'string' ? d || '?' : d)).join(',')}]`;
  const batchFits = isFree(shape[0]) || shape[0] === 1;
  const spatialFits = (dims: Dimension[] | null) =>
    dims !== null && dims.length === size.length && dims.every((d, i) => fitsFixed(d, size[i]!));
  if (isLabels) {
    const rank = size.length + 1;
    const spatial =
      shape.length === rank
        ? shape.slice(1)
        : shape.length === rank + 1 && fitsFixed(first ? shape[1] : shape.at(-1), 1)
          ? first
            ? shape.slice(2)
            : shape.slice(1, -1)
          : null;
    if (!batchFits || !spatialFits(spatial))
      problems.push(`output '${output.name}' has shape ${shown}${expected}`);
    return problems;
  }
  const channels = first ? shape[1] : shape.at(-1);
  const spatial = first ? shape.slice(2) : shape.slice(1, -1);
  if (shape.length !== size.length + 2 || !batchFits || !spatialFits(spatial))
    problems.push(`output '${output.name}' has shape ${shown}${expected}`);
  else if (
    typeof channels === 'number' &&
    channels !== -1 &&
    !channelLabels(channels, track.labels)
  )
    problems.push(
      `output '${output.name}' has ${channels} channel${channels === 1 ? '' : 's'}; the track's labels are ${track.labels.map((l) => l.value).join(', ')} (0 is background), so it needs ${describeAcceptedChannels(track.labels)}`,
    );
  return problems;
}

/**
 * One case's output (batch of one) as the label mask of the case's ORIGINAL image (2D): see
 * {@link outputToLabels}.
 */
export function outputToLabelMask(
  dims: readonly number[],
  values: Float64Array,
  track: MaskOutputTrack,
  caseId: string,
  imageSize: readonly [number, number],
): LabelMask {
  const { size, data } = outputToLabels(dims, values, track, caseId, imageSize);
  return { height: size[0]!, width: size[1]!, data };
}

/**
 * One case's output (batch of one) as the labels of the case's ORIGINAL image or volume:
 * class scores (`logits`/`probabilities`, identical here) → argmax over the channels (the lowest
 * channel wins a tie, as numpy's argmax) → the channel's label ({@link channelLabels});
 * `labels` → the values themselves, a value the track does not score becoming background. When
 * the contract resized the input (`resize: bilinear` / `trilinear`), the labels are resized back
 * to `caseSize` by nearest neighbour with half-pixel centres (PyTorch `nearest-exact`), so every
 * value stays a label.
 * Messages name the case and never a shape, a value or a position: each of them could be made a
 * function of a hidden input (SECURITY.md, model runs).
 * @param caseSize the decoded case's [height, width] or [depth, height, width].
 * @throws {ModelRunFailure} output-shape, output-not-finite, output-invalid.
 */
export function outputToLabels(
  dims: readonly number[],
  values: Float64Array,
  track: MaskOutputTrack,
  caseId: string,
  caseSize: readonly number[],
): LabelGrid {
  const { input, output } = track.model;
  const size = inputSpatialSize(input);
  const first = isChannelsFirst(input);
  const isLabels = output.values === 'labels';
  const shapeFailure = () =>
    new ModelRunFailure(
      'output-shape',
      `case ${caseId}: output '${output.name}' does not have the shape the track expects for one case, ${describeExpectedMaskOutput(track).replace(/\[N,/g, '[1,')} (its shape at run time is not shown: it may depend on a hidden input)`,
      caseId,
    );
  const same = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((d, i) => d === b[i]);
  let channels = 1;
  if (isLabels) {
    const accepted = [[1, ...size], first ? [1, 1, ...size] : [1, ...size, 1]];
    if (!accepted.some((shape) => same(dims, shape))) throw shapeFailure();
  } else {
    channels = (first ? dims[1] : dims.at(-1)) ?? 0;
    if (!same(dims, first ? [1, channels, ...size] : [1, ...size, channels])) throw shapeFailure();
  }
  const map = isLabels ? null : channelLabels(channels, track.labels);
  if (!isLabels && !map) throw shapeFailure();
  const points = size.reduce((a, b) => a * b, 1);
  if (values.length !== channels * points) throw shapeFailure();
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i]))
      throw new ModelRunFailure(
        'output-not-finite',
        `case ${caseId}: output '${output.name}' holds a value that is not finite (NaN or ±Infinity); every value must be finite`,
        caseId,
      );
  const data = new Uint16Array(points);
  if (map) {
    // Channels first: channel k of point p at k·points + p; channels last: at p·channels + k.
    const [pointStride, channelStride] = first ? [1, points] : [channels, 1];
    for (let p = 0; p < points; p++) {
      let best = 0;
      let bestScore = values[p * pointStride]!;
      for (let k = 1; k < channels; k++) {
        const score = values[p * pointStride + k * channelStride]!;
        if (score > bestScore) {
          bestScore = score;
          best = k;
        }
      }
      data[p] = map[best]!;
    }
  } else {
    const scored = new Set(track.labels.map((l) => l.value));
    for (let p = 0; p < points; p++) {
      const value = values[p]!;
      if (!Number.isInteger(value) || value < 0)
        throw new ModelRunFailure(
          'output-invalid',
          `case ${caseId}: output '${output.name}' holds a value that is not a whole number ≥ 0; a labels output holds label values (declare values: logits for class scores)`,
          caseId,
        );
      data[p] = scored.has(value) ? value : 0;
    }
  }
  return resizeLabelsNearest({ size, data }, caseSize);
}

/**
 * Nearest-neighbour resize of a label mask with half-pixel centres: see {@link resizeLabelsNearest}.
 */
export function resizeMaskNearest(mask: LabelMask, height: number, width: number): LabelMask {
  const { data } = resizeLabelsNearest({ size: [mask.height, mask.width], data: mask.data }, [
    height,
    width,
  ]);
  return { height, width, data };
}

/**
 * Nearest-neighbour resize of labels of any rank with half-pixel centres: target index t of an
 * axis reads source index ⌊(t + ½)·S/T⌋ (PyTorch `interpolate(mode='nearest-exact')`, OpenCV
 * `INTER_NEAREST_EXACT`), the inverse of the linear input resize's sampling grid.
 */
export function resizeLabelsNearest(grid: LabelGrid, size: readonly number[]): LabelGrid {
  if (grid.size.length !== size.length)
    throw new Error(`resizeLabelsNearest: rank ${grid.size.length} to rank ${size.length}`);
  if (grid.size.every((d, i) => d === size[i])) return { size: [...size], data: grid.data };
  const sources = size.map((to, axis) => {
    const from = grid.size[axis]!;
    return Int32Array.from({ length: to }, (_, t) =>
      Math.min(Math.floor(((t + 0.5) * from) / to), from - 1),
    );
  });
  // Source strides (C order) of each axis.
  const strides = grid.size.map((_, axis) => grid.size.slice(axis + 1).reduce((a, b) => a * b, 1));
  const total = size.reduce((a, b) => a * b, 1);
  const data = new Uint16Array(total);
  const index = new Array<number>(size.length).fill(0);
  for (let out = 0; out < total; out++) {
    let at = 0;
    for (let axis = 0; axis < size.length; axis++)
      at += sources[axis]![index[axis]!]! * strides[axis]!;
    data[out] = grid.data[at]!;
    for (let axis = size.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < size[axis]!) break;
      index[axis] = 0;
    }
  }
  return { size: [...size], data };
}

/**
 * A mask as a grayscale PNG whose sample values are the labels (what the segmentation scorer
 * reads, formats' readPngLabels): 8-bit when every label of the track fits in a byte, else 16-bit.
 */
export function encodeMaskPng(mask: LabelMask, labels: MaskOutputTrack['labels']): Buffer {
  const is16Bit = largestLabel(labels) > 255;
  // pngjs reads 16-bit samples as a Uint16Array over the buffer's whole ArrayBuffer: give it one of its own.
  const data = is16Bit
    ? Buffer.from(Uint16Array.from(mask.data).buffer)
    : Buffer.from(Uint8Array.from(mask.data));
  return PNG.sync.write({ width: mask.width, height: mask.height, data } as PNG, {
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
    bitDepth: is16Bit ? 16 : 8,
  });
}

/**
 * A volume's labels as a gzip-compressed NIfTI-1 file (`<case_id>.nii.gz`), with the input
 * volume's voxel spacing: 8-bit voxels when every label of the track fits in a byte, else
 * 16-bit. The segmentation scorer reads it as any submitted NIfTI mask (formats' readNiftiLabels).
 */
export function encodeMaskNifti(
  grid: LabelGrid,
  spacingMm: readonly [number, number, number],
  labels: MaskOutputTrack['labels'],
): Buffer {
  const [depth, height, width] = grid.size as [number, number, number];
  const data = largestLabel(labels) > 255 ? grid.data : Uint8Array.from(grid.data);
  return gzipSync(encodeNifti1({ shape: [depth, height, width], spacingMm: [...spacingMm], data }));
}

/** The mask file a track's model run writes per case: PNG for 2D inputs, NIfTI for volumes. */
export const maskExtensionOf = (track: Pick<MaskOutputTrack, 'model'>): MaskExtension =>
  isVolumeInput(track.model.input) ? '.nii.gz' : '.png';

export type MaskExtension = '.png' | '.nii.gz';

/**
 * The name of a case's mask in a predictions zip, `<case_id>.png` or `<case_id>.nii.gz`, or why
 * the case id cannot be one: the mask reader (formats' parseMaskArchive) takes the name after
 * the last `/` without its extension as the case id, refuses unsafe names and skips archive
 * clutter (`._*`).
 */
export function maskFileName(
  caseId: string,
  extension: MaskExtension = '.png',
): { ok: true; name: string } | { ok: false; reason: string } {
  const name = `${caseId}${extension}`;
  if (caseId.includes('/')) return { ok: false, reason: 'it contains "/"' };
  const unsafe = unsafeEntryName(name);
  if (unsafe) return { ok: false, reason: unsafe };
  if (isArchiveClutter(name))
    return { ok: false, reason: 'a mask reader skips such a name as archive clutter' };
  return { ok: true, name };
}

/** One case's predicted mask file, as a model run writes it. */
export interface CaseMask {
  caseId: string;
  /** `<case_id>.png` or `<case_id>.nii.gz` (maskFileName). */
  fileName: string;
  /** The encoded mask: grayscale PNG or gzip-compressed NIfTI-1 (both compressed already). */
  data: Buffer;
}

/** The segmentation predictions zip: one mask file per case, in the given order. */
export function maskPredictionsZip(masks: readonly CaseMask[]): Buffer {
  // PNG and .nii.gz data are compressed already: stored, not deflated again.
  return encodeZip(
    masks.map(({ fileName, data }) => ({ name: fileName, data, method: 'store' as const })),
  );
}
