// Synthetic 2D segmentation cases and real ONNX segmentation models for the model runner's and
// the worker's tests: bright disks on a dark background (PNG, made with pngjs), whose masks a
// threshold model (a 1×1 convolution with fixed weights) reproduces exactly.
import { PNG } from 'pngjs';
import { encodeZip } from '@medrank/formats';
import { buildOnnxModel, type OnnxNodeSpec } from '../onnx/build-onnx-model.js';

/** Pixel values of the synthetic images; the threshold models split them at 0.5 after /255. */
export const DISK_INTENSITY = 200;
export const BACKGROUND_INTENSITY = 30;

export interface DiskCase {
  caseId: string;
  height: number;
  width: number;
  /** Grey pixel values, row-major. */
  pixels: Uint8Array;
  /** 1 inside the disk, 0 outside: what a threshold at 0.5 of pixels/255 gives. */
  mask: Uint8Array;
  png: Buffer;
}

/** An 8-bit grayscale PNG of row-major values. */
export function greyPng(width: number, height: number, values: Uint8Array): Buffer {
  return PNG.sync.write({ width, height, data: Buffer.from(values) } as PNG, {
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
    bitDepth: 8,
  });
}

/**
 * `count` images of one bright disk each (centre and radius from a fixed linear congruential
 * sequence, so every run draws the same), drawn on a grid of `height/block × width/block` cells
 * of `block`×`block` equal pixels: with block 2, a bilinear halving and a nearest-neighbour
 * doubling are exact, so a model run at half size must still give the full-size mask.
 */
export function diskCases({
  count,
  height,
  width,
  block = 1,
  prefix = 'case',
  seed = 7,
}: {
  count: number;
  height: number;
  width: number;
  block?: number;
  prefix?: string;
  seed?: number;
}): DiskCase[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const cellsY = height / block;
  const cellsX = width / block;
  return Array.from({ length: count }, (_, i) => {
    const radius = 2 + next() * (Math.min(cellsY, cellsX) / 4);
    const cy = radius + next() * (cellsY - 2 * radius);
    const cx = radius + next() * (cellsX - 2 * radius);
    const mask = new Uint8Array(height * width);
    const pixels = new Uint8Array(height * width);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const dy = Math.floor(y / block) + 0.5 - cy;
        const dx = Math.floor(x / block) + 0.5 - cx;
        const inside = dy * dy + dx * dx <= radius * radius;
        mask[y * width + x] = inside ? 1 : 0;
        pixels[y * width + x] = inside ? DISK_INTENSITY : BACKGROUND_INTENSITY;
      }
    return {
      caseId: `${prefix}-${String(i).padStart(2, '0')}`,
      height,
      width,
      pixels,
      mask,
      png: greyPng(width, height, pixels),
    };
  });
}

/** A test-inputs zip (docs/test-inputs.md): `manifest.csv` and `images/<case_id>.png`. */
export function diskInputsZip(cases: readonly Pick<DiskCase, 'caseId' | 'png'>[]): Buffer {
  const manifest = ['case_id,file', ...cases.map((c) => `${c.caseId},images/${c.caseId}.png`)];
  return encodeZip([
    { name: 'manifest.csv', data: Buffer.from(`${manifest.join('\n')}\n`) },
    ...cases.map((c) => ({ name: `images/${c.caseId}.png`, data: c.png })),
  ]);
}

/** A 0/`value` mask as an 8-bit grayscale PNG (a ground-truth or expected prediction file). */
export function maskPng(c: Pick<DiskCase, 'width' | 'height' | 'mask'>, value = 1): Buffer {
  return greyPng(
    c.width,
    c.height,
    Uint8Array.from(c.mask, (m) => m * value),
  );
}

const SLOPE = 10;

/**
 * Per-pixel logits from intensity: channel 0 = −SLOPE·(x − ½), channel 1 = +SLOPE·(x − ½), so
 * the argmax is 1 exactly where x > ½ (the disks). Extra channels score a constant −100 (never
 * chosen); `channels: 1` keeps channel 1 only (a model with too few channels). Input
 * `x` [N,1,H,W] float32 with symbolic H and W, output `logits` [N,channels,H,W].
 */
export function thresholdSegmentationModel({
  channels = 2,
  nanAbove,
}: {
  channels?: number;
  /** Makes every output NaN for an image whose brightest pixel/255 exceeds this (Sqrt of a negative). */
  nanAbove?: number;
} = {}): Uint8Array {
  const weights = Array.from({ length: channels }, (_, k) =>
    channels === 1 ? SLOPE : k === 0 ? -SLOPE : k === 1 ? SLOPE : 0,
  );
  const bias = Array.from({ length: channels }, (_, k) =>
    channels === 1 ? -SLOPE / 2 : k === 0 ? SLOPE / 2 : k === 1 ? -SLOPE / 2 : -100,
  );
  const nodes: OnnxNodeSpec[] = [
    {
      opType: 'Conv',
      inputs: ['x', 'weight', 'bias'],
      outputs: [nanAbove === undefined ? 'logits' : 'scores'],
      attributes: { kernel_shape: [1, 1] },
    },
  ];
  if (nanAbove !== undefined)
    nodes.push(
      {
        opType: 'ReduceMax',
        inputs: ['x'],
        outputs: ['brightest'],
        attributes: { axes: [1, 2, 3], keepdims: 1 },
      },
      { opType: 'Sub', inputs: ['limit', 'brightest'], outputs: ['headroom'] },
      { opType: 'Sqrt', inputs: ['headroom'], outputs: ['root'] },
      { opType: 'Mul', inputs: ['root', 'zero'], outputs: ['nothing'] },
      { opType: 'Add', inputs: ['scores', 'nothing'], outputs: ['logits'] },
    );
  return buildOnnxModel({
    name: 'threshold_segmentation',
    inputs: [{ name: 'x', type: 'float32', shape: ['N', 1, 'H', 'W'] }],
    outputs: [{ name: 'logits', type: 'float32', shape: ['N', channels, 'H', 'W'] }],
    initializers: [
      { name: 'weight', dims: [channels, 1, 1, 1], floats: weights },
      { name: 'bias', dims: [channels], floats: bias },
      ...(nanAbove === undefined
        ? []
        : [
            { name: 'limit', dims: [], floats: [nanAbove] },
            { name: 'zero', dims: [], floats: [0] },
          ]),
    ],
    nodes,
  });
}

/**
 * The threshold rule as labels: `labels` [N,1,H,W] int64 = (x > ½) · `value`.
 */
export function thresholdLabelsModel(value = 1): Uint8Array {
  return buildOnnxModel({
    name: 'threshold_labels',
    inputs: [{ name: 'x', type: 'float32', shape: ['N', 1, 'H', 'W'] }],
    outputs: [{ name: 'labels', type: 'int64', shape: ['N', 1, 'H', 'W'] }],
    initializers: [
      { name: 'half', dims: [], floats: [0.5] },
      { name: 'value', dims: [], int64s: [value] },
    ],
    nodes: [
      { opType: 'Greater', inputs: ['x', 'half'], outputs: ['bright'] },
      // onnx TensorProto.DataType.INT64 = 7
      { opType: 'Cast', inputs: ['bright'], outputs: ['binary'], attributes: { to: 7 } },
      { opType: 'Mul', inputs: ['binary', 'value'], outputs: ['labels'] },
    ],
  });
}
