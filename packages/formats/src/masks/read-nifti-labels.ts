import { gunzipSync } from 'node:zlib';
import { ByteStreamReader, gunzipChunks, isGzip, prepend } from '../binary/byte-stream.js';
import { isNIFTI1, isNIFTI2, readHeader, NIFTI1 } from 'nifti-reader-js';
import {
  DEFAULT_LABEL_IMAGE_LIMITS,
  MAX_LABEL,
  type LabelImage,
  type LabelImageLimits,
  type LabelImageResult,
} from './label-image.js';

/** Size of a NIfTI-1 header; the only bytes read before the header is checked. */
export const NIFTI1_HEADER_BYTES = 348;
const HEADER_BYTES = NIFTI1_HEADER_BYTES;

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

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

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

/** What a NIfTI-1 header says about the volume after it, checked before any voxel is read. */
export interface NiftiLayout {
  /** C order (z, y, x), as {@link LabelImage}. */
  shape: LabelImage['shape'];
  spacingMm: LabelImage['spacingMm'];
  voxels: number;
  datatype: string;
  /** Bytes per stored voxel. */
  voxelBytes: number;
  voxOffset: number;
  littleEndian: boolean;
  /** Bytes of the file the header accounts for (vox_offset + voxels × voxelBytes): reading stops there. */
  fileBytes: number;
  /** Most bytes the decoded labels take: one per voxel for 8-bit types, else two (uint16). */
  decodedBytes: number;
}

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Checks the first 348 bytes of a NIfTI-1 file (uncompressed): magic, dimensions against
 * `maxVoxels`, datatype, scaling, spacing, vox_offset, and the bytes the image implies against
 * `maxDecompressedBytes`. Extensions are not read. See {@link readNiftiLabels} for what is accepted.
 */
