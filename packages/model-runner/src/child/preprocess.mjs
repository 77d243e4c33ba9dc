// Case file → input tensor, per a track's model contract. Plain JavaScript on purpose: the model
// process runs this file with `node` alone under an address-space limit (prlimit --as), where a
// TypeScript loader cannot start (tsx reserves gigabytes of virtual memory for WebAssembly).
// Types: preprocess.d.mts. The same functions serve the in-process checks of tests and bench, so
// the runner and a direct evaluation read pixels identically.
import { Buffer } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { NIFTI1, isNIFTI1, isNIFTI2, readHeader } from 'nifti-reader-js';
import { PNG } from 'pngjs';

/** A failure tied to the case being read: the runner reports it with the case id. */
export class CaseInputError extends Error {}

const NPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** NumPy dtypes read from `.npy` files: descr → [bytes per value, reader]. */
const NPY_DTYPES = {
  '|u1': [1, (b, o) => b.readUInt8(o)],
  '|i1': [1, (b, o) => b.readInt8(o)],
  '<u2': [2, (b, o) => b.readUInt16LE(o)],
  '<i2': [2, (b, o) => b.readInt16LE(o)],
  '<i4': [4, (b, o) => b.readInt32LE(o)],
  '<f4': [4, (b, o) => b.readFloatLE(o)],
  '<f8': [8, (b, o) => b.readDoubleLE(o)],
};

/**
 * Parses a `.npy` file (format versions 1–3, C order, little-endian numbers or bytes).
 * @returns shape, dtype descr and the values as float64 in C order.
 */
export function parseNpy(bytes) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 10 || !buffer.subarray(0, 6).equals(NPY_MAGIC))
    throw new CaseInputError('not an NPY file (no \\x93NUMPY magic)');
  const major = buffer[6];
  const headerLength = major === 1 ? buffer.readUInt16LE(8) : buffer.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = buffer.subarray(headerStart, headerStart + headerLength).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    throw new CaseInputError(`unreadable NPY header ${JSON.stringify(header.slice(0, 120))}`);
  if (fortran === 'True')
    throw new CaseInputError('the NPY array is in Fortran order; save it in C order');
  const dtype = NPY_DTYPES[descr];
  if (!dtype)
    throw new CaseInputError(
      `NPY dtype ${descr} is not read; expected one of ${Object.keys(NPY_DTYPES).join(', ')}`,
    );
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const [size, read] = dtype;
  const dataStart = headerStart + headerLength;
  if (buffer.length - dataStart < count * size)
    throw new CaseInputError(
      `the NPY file holds ${buffer.length - dataStart} data bytes; its shape (${shape.join(', ')}) needs ${count * size}`,
    );
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = read(buffer, dataStart + i * size);
  return { shape, descr, values };
}

/**
 * Decodes a case file into an HWC image of raw values (0–255 for 8-bit PNG, 0–65535 for
 * 16-bit, NPY values as stored). PNG: grey, grey+alpha, RGB, RGBA, palette (alpha dropped).
 * NPY: [H, W] or [H, W, C].
 */
export function decodeCaseImage(bytes, fileName) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(0, 8).equals(PNG_MAGIC)) {
    let png;
    try {
      png = PNG.sync.read(buffer, { skipRescale: true });
    } catch (error) {
      throw new CaseInputError(`${fileName}: unreadable PNG (${error.message})`);
    }
    const grey = png.colorType === 0 || png.colorType === 4;
    const channels = grey ? 1 : 3;
    const pixels = png.width * png.height;
    const data = new Float64Array(pixels * channels);
    for (let p = 0; p < pixels; p++)
      for (let c = 0; c < channels; c++) data[p * channels + c] = png.data[p * 4 + c];
    return { height: png.height, width: png.width, channels, data };
  }
  if (buffer.subarray(0, 6).equals(NPY_MAGIC)) {
    const { shape, values } = parseNpy(buffer);
    if (shape.length === 2) return { height: shape[0], width: shape[1], channels: 1, data: values };
    if (shape.length === 3 && shape[2] >= 1 && shape[2] <= 4)
      return { height: shape[0], width: shape[1], channels: shape[2], data: values };
    throw new CaseInputError(
      `${fileName}: NPY array of shape (${shape.join(', ')}); expected (H, W) or (H, W, C)`,
    );
  }
  throw new CaseInputError(
    `${fileName}: neither a PNG nor an NPY file (starts with ${buffer.subarray(0, 4).toString('hex')}); model runs read PNG and NPY`,
  );
}

