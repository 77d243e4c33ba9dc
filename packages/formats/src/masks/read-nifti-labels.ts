import { gunzipSync } from 'node:zlib';
import { isNIFTI1, isNIFTI2, readHeader, NIFTI1 } from 'nifti-reader-js';
import {
  DEFAULT_LABEL_IMAGE_LIMITS,
  MAX_LABEL,
  packLabels,
  type LabelImage,
  type LabelImageLimits,
  type LabelImageResult,
} from './label-image.js';

const HEADER_BYTES = 348;

/** Integer and float voxel types accepted for label masks, with their byte width and reader. */
const DATATYPES = new Map<
  number,
  {
    name: string;
    bytes: number;
    read: (v: DataView, o: number, le: boolean) => number;
    isFloat: boolean;
  }
>([
  [NIFTI1.TYPE_UINT8, { name: 'uint8', bytes: 1, read: (v, o) => v.getUint8(o), isFloat: false }],
  [NIFTI1.TYPE_INT8, { name: 'int8', bytes: 1, read: (v, o) => v.getInt8(o), isFloat: false }],
  [
    NIFTI1.TYPE_INT16,
    { name: 'int16', bytes: 2, read: (v, o, le) => v.getInt16(o, le), isFloat: false },
  ],
  [
    NIFTI1.TYPE_UINT16,
    { name: 'uint16', bytes: 2, read: (v, o, le) => v.getUint16(o, le), isFloat: false },
  ],
  [
    NIFTI1.TYPE_INT32,
    { name: 'int32', bytes: 4, read: (v, o, le) => v.getInt32(o, le), isFloat: false },
  ],
  [
    NIFTI1.TYPE_UINT32,
    { name: 'uint32', bytes: 4, read: (v, o, le) => v.getUint32(o, le), isFloat: false },
  ],
  [
    NIFTI1.TYPE_FLOAT32,
    { name: 'float32', bytes: 4, read: (v, o, le) => v.getFloat32(o, le), isFloat: true },
  ],
  [
    NIFTI1.TYPE_FLOAT64,
    { name: 'float64', bytes: 8, read: (v, o, le) => v.getFloat64(o, le), isFloat: true },
  ],
]);

/** Millimetres per spatial unit of `xyzt_units` (unknown is taken as mm, as ITK and nibabel do). */
const MM_PER_UNIT = new Map<number, number>([
  [NIFTI1.UNITS_UNKNOWN, 1],
  [NIFTI1.UNITS_MM, 1],
  [NIFTI1.UNITS_METER, 1000],
  [NIFTI1.UNITS_MICRON, 0.001],
]);

const fail = (message: string): LabelImageResult => ({ ok: false, message });

