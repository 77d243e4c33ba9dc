import { PNG } from 'pngjs';
import { encodeZip, isArchiveClutter, unsafeEntryName } from '@medrank/formats';
import {
  inputSize,
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

/** Dimension names of the output the track expects (batch `N`), per its input layout. */
export function expectedMaskOutputShapes({ model }: Pick<MaskOutputTrack, 'model'>): string[] {
  const [h, w] = inputSize(model.input);
  const nchw = model.input.layout === 'NCHW';
  if (model.output.values === 'labels')
    return [`[N, ${h}, ${w}]`, nchw ? `[N, 1, ${h}, ${w}]` : `[N, ${h}, ${w}, 1]`];
  return [nchw ? `[N, K, ${h}, ${w}]` : `[N, ${h}, ${w}, K]`];
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
  const [h, w] = inputSize(input);
  const nchw = input.layout === 'NCHW';
  const expected = `; the track expects ${describeExpectedMaskOutput(track)}`;
  const shown = `[${shape.map((d) => (typeof d === 'string' ? d || '?' : d)).join(',')}]`;
  const batchFits = isFree(shape[0]) || shape[0] === 1;
  if (isLabels) {
    const spatial =
      shape.length === 3
        ? shape.slice(1)
        : shape.length === 4 && fitsFixed(nchw ? shape[1] : shape[3], 1)
          ? nchw
            ? shape.slice(2)
            : shape.slice(1, 3)
          : null;
    if (!batchFits || !spatial || !fitsFixed(spatial[0], h) || !fitsFixed(spatial[1], w))
      problems.push(`output '${output.name}' has shape ${shown}${expected}`);
    return problems;
  }
  const channels = nchw ? shape[1] : shape[3];
  const spatial = nchw ? shape.slice(2) : shape.slice(1, 3);
  if (shape.length !== 4 || !batchFits || !fitsFixed(spatial[0], h) || !fitsFixed(spatial[1], w))
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
 * One case's output (batch of one) as the label mask of the case's ORIGINAL image:
 * class scores (`logits`/`probabilities`, identical here) → argmax over the channels (the lowest
 * channel wins a tie, as numpy's argmax) → the channel's label ({@link channelLabels});
 * `labels` → the values themselves, a value the track does not score becoming background. When
 * the contract resized the image (`resize: bilinear`), the mask is resized back to `imageSize`
 * by nearest neighbour with half-pixel centres (PyTorch `nearest-exact`), so every value stays a
 * label.
 * Messages name the case and never a shape, a value or a position: each of them could be made a
 * function of a hidden input (SECURITY.md, model runs).
 * @throws {ModelRunFailure} output-shape, output-not-finite, output-invalid.
 */
export function outputToLabelMask(
  dims: readonly number[],
  values: Float64Array,
  track: MaskOutputTrack,
  caseId: string,
  imageSize: readonly [number, number],
): LabelMask {
  const { input, output } = track.model;
  const [h, w] = inputSize(input);
  const nchw = input.layout === 'NCHW';
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
    const accepted = [[1, h, w], nchw ? [1, 1, h, w] : [1, h, w, 1]];
    if (!accepted.some((shape) => same(dims, shape))) throw shapeFailure();
  } else {
    channels = (nchw ? dims[1] : dims[3]) ?? 0;
    if (!same(dims, nchw ? [1, channels, h, w] : [1, h, w, channels])) throw shapeFailure();
  }
  const map = isLabels ? null : channelLabels(channels, track.labels);
  if (!isLabels && !map) throw shapeFailure();
  if (values.length !== channels * h * w) throw shapeFailure();
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i]))
      throw new ModelRunFailure(
        'output-not-finite',
        `case ${caseId}: output '${output.name}' holds a value that is not finite (NaN or ±Infinity); every value must be finite`,
        caseId,
      );
  const pixels = h * w;
  const mask = new Uint16Array(pixels);
  if (map) {
    // NCHW: channel k of pixel p at k·pixels + p; NHWC: at p·channels + k.
    const [pixelStride, channelStride] = nchw ? [1, pixels] : [channels, 1];
    for (let p = 0; p < pixels; p++) {
      let best = 0;
      let bestScore = values[p * pixelStride]!;
      for (let k = 1; k < channels; k++) {
        const score = values[p * pixelStride + k * channelStride]!;
        if (score > bestScore) {
          bestScore = score;
          best = k;
        }
      }
      mask[p] = map[best]!;
    }
  } else {
    const scored = new Set(track.labels.map((l) => l.value));
    for (let p = 0; p < pixels; p++) {
      const value = values[p]!;
      if (!Number.isInteger(value) || value < 0)
        throw new ModelRunFailure(
          'output-invalid',
          `case ${caseId}: output '${output.name}' holds a value that is not a whole number ≥ 0; a labels output holds label values (declare values: logits for class scores)`,
          caseId,
        );
      mask[p] = scored.has(value) ? value : 0;
    }
  }
  return resizeMaskNearest({ height: h, width: w, data: mask }, imageSize[0], imageSize[1]);
}

/**
 * Nearest-neighbour resize of a label mask with half-pixel centres: target pixel y reads source
 * row ⌊(y + ½)·H/h⌋ (PyTorch `interpolate(mode='nearest-exact')`, OpenCV `INTER_NEAREST_EXACT`),
 * the inverse of the bilinear input resize's sampling grid.
 */
export function resizeMaskNearest(mask: LabelMask, height: number, width: number): LabelMask {
  if (mask.height === height && mask.width === width) return mask;
  const rows = Int32Array.from({ length: height }, (_, y) =>
    Math.min(Math.floor(((y + 0.5) * mask.height) / height), mask.height - 1),
  );
  const columns = Int32Array.from({ length: width }, (_, x) =>
    Math.min(Math.floor(((x + 0.5) * mask.width) / width), mask.width - 1),
  );
  const data = new Uint16Array(height * width);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      data[y * width + x] = mask.data[rows[y]! * mask.width + columns[x]!]!;
  return { height, width, data };
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
 * The name of a case's mask in a predictions zip, `<case_id>.png`, or why the case id cannot be
 * one: the mask reader (formats' parseMaskArchive) takes the name after the last `/` without its
 * extension as the case id, refuses unsafe names and skips archive clutter (`._*`).
 */
export function maskFileName(
  caseId: string,
): { ok: true; name: string } | { ok: false; reason: string } {
  const name = `${caseId}.png`;
  if (caseId.includes('/')) return { ok: false, reason: 'it contains "/"' };
  const unsafe = unsafeEntryName(name);
  if (unsafe) return { ok: false, reason: unsafe };
  if (isArchiveClutter(name))
    return { ok: false, reason: 'a mask reader skips such a name as archive clutter' };
  return { ok: true, name };
}

/** The segmentation predictions zip: one `<case_id>.png` per case, in the given order. */
export function maskPredictionsZip(masks: readonly { caseId: string; png: Uint8Array }[]): Buffer {
  return encodeZip(
    masks.map(({ caseId, png }) => {
      const file = maskFileName(caseId);
      if (!file.ok)
        throw new ModelRunFailure(
          'inputs',
          `case "${caseId}" cannot be named as a mask file <case_id>.png: ${file.reason}`,
          caseId,
        );
      // PNG data is deflated already.
      return { name: file.name, data: png, method: 'store' as const };
    }),
  );
}