/** Bilinear resize of an HWC image with half-pixel centres (PyTorch align_corners=False, OpenCV INTER_LINEAR). */
export function resizeBilinear(image, height, width) {
  if (image.height === height && image.width === width) return image;
  const { channels } = image;
  const out = new Float64Array(height * width * channels);
  const scaleY = image.height / height;
  const scaleX = image.width / width;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(Math.max((y + 0.5) * scaleY - 0.5, 0), image.height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, image.height - 1);
    const wy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(Math.max((x + 0.5) * scaleX - 0.5, 0), image.width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, image.width - 1);
      const wx = sx - x0;
      for (let c = 0; c < channels; c++) {
        const at = (yy, xx) => image.data[(yy * image.width + xx) * channels + c];
        const top = at(y0, x0) * (1 - wx) + at(y0, x1) * wx;
        const bottom = at(y1, x0) * (1 - wx) + at(y1, x1) * wx;
        out[(y * width + x) * channels + c] = top * (1 - wy) + bottom * wy;
      }
    }
  }
  return { height, width, channels, data: out };
}

/** The contract's intensity scaling as a function of a raw value and its channel. */
function scaler(scaling) {
  return (value, c) => {
    if (scaling.kind === 'divide255') return value / 255;
    if (scaling.kind === 'zscore') {
      const mean = scaling.mean.length === 1 ? scaling.mean[0] : scaling.mean[c];
      const std = scaling.std.length === 1 ? scaling.std[0] : scaling.std[c];
      return (value - mean) / std;
    }
    return value;
  };
}

/**
 * The input tensor's data for one case (batch of one), per the contract's input block:
 * channel check, resizing, scaling, layout and dtype.
 * @returns { data: Float32Array | Uint8Array, dims: [1, …] }
 */
export function imageToTensor(image, input) {
  const nchw = input.layout === 'NCHW';
  const channels = nchw ? input.shape[1] : input.shape[3];
  const height = nchw ? input.shape[2] : input.shape[1];
  const width = nchw ? input.shape[3] : input.shape[2];
  let source = image;
  if (source.channels !== channels) {
    if (source.channels === 1 && channels === 3) source = { ...source, channels: 1 };
    else
      throw new CaseInputError(
        `the image has ${image.channels} channel${image.channels === 1 ? '' : 's'}; the track's model takes ${channels}`,
      );
  }
  if (source.height !== height || source.width !== width) {
    if (input.resize === 'none')
      throw new CaseInputError(
        `the image is ${source.height}×${source.width}; the track's model takes ${height}×${width} and resizes nothing (resize: none)`,
      );
    source = resizeBilinear(source, height, width);
  }
  const scale = scaler(input.scaling);
  const count = channels * height * width;
  const data = input.dtype === 'uint8' ? new Uint8Array(count) : new Float32Array(count);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++) {
        // A grey image fed to an RGB model repeats its one channel.
        const value =
          source.data[(y * width + x) * source.channels + (source.channels === 1 ? 0 : c)];
        const at = nchw ? (c * height + y) * width + x : (y * width + x) * channels + c;
        const scaled = scale(value, c);
        data[at] =
          input.dtype === 'uint8' ? Math.min(255, Math.max(0, Math.round(scaled))) : scaled;
      }
  return { data, dims: [1, ...input.shape.slice(1)] };
}

// ---------------------------------------------------------------------------------------------
// 3D volumes (NIfTI-1), for inputs of shape [N, C, D, H, W].

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/** Voxel types read from NIfTI-1 volumes: datatype code → [name, bytes, DataView getter]. */
const NIFTI_TYPES = new Map([
  [NIFTI1.TYPE_UINT8, ['uint8', 1, 'getUint8']],
  [NIFTI1.TYPE_INT8, ['int8', 1, 'getInt8']],
  [NIFTI1.TYPE_INT16, ['int16', 2, 'getInt16']],
  [NIFTI1.TYPE_UINT16, ['uint16', 2, 'getUint16']],
  [NIFTI1.TYPE_INT32, ['int32', 4, 'getInt32']],
  [NIFTI1.TYPE_UINT32, ['uint32', 4, 'getUint32']],
  [NIFTI1.TYPE_FLOAT32, ['float32', 4, 'getFloat32']],
  [NIFTI1.TYPE_FLOAT64, ['float64', 8, 'getFloat64']],
]);