function gunzip(
  bytes: Uint8Array,
  maxBytes: number,
): { ok: true; value: Uint8Array } | { ok: false; message: string } {
  try {
    return { ok: true, value: gunzipSync(bytes, { maxOutputLength: maxBytes }) };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      return { ok: false, message: `the .nii.gz inflates past ${maxBytes} bytes, the limit` };
    }
    return {
      ok: false,
      message: `the gzip stream is corrupt (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

/**
 * Reads a NIfTI-1 label mask (.nii, or .nii.gz when the bytes start with the gzip magic; the
 * inflated size is capped) into a {@link LabelImage}.
 *
 * Accepted: single-file NIfTI-1 ("n+1"), either byte order, 2-D or 3-D (trailing dimensions of
 * size 1 allowed, e.g. x×y×z×1), integer voxel types (u)int8/16/32, and float32/float64 masks
 * whose every voxel is a whole number (many tools save masks as float). Labels must lie in
 * 0..65535. Spacing comes from pixdim in the unit of xyzt_units (m, mm, µm; unknown = mm).
 * Rejected with a message: NIfTI-2 or header/image pairs, other voxel types, a fractional, NaN
 * or infinite voxel (masks are never rounded: a probability map is not a mask), a negative or
 * too large label, scl_slope/scl_inter that would rescale labels, missing or non-positive
 * spacing, truncated data, more than `maxVoxels` voxels.
 */
export function readNiftiLabels(
  input: Uint8Array,
  limits: LabelImageLimits = {},
): LabelImageResult {
  const { maxVoxels, maxDecompressedBytes } = { ...DEFAULT_LABEL_IMAGE_LIMITS, ...limits };
  let bytes = input;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const inflated = gunzip(bytes, maxDecompressedBytes);
    if (!inflated.ok) return inflated;
    bytes = inflated.value;
  }
  if (bytes.length < HEADER_BYTES)
    return fail(`${bytes.length} bytes is too short for a NIfTI-1 header (348 bytes)`);
  // nifti-reader-js needs an ArrayBuffer of exactly these bytes (STACK.md): slice, never .buffer.
  const buffer = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  ) as ArrayBuffer;
  if (isNIFTI2(buffer)) return fail('NIfTI-2 is not supported; save the mask as NIfTI-1');
  if (!isNIFTI1(buffer)) {
    return isNIFTI1(buffer, true)
      ? fail('a header/image pair (.hdr/.img) is not supported; save a single-file .nii or .nii.gz')
      : fail('not a NIfTI-1 file (no "n+1" magic at byte 344)');
  }
  let header: NIFTI1;
  try {
    header = readHeader(buffer) as NIFTI1;
  } catch (error) {
    return fail(
      `unreadable NIfTI-1 header (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const rank = header.dims[0] ?? 0;
  if (!Number.isInteger(rank) || rank < 2 || rank > 7)
    return fail(`dim[0] is ${rank}; expected 2 or 3 dimensions`);
  const dims = header.dims.slice(1, rank + 1);
  if (dims.some((d) => !Number.isInteger(d) || d < 1))
    return fail(`dimensions ${dims.join('×')} are not all positive`);
  if (dims.slice(3).some((d) => d !== 1))
    return fail(
      `dimensions ${dims.join('×')}: a mask has 2 or 3 spatial dimensions (extra dimensions must have size 1)`,
    );
  const spatial = dims.slice(0, Math.min(3, rank));
  const voxels = spatial.reduce((a, b) => a * b, 1);
  if (voxels > maxVoxels)
    return fail(`${spatial.join('×')} = ${voxels} voxels exceeds the limit of ${maxVoxels}`);
  const type = DATATYPES.get(header.datatypeCode);
  if (!type) {
    return fail(
      `datatype ${header.datatypeCode} is not a label type; expected an integer type ((u)int8/16/32) or a float type holding whole numbers`,
    );
  }
  const slope = header.scl_slope,
    intercept = header.scl_inter;
  if (
    (slope !== 0 && slope !== 1 && Number.isFinite(slope)) ||
    (intercept !== 0 && Number.isFinite(intercept) && slope !== 0)
  ) {
    return fail(
      `scl_slope ${slope} / scl_inter ${intercept} would rescale the labels; save the mask with slope 1 and intercept 0`,
    );
  }
  const unit = MM_PER_UNIT.get(header.xyzt_units & NIFTI1.SPATIAL_UNITS_MASK);
  if (unit === undefined)
    return fail(`xyzt_units ${header.xyzt_units} has no spatial unit of length`);
  const pixdims = spatial.map((_, i) => Math.abs(header.pixDims[i + 1] ?? Number.NaN) * unit);
  if (pixdims.some((s) => !(s > 0) || !Number.isFinite(s))) {
    return fail(
      `voxel spacing (pixdim) ${spatial.map((_, i) => header.pixDims[i + 1]).join('×')} must be finite and > 0`,
    );
  }
  const offset = Math.floor(header.vox_offset);
  if (!(offset >= HEADER_BYTES))
    return fail(`vox_offset ${header.vox_offset} is inside the header`);
  const needed = offset + voxels * type.bytes;
  if (bytes.length < needed)
    return fail(`the image data is truncated: ${bytes.length} bytes, expected at least ${needed}`);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Uint16Array(voxels);
  let maxLabel = 0;
  for (let i = 0; i < voxels; i++) {
    const value = type.read(view, offset + i * type.bytes, header.littleEndian);
    if (!Number.isInteger(value) || value < 0 || value > MAX_LABEL) {
      const what = Number.isNaN(value) ? 'NaN' : String(value);
      const hint =
        type.isFloat && Number.isFinite(value) && !Number.isInteger(value)
          ? ' (fractional: threshold or argmax the prediction into labels; masks are not rounded)'
          : '';
      return fail(
        `voxel ${i} (file order) is ${what}; labels must be whole numbers in 0..${MAX_LABEL}${hint}`,
      );
    }
    values[i] = value;
    if (value > maxLabel) maxLabel = value;
  }
  // File order is x fastest, so C-order axes are the reversed dims.
  const image: LabelImage =
    spatial.length === 2
      ? {
          shape: [spatial[1]!, spatial[0]!],
          spacingMm: [pixdims[1]!, pixdims[0]!],
          data: packLabels(values, maxLabel),
        }
      : {
          shape: [spatial[2]!, spatial[1]!, spatial[0]!],
          spacingMm: [pixdims[2]!, pixdims[1]!, pixdims[0]!],
          data: packLabels(values, maxLabel),
        };
  return { ok: true, value: image };
}

/**
 * Encodes a label mask as an uncompressed NIfTI-1 file (uint8 or uint16 by the array type,
 * little-endian, mm units, vox_offset 352). Inverse of {@link readNiftiLabels}: `shape` and
 * `spacingMm` are in C order. Used by tests and tools that write masks.
 */
export function encodeNifti1(image: LabelImage): Buffer {
  const dims = [...image.shape].reverse(),
    spacing = [...image.spacingMm].reverse();
  const isWide = image.data instanceof Uint16Array;
  const bytesPerVoxel = isWide ? 2 : 1;
  const out = Buffer.alloc(352 + image.data.length * bytesPerVoxel);
  out.writeInt32LE(348, 0);
  out.writeInt16LE(dims.length, 40);
  dims.forEach((d, i) => out.writeInt16LE(d, 42 + 2 * i));
  for (let i = dims.length; i < 7; i++) out.writeInt16LE(1, 42 + 2 * i);
  out.writeInt16LE(isWide ? NIFTI1.TYPE_UINT16 : NIFTI1.TYPE_UINT8, 70);
  out.writeInt16LE(8 * bytesPerVoxel, 72);
  out.writeFloatLE(1, 76); // qfac
  spacing.forEach((s, i) => out.writeFloatLE(s, 80 + 4 * i));
  out.writeFloatLE(352, 108);
  out.writeFloatLE(1, 112); // scl_slope
  out.writeUInt8(NIFTI1.UNITS_MM, 123);
  out.write('n+1\0', 344, 'latin1');
  for (let i = 0; i < image.data.length; i++) {
    if (isWide) out.writeUInt16LE(image.data[i]!, 352 + 2 * i);
    else out[352 + i] = image.data[i]!;
  }
  return out;
}
