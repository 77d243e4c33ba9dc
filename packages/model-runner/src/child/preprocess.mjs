// Case file → input tensor, per a track's model contract. Plain JavaScript on purpose: the model
// process runs this file with `node` alone under an address-space limit (prlimit --as), where a
// TypeScript loader cannot start (tsx reserves gigabytes of virtual memory for WebAssembly).
// Types: preprocess.d.mts. The same functions serve the in-process checks of tests and bench, so
// the runner and a direct evaluation read pixels identically.
import { Buffer } from 'node:buffer';
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
  const { scaling } = input;
  const scale = (value, c) => {
    if (scaling.kind === 'divide255') return value / 255;
    if (scaling.kind === 'zscore') {
      const mean = scaling.mean.length === 1 ? scaling.mean[0] : scaling.mean[c];
      const std = scaling.std.length === 1 ? scaling.std[0] : scaling.std[c];
      return (value - mean) / std;
    }
    return value;
  };
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