/** Millimetres per spatial unit of `xyzt_units` (unknown is taken as mm, as ITK and nibabel do). */
const MM_PER_UNIT = new Map([
  [NIFTI1.UNITS_UNKNOWN, 1],
  [NIFTI1.UNITS_MM, 1],
  [NIFTI1.UNITS_METER, 1000],
  [NIFTI1.UNITS_MICRON, 0.001],
]);

/**
 * Decodes a NIfTI-1 volume (`.nii`, or gzip-compressed `.nii.gz`) into channels-first voxel
 * values: `data[((c·depth + z)·height + y)·width + x]`, where x is the file's first (fastest)
 * axis, y its second, z its third and c its fourth (a 4D NIfTI's volumes, e.g. MRI sequences as
 * the Medical Segmentation Decathlon stores them). So depth × height × width is the file's
 * k × j × i, the order SimpleITK's GetArrayFromImage and nnU-Net use; no reorientation is
 * applied. `scl_slope`/`scl_inter` are applied as nibabel does (a slope of 0 means none), so a
 * CT stored as int16 with an intercept of −1024 gives Hounsfield units.
 * @param maxBytes the largest uncompressed file read (a gzip bomb stops there).
 * @returns { depth, height, width, channels, data: Float32Array, spacingMm: [z, y, x] }
 */
export function decodeCaseVolume(bytes, fileName, maxBytes = 2 ** 31 - 1) {
  let buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(0, 2).equals(GZIP_MAGIC)) {
    try {
      buffer = gunzipSync(buffer, { maxOutputLength: maxBytes });
    } catch (error) {
      throw new CaseInputError(
        error?.code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError
          ? `${fileName}: the .nii.gz inflates past ${maxBytes} bytes, the limit`
          : `${fileName}: corrupt gzip data (${error.message})`,
      );
    }
  }
  if (buffer.length < 352)
    throw new CaseInputError(
      `${fileName}: not a NIfTI-1 volume (${buffer.length} bytes, shorter than a NIfTI-1 header); a 3D model input reads .nii or .nii.gz`,
    );
  // nifti-reader-js needs an ArrayBuffer of exactly the file's bytes: slice, never .buffer.
  const arrayBuffer = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length);
  if (isNIFTI2(arrayBuffer))
    throw new CaseInputError(`${fileName}: NIfTI-2 is not read; save the volume as NIfTI-1`);
  if (!isNIFTI1(arrayBuffer))
    throw new CaseInputError(
      `${fileName}: not a NIfTI-1 volume (no "n+1" magic at byte 344); a 3D model input reads .nii or .nii.gz`,
    );
  let header;
  try {
    header = readHeader(arrayBuffer);
  } catch (error) {
    throw new CaseInputError(`${fileName}: unreadable NIfTI-1 header (${error.message})`);
  }
  const rank = header.dims[0];
  const dims = header.dims.slice(1, rank + 1);
  if (rank < 3 || rank > 7 || dims.some((d) => !Number.isInteger(d) || d < 1))
    throw new CaseInputError(
      `${fileName}: dimensions ${dims.join('×')}; expected a 3D volume (x×y×z, optionally ×channels)`,
    );
  if (dims.slice(4).some((d) => d !== 1))
    throw new CaseInputError(
      `${fileName}: dimensions ${dims.join('×')}; a volume has 3 spatial dimensions and at most one of channels`,
    );
  const [width, height, depth] = dims;
  const channels = dims[3] ?? 1;
  const type = NIFTI_TYPES.get(header.datatypeCode);
  if (!type)
    throw new CaseInputError(
      `${fileName}: NIfTI datatype ${header.datatypeCode} is not read; expected (u)int8/16/32, float32 or float64`,
    );
  const [, size, getter] = type;
  const count = width * height * depth * channels;
  const offset = Math.ceil(header.vox_offset);
  if (offset < 352 || buffer.length - offset < count * size)
    throw new CaseInputError(
      `${fileName}: the volume holds ${Math.max(0, buffer.length - offset)} voxel bytes; its header (${dims.join('×')}, ${type[0]}) needs ${count * size}`,
    );
  // nibabel's rule: a slope of 0 or NaN means unscaled; a NaN intercept with a slope is 0.
  const isScaled = Number.isFinite(header.scl_slope) && header.scl_slope !== 0;
  const slope = isScaled ? header.scl_slope : 1;
  const intercept = isScaled && Number.isFinite(header.scl_inter) ? header.scl_inter : 0;
  const view = new DataView(buffer.buffer, buffer.byteOffset + offset, count * size);
  const littleEndian = header.littleEndian;
  const data = new Float32Array(count);
  // The file's order is x fastest, then y, z, channel: already channels-first C order.
  for (let i = 0; i < count; i++) {
    const value = view[getter](i * size, littleEndian) * slope + intercept;
    if (!Number.isFinite(value))
      throw new CaseInputError(`${fileName}: voxel ${i} is not a finite number`);
    data[i] = value;
  }
  const mmPerUnit = MM_PER_UNIT.get(header.xyzt_units & 0x07) ?? 1;
  const spacing = [3, 2, 1].map((axis) => Math.abs(header.pixDims[axis] ?? 1) * mmPerUnit || 1);
  return { depth, height, width, channels, data, spacingMm: spacing };
}