export function readNiftiHeader(
  header: Uint8Array,
  limits: LabelImageLimits = {},
): Checked<NiftiLayout> {
  const { maxVoxels, maxDecompressedBytes } = { ...DEFAULT_LABEL_IMAGE_LIMITS, ...limits };
  if (header.length < HEADER_BYTES)
    return fail(`${header.length} bytes is too short for a NIfTI-1 header (348 bytes)`);
  // nifti-reader-js needs an ArrayBuffer of exactly these bytes (STACK.md): slice, never .buffer.
  const buffer = header.buffer.slice(
    header.byteOffset,
    header.byteOffset + HEADER_BYTES,
  ) as ArrayBuffer;
  if (isNIFTI2(buffer)) return fail('NIfTI-2 is not supported; save the mask as NIfTI-1');
  if (!isNIFTI1(buffer)) {
    return isNIFTI1(buffer, true)
      ? fail('a header/image pair (.hdr/.img) is not supported; save a single-file .nii or .nii.gz')
      : fail('not a NIfTI-1 file (no "n+1" magic at byte 344)');
  }
  let parsed: NIFTI1;
  try {
    parsed = readHeader(buffer) as NIFTI1;
  } catch (error) {
    return fail(
      `unreadable NIfTI-1 header (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const rank = parsed.dims[0] ?? 0;
  if (!Number.isInteger(rank) || rank < 2 || rank > 7)
    return fail(`dim[0] is ${rank}; expected 2 or 3 dimensions`);
  const dims = parsed.dims.slice(1, rank + 1);
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
  const type = DATATYPES.get(parsed.datatypeCode);
  if (!type) {
    return fail(
      `datatype ${parsed.datatypeCode} is not a label type; expected an integer type ((u)int8/16/32) or a float type holding whole numbers`,
    );
  }
  const slope = parsed.scl_slope,
    intercept = parsed.scl_inter;
  if (
    (slope !== 0 && slope !== 1 && Number.isFinite(slope)) ||
    (intercept !== 0 && Number.isFinite(intercept) && slope !== 0)
  ) {
    return fail(
      `scl_slope ${slope} / scl_inter ${intercept} would rescale the labels; save the mask with slope 1 and intercept 0`,
    );
  }
  const unit = MM_PER_UNIT.get(parsed.xyzt_units & NIFTI1.SPATIAL_UNITS_MASK);
  if (unit === undefined)
    return fail(`xyzt_units ${parsed.xyzt_units} has no spatial unit of length`);
  const pixdims = spatial.map((_, i) => Math.abs(parsed.pixDims[i + 1] ?? Number.NaN) * unit);
  if (pixdims.some((s) => !(s > 0) || !Number.isFinite(s))) {
    return fail(
      `voxel spacing (pixdim) ${spatial.map((_, i) => parsed.pixDims[i + 1]).join('×')} must be finite and > 0`,
    );
  }
  const voxOffset = Math.floor(parsed.vox_offset);
  if (!(voxOffset >= HEADER_BYTES))
    return fail(`vox_offset ${parsed.vox_offset} is inside the header`);
  const fileBytes = voxOffset + voxels * type.bytes;
  if (fileBytes > maxDecompressedBytes)
    return fail(
      `the header implies ${fileBytes} bytes (vox_offset + ${voxels} voxels × ${type.bytes} bytes of ${type.name}); the limit is ${maxDecompressedBytes}`,
    );
  // File order is x fastest, so C-order axes are the reversed dims.
  const is2d = spatial.length === 2;
  return {
    ok: true,
    value: {
      shape: is2d ? [spatial[1]!, spatial[0]!] : [spatial[2]!, spatial[1]!, spatial[0]!],
      spacingMm: is2d ? [pixdims[1]!, pixdims[0]!] : [pixdims[2]!, pixdims[1]!, pixdims[0]!],
      voxels,
      datatype: type.name,
      voxelBytes: type.bytes,
      voxOffset,
      littleEndian: parsed.littleEndian,
      fileBytes,
      decodedBytes: voxels * (type.bytes === 1 ? 1 : 2),
    },
  };
}

/**
 * Bytes decoding a volume of this layout allocates besides its label array, for memory budgets:
 * the voxels stream straight into the array, but a wide type whose labels all fit in a byte is
 * copied into a uint8 array at the end.
 */
export function niftiDecodeScratchBytes(layout: NiftiLayout): number {
  return layout.voxelBytes > 1 ? layout.voxels : 0;
}

/**
 * Turns the bytes after a checked header into labels as they arrive, holding only the label
 * array (never the file): bytes before vox_offset are skipped, bytes past the declared image are
 * ignored, a voxel split between chunks is carried over.
 */
export class NiftiVoxelDecoder {
  readonly #layout: NiftiLayout;
  readonly #read: (v: DataView, o: number, le: boolean) => number;
  readonly #isFloat: boolean;
  readonly #values: Uint8Array | Uint16Array;
  /** File offset of the next byte pushed. */
  #position = HEADER_BYTES;
  #decoded = 0;
  #carry: Buffer = Buffer.alloc(0);
  #maxLabel = 0;
  #error: string | null = null;

  constructor(layout: NiftiLayout) {
    const type = [...DATATYPES.values()].find((t) => t.name === layout.datatype);
    if (!type) throw new RangeError(`unknown datatype ${layout.datatype}`);
    this.#layout = layout;
    this.#read = type.read;
    this.#isFloat = type.isFloat;
    this.#values =
      layout.voxelBytes === 1 ? new Uint8Array(layout.voxels) : new Uint16Array(layout.voxels);
  }

  /** True while more image bytes are needed and no voxel has been refused. */
  get needsMore(): boolean {
    return this.#error === null && this.#decoded < this.#layout.voxels;
  }

  /** Bytes of the file still needed to complete the image. */
  get remainingBytes(): number {
    return this.needsMore ? this.#layout.fileBytes - this.#position : 0;
  }

  #store(value: number): boolean {
    if (!Number.isInteger(value) || value < 0 || value > MAX_LABEL) {
      const what = Number.isNaN(value) ? 'NaN' : String(value);
      const hint =
        this.#isFloat && Number.isFinite(value) && !Number.isInteger(value)
          ? ' (fractional: threshold or argmax the prediction into labels; masks are not rounded)'
          : '';
      this.#error = `voxel ${this.#decoded} (file order) is ${what}; labels must be whole numbers in 0..${MAX_LABEL}${hint}`;
      return false;
    }
    this.#values[this.#decoded++] = value;
    if (value > this.#maxLabel) this.#maxLabel = value;
    return true;
  }

  push(input: Uint8Array): void {
    if (!this.needsMore) return;
    const size = this.#layout.voxelBytes;
    const le = this.#layout.littleEndian;
    let bytes = input;
    if (this.#position < this.#layout.voxOffset) {
      const skip = Math.min(bytes.length, this.#layout.voxOffset - this.#position);
      bytes = bytes.subarray(skip);
      this.#position += skip;
    }
    if (this.#carry.length > 0 && bytes.length > 0) {
      const need = size - this.#carry.length;
      const taken = bytes.subarray(0, need);
      this.#carry = Buffer.concat([this.#carry, taken]);
      bytes = bytes.subarray(taken.length);
      this.#position += taken.length;
      if (this.#carry.length < size) return;
      const voxel = this.#carry;
      this.#carry = Buffer.alloc(0);
      if (!this.#store(this.#read(new DataView(voxel.buffer, voxel.byteOffset, size), 0, le)))
        return;
    }
    const whole = Math.min(Math.floor(bytes.length / size), this.#layout.voxels - this.#decoded);
    const view = new DataView(bytes.buffer, bytes.byteOffset, whole * size);
    for (let i = 0; i < whole; i++) if (!this.#store(this.#read(view, i * size, le))) return;
    this.#position += whole * size;
    if (this.needsMore) {
      const rest = bytes.subarray(whole * size);
      this.#carry = Buffer.from(rest);
      this.#position += rest.length;
    }
  }

  /** The mask, or why not: a refused voxel, or an image shorter than its header says. */
  finish(): LabelImageResult {
    if (this.#error !== null) return fail(this.#error);
    if (this.#decoded < this.#layout.voxels)
      return fail(
        `the image data is truncated: ${this.#position} bytes, expected at least ${this.#layout.fileBytes}`,
      );
    const data =
      this.#values instanceof Uint16Array && this.#maxLabel <= 255
        ? Uint8Array.from(this.#values)
        : this.#values;
    const { shape, spacingMm } = this.#layout;
    return {
      ok: true,
      value: { shape, spacingMm, data } as LabelImage,
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
 * spacing, truncated data, more than `maxVoxels` voxels. Bytes after the image are ignored.
 * Archives are read with {@link readNiftiLabelsFromChunks}, which never holds the file.
 */
export function readNiftiLabels(
  input: Uint8Array,
  limits: LabelImageLimits = {},
): LabelImageResult {
  const { maxDecompressedBytes } = { ...DEFAULT_LABEL_IMAGE_LIMITS, ...limits };
  let bytes = input;
  if (isGzip(bytes)) {
    const inflated = gunzip(bytes, maxDecompressedBytes);
    if (!inflated.ok) return inflated;
    bytes = inflated.value;
  }
  const header = readNiftiHeader(bytes, limits);
  if (!header.ok) return header;
  const decoder = new NiftiVoxelDecoder(header.value);
  decoder.push(bytes.subarray(HEADER_BYTES));
  return decoder.finish();
}

const isZlibError = (error: unknown): error is Error =>
  error instanceof Error && /^Z_/.test(String((error as { code?: unknown }).code));

/** The uncompressed NIfTI bytes of a .nii or .nii.gz chunk stream (gunzipped as pulled). */
async function openNiftiBytes(chunks: AsyncIterable<Uint8Array>): Promise<ByteStreamReader> {
  const raw = new ByteStreamReader(chunks);
  const magic = await raw.read(2);
  const all = prepend(magic, raw);
  return new ByteStreamReader(isGzip(magic) ? gunzipChunks(all) : all);
}

/**
 * Reads and checks only the header of a .nii / .nii.gz stream, inflating no more than it takes
 * to get 348 bytes (through the gzip layer), then closes the stream.
 * Errors of the stream other than a corrupt gzip layer (e.g. an archive limit) propagate.
 */
export async function readNiftiHeaderFromChunks(
  chunks: AsyncIterable<Uint8Array>,
  limits: LabelImageLimits = {},
): Promise<Checked<NiftiLayout>> {
  const reader = await openNiftiBytes(chunks);
  try {
    return readNiftiHeader(await reader.read(HEADER_BYTES), limits);
  } catch (error) {
    if (isZlibError(error)) return fail(`the gzip stream is corrupt (${error.message})`);
    throw error;
  } finally {
    await reader.close();
  }
}

/**
 * Reads a .nii / .nii.gz stream into a {@link LabelImage} holding only the label array: the
 * header is checked first, then the voxels are decoded as they are inflated, and reading stops
 * at the size the header declares, so a lying file cannot inflate past it.
 */
export async function readNiftiLabelsFromChunks(
  chunks: AsyncIterable<Uint8Array>,
  limits: LabelImageLimits = {},
): Promise<LabelImageResult> {
  const reader = await openNiftiBytes(chunks);
  try {
    const header = readNiftiHeader(await reader.read(HEADER_BYTES), limits);
    if (!header.ok) return header;
    const decoder = new NiftiVoxelDecoder(header.value);
    while (decoder.needsMore) {
      const chunk = await reader.next(Math.min(1 << 16, decoder.remainingBytes));
      if (!chunk) break;
      decoder.push(chunk);
    }
    return decoder.finish();
  } catch (error) {
    if (isZlibError(error)) return fail(`the gzip stream is corrupt (${error.message})`);
    throw error;
  } finally {
    await reader.close();
  }
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
