// Synthetic 2D segmentation cases and real ONNX segmentation models for the model runner's and
// the worker's tests: bright disks on a dark background (PNG, made with pngjs), whose masks a
// threshold model (a 1×1 convolution with fixed weights) reproduces exactly; and their 3D
// counterparts (CT-like NIfTI volumes holding a sphere, a 1×1×1 convolution).
import { gzipSync } from 'node:zlib';
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

// ---------------------------------------------------------------------------------------------
// 3D: synthetic CT-like volumes (NIfTI-1, int16 with an intercept of −1024, as scanners store
// Hounsfield units) holding one bright sphere each, and a threshold model on [N, 1, D, H, W].

/** Hounsfield units of the synthetic volumes: a contrast-enhanced structure in soft tissue. */
export const SPHERE_HU = 300;
export const TISSUE_HU = -100;
/** The z-score the 3D threshold model's contract declares: x = HU / 1000, split at 0.1. */
export const SPHERE_ZSCORE = { mean: 0, std: 1000 } as const;

export interface SphereCase {
  caseId: string;
  /** [depth, height, width] = the NIfTI's z × y × x. */
  size: [number, number, number];
  spacingMm: [number, number, number];
  /** 1 inside the sphere, 0 outside, C order [z][y][x]. */
  mask: Uint8Array;
  /** The volume as a gzip-compressed NIfTI-1 file (int16, scl_inter −1024). */
  niftiGz: Buffer;
}

/**
 * A NIfTI-1 volume of int16 voxels stored as `value − intercept` with `scl_slope` 1 and
 * `scl_inter` = intercept (what a CT scanner's DICOM-to-NIfTI conversion writes), x fastest;
 * `channels` > 1 adds a 4th dimension. `values` are in C order [channel][z][y][x].
 */
export function int16Nifti({
  size: [depth, height, width],
  spacingMm: [sz, sy, sx],
  values,
  channels = 1,
  intercept = -1024,
}: {
  size: [number, number, number];
  spacingMm: [number, number, number];
  values: ArrayLike<number>;
  channels?: number;
  intercept?: number;
}): Buffer {
  const out = Buffer.alloc(352 + values.length * 2);
  out.writeInt32LE(348, 0);
  const dims = channels > 1 ? [width, height, depth, channels] : [width, height, depth];
  out.writeInt16LE(dims.length, 40);
  for (let i = 0; i < 7; i++) out.writeInt16LE(dims[i] ?? 1, 42 + 2 * i);
  out.writeInt16LE(4, 70); // DT_INT16
  out.writeInt16LE(16, 72);
  [1, sx, sy, sz].forEach((v, i) => out.writeFloatLE(v, 76 + 4 * i));
  out.writeFloatLE(352, 108); // vox_offset
  out.writeFloatLE(1, 112); // scl_slope
  out.writeFloatLE(intercept, 116); // scl_inter
  out.writeUInt8(2, 123); // NIFTI_UNITS_MM
  out.write('n+1\0', 344, 'latin1');
  for (let i = 0; i < values.length; i++) out.writeInt16LE(values[i]! - intercept, 352 + 2 * i);
  return out;
}

/**
 * `count` volumes of one sphere each (centre and radius from a fixed sequence), drawn on cells
 * of `block`³ equal voxels: with block 2, a trilinear halving and a nearest-neighbour doubling
 * are exact, so a model run at half size still gives the full-size mask.
 */
export function sphereCases({
  count,
  size,
  spacingMm = [2.5, 0.8, 0.8],
  block = 1,
  prefix = 'vol',
  seed = 11,
}: {
  count: number;
  size: [number, number, number];
  spacingMm?: [number, number, number];
  block?: number;
  prefix?: string;
  seed?: number;
}): SphereCase[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const [depth, height, width] = size;
  const cells = size.map((d) => d / block) as [number, number, number];
  return Array.from({ length: count }, (_, i) => {
    const radius = 1.5 + next() * (Math.min(...cells) / 4);
    const centre = cells.map((c) => radius + next() * (c - 2 * radius));
    const mask = new Uint8Array(depth * height * width);
    const hu = new Int16Array(depth * height * width);
    for (let z = 0, at = 0; z < depth; z++)
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++, at++) {
          const d = [z, y, x].map((v, axis) => Math.floor(v / block) + 0.5 - centre[axis]!);
          const inside = d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2 <= radius * radius;
          mask[at] = inside ? 1 : 0;
          hu[at] = inside ? SPHERE_HU : TISSUE_HU;
        }
    return {
      caseId: `${prefix}-${String(i).padStart(2, '0')}`,
      size,
      spacingMm,
      mask,
      niftiGz: gzipSync(int16Nifti({ size, spacingMm, values: hu })),
    };
  });
}

/** A test-inputs zip of volumes: `manifest.csv` and `volumes/<case_id>.nii.gz`. */
export function sphereInputsZip(cases: readonly Pick<SphereCase, 'caseId' | 'niftiGz'>[]): Buffer {
  const manifest = ['case_id,file', ...cases.map((c) => `${c.caseId},volumes/${c.caseId}.nii.gz`)];
  return encodeZip([
    { name: 'manifest.csv', data: Buffer.from(`${manifest.join('\n')}\n`) },
    // gzip data is compressed already.
    ...cases.map((c) => ({
      name: `volumes/${c.caseId}.nii.gz`,
      data: c.niftiGz,
      method: 'store' as const,
    })),
  ]);
}

/**
 * Per-voxel logits for [N, 1, D, H, W] inputs (symbolic D, H, W): a 1×1×1 convolution giving
 * channel 0 = −SLOPE·(x − 0.1) and channel 1 = +SLOPE·(x − 0.1), so with x = HU / 1000 the argmax
 * is 1 exactly inside the spheres. Output `logits` [N, 2, D, H, W].
 */
export function thresholdVolumeModel(): Uint8Array {
  return buildOnnxModel({
    name: 'threshold_volume_segmentation',
    inputs: [{ name: 'ct', type: 'float32', shape: ['N', 1, 'D', 'H', 'W'] }],
    outputs: [{ name: 'logits', type: 'float32', shape: ['N', 2, 'D', 'H', 'W'] }],
    initializers: [
      { name: 'weight', dims: [2, 1, 1, 1, 1], floats: [-SLOPE, SLOPE] },
      { name: 'bias', dims: [2], floats: [SLOPE * 0.1, -SLOPE * 0.1] },
    ],
    nodes: [
      {
        opType: 'Conv',
        inputs: ['ct', 'weight', 'bias'],
        outputs: ['logits'],
        attributes: { kernel_shape: [1, 1, 1] },
      },
    ],
  });
}