/** Trilinear resize of a channels-first volume with half-pixel centres (PyTorch's trilinear, align_corners=False). */
export function resizeTrilinear(volume, depth, height, width) {
  if (volume.depth === depth && volume.height === height && volume.width === width) return volume;
  const axis = (from, to) => {
    const scale = from / to;
    const lower = new Int32Array(to);
    const upper = new Int32Array(to);
    const weight = new Float64Array(to);
    for (let t = 0; t < to; t++) {
      const s = Math.min(Math.max((t + 0.5) * scale - 0.5, 0), from - 1);
      lower[t] = Math.floor(s);
      upper[t] = Math.min(lower[t] + 1, from - 1);
      weight[t] = s - lower[t];
    }
    return { lower, upper, weight };
  };
  const zs = axis(volume.depth, depth);
  const ys = axis(volume.height, height);
  const xs = axis(volume.width, width);
  const { channels } = volume;
  const sourcePlane = volume.height * volume.width;
  const sourceVolume = volume.depth * sourcePlane;
  const out = new Float32Array(channels * depth * height * width);
  let at = 0;
  for (let c = 0; c < channels; c++) {
    const base = c * sourceVolume;
    for (let z = 0; z < depth; z++) {
      const z0 = base + zs.lower[z] * sourcePlane;
      const z1 = base + zs.upper[z] * sourcePlane;
      const wz = zs.weight[z];
      for (let y = 0; y < height; y++) {
        const y0 = ys.lower[y] * volume.width;
        const y1 = ys.upper[y] * volume.width;
        const wy = ys.weight[y];
        for (let x = 0; x < width; x++) {
          const x0 = xs.lower[x];
          const x1 = xs.upper[x];
          const wx = xs.weight[x];
          const d = volume.data;
          const plane = (zOffset) => {
            const top = d[zOffset + y0 + x0] * (1 - wx) + d[zOffset + y0 + x1] * wx;
            const bottom = d[zOffset + y1 + x0] * (1 - wx) + d[zOffset + y1 + x1] * wx;
            return top * (1 - wy) + bottom * wy;
          };
          out[at++] = plane(z0) * (1 - wz) + plane(z1) * wz;
        }
      }
    }
  }
  return { ...volume, depth, height, width, data: out };
}

/**
 * The input tensor's data for one volume (batch of one, NCDHW), per the contract's input
 * block: channel check, resizing (`trilinear` or none), scaling and dtype.
 * @returns { data: Float32Array | Uint8Array, dims: [1, C, D, H, W] }
 */
export function volumeToTensor(volume, input) {
  const [, channels, depth, height, width] = input.shape;
  if (volume.channels !== channels)
    throw new CaseInputError(
      `the volume has ${volume.channels} channel${volume.channels === 1 ? '' : 's'} (its 4th dimension); the track's model takes ${channels}`,
    );
  let source = volume;
  if (source.depth !== depth || source.height !== height || source.width !== width) {
    if (input.resize === 'none')
      throw new CaseInputError(
        `the volume is ${source.width}×${source.height}×${source.depth} (x×y×z); the track's model takes ${width}×${height}×${depth} and resizes nothing (resize: none)`,
      );
    source = resizeTrilinear(source, depth, height, width);
  }
  const scale = scaler(input.scaling);
  const perChannel = depth * height * width;
  const data =
    input.dtype === 'uint8'
      ? new Uint8Array(channels * perChannel)
      : new Float32Array(channels * perChannel);
  for (let c = 0; c < channels; c++)
    for (let i = c * perChannel; i < (c + 1) * perChannel; i++) {
      const scaled = scale(source.data[i], c);
      data[i] = input.dtype === 'uint8' ? Math.min(255, Math.max(0, Math.round(scaled))) : scaled;
    }
  return { data, dims: [1, channels, depth, height, width] };
}
