import { PNG } from 'pngjs';
import { ByteStreamReader } from '../binary/byte-stream.js';
import {
  DEFAULT_LABEL_IMAGE_LIMITS,
  packLabels,
  type LabelImageLimits,
  type LabelImageResult,
} from './label-image.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const COLOR_TYPES: Record<number, string> = {
  0: 'grayscale',
  2: 'RGB',
  3: 'palette',
  4: 'grayscale with alpha',
  6: 'RGBA',
};

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

interface PngChunks {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  /** PLTE entries as RGB triples, when present. */
  palette: number[][] | null;
  hasTransparency: boolean;
}

/** Reads IHDR and PLTE without decoding pixels, so sizes are checked before anything is allocated. */
function readChunks(bytes: Uint8Array): PngChunks | string {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b))
    return 'not a PNG file (bad signature)';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let ihdr: Omit<PngChunks, 'palette' | 'hasTransparency'> | null = null;
  let palette: number[][] | null = null;
  let hasTransparency = false;
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = offset + 8;
    if (data + length + 4 > bytes.length) return `chunk "${type}" at byte ${offset} is truncated`;
    if (type === 'IHDR') {
      if (length !== 13) return 'malformed IHDR chunk';
      ihdr = {
        width: view.getUint32(data),
        height: view.getUint32(data + 4),
        bitDepth: bytes[data + 8]!,
        colorType: bytes[data + 9]!,
      };
    } else if (type === 'PLTE') {
      if (length % 3 !== 0) return 'malformed PLTE chunk';
      palette = Array.from({ length: length / 3 }, (_, i) => [
        bytes[data + 3 * i]!,
        bytes[data + 3 * i + 1]!,
        bytes[data + 3 * i + 2]!,
      ]);
    } else if (type === 'tRNS') {
      hasTransparency = true;
    } else if (type === 'IDAT' || type === 'IEND') {
      break;
    }
    offset = data + length + 4;
  }
  if (!ihdr) return 'no IHDR chunk';
  return { ...ihdr, palette, hasTransparency };
}

/** Bytes of a PNG up to the end of its IHDR chunk: the only bytes read before the header is checked. */
export const PNG_HEADER_BYTES = 33;

/** What a PNG's IHDR says, checked before any pixel is inflated. */
export interface PngLayout {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  /** [height, width], as {@link LabelImage}. */
  shape: [number, number];
  pixels: number;
  /** Most bytes the decoded labels take: one per pixel up to 8 bits, else two (uint16). */
  decodedBytes: number;
  /** Bytes the decoder inflates the image data to (rows of samples plus a filter byte each). */
  inflatedBytes: number;
}

const VALID_BIT_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  3: [1, 2, 4, 8],
};

/**
 * Checks a PNG's signature and IHDR (the first 33 bytes): size against `maxVoxels`, colour type
 * (grayscale or palette; colours are not labels), bit depth, no interlacing. See
 * {@link readPngLabels} for what is accepted.
 */
export function readPngHeader(
  bytes: Uint8Array,
  limits: LabelImageLimits = {},
): { ok: true; value: PngLayout } | { ok: false; message: string } {
  const { maxVoxels } = { ...DEFAULT_LABEL_IMAGE_LIMITS, ...limits };
  if (bytes.length < PNG_HEADER_BYTES || SIGNATURE.some((b, i) => bytes[i] !== b))
    return fail('not a PNG file (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(...bytes.subarray(12, 16));
  if (type !== 'IHDR') return fail('no IHDR chunk (it must come first)');
  if (view.getUint32(8) !== 13) return fail('malformed IHDR chunk');
  const width = view.getUint32(16),
    height = view.getUint32(20),
    bitDepth = bytes[24]!,
    colorType = bytes[25]!,
    interlace = bytes[28]!;
  if (width < 1 || height < 1) return fail(`image size ${width}×${height} is empty`);
  if (width * height > maxVoxels)
    return fail(`${width}×${height} = ${width * height} pixels exceeds the limit of ${maxVoxels}`);
  if (colorType === 2 || colorType === 6) {
    return fail(
      `${COLOR_TYPES[colorType]} PNG: colours are not labels; save the mask as 8/16-bit grayscale (pixel value = label) or as a palette image (index = label)`,
    );
  }
  if (colorType === 4)
    return fail(
      'grayscale-with-alpha PNG: save the mask as plain 8/16-bit grayscale without an alpha channel',
    );
  if (colorType !== 0 && colorType !== 3) return fail(`unknown PNG colour type ${colorType}`);
  if (!VALID_BIT_DEPTHS[colorType]!.includes(bitDepth))
    return fail(`bit depth ${bitDepth} is not valid for a ${COLOR_TYPES[colorType]} PNG`);
  // Interlaced images are inflated without a size bound by the decoder; a mask has no use for them.
  if (interlace !== 0) return fail('interlaced (Adam7) PNG: save the mask without interlacing');
  const pixels = width * height;
  return {
    ok: true,
    value: {
      width,
      height,
      bitDepth,
      colorType,
      shape: [height, width],
      pixels,
      decodedBytes: pixels * (bitDepth === 16 ? 2 : 1),
      inflatedBytes: height * (Math.ceil((width * bitDepth) / 8) + 1),
    },
  };
}

/**
 * Bytes decoding a PNG of this layout allocates besides its result, for memory budgets: the file,
 * its joined image data, the inflated and unfiltered rows (pngjs), the RGBA bitmap it expands to
 * (8 bytes a pixel at 16 bits) and the label array read from it.
 */
export function pngDecodeScratchBytes(layout: PngLayout, fileBytes: number): number {
  const rgbaBytes = layout.pixels * 4 * (layout.bitDepth === 16 ? 2 : 1);
  return 2 * fileBytes + 2 * layout.inflatedBytes + rgbaBytes + 2 * layout.pixels;
}

/**
 * Reads a PNG label mask into a {@link LabelImage} of shape [height, width] with spacing
 * `spacingMm` (PNG carries no usable physical spacing; default [1, 1]).
 *
 * Labels are the stored sample values, never rescaled: 8- or 16-bit grayscale (1/2/4-bit too,
 * as 0..2^depth−1) or palette indices (the index is the label, whatever colour it is drawn in;
 * a palette that repeats a colour is refused, since the index could not be told apart).
 * Rejected with a message: RGB/RGBA (colours are not labels: save the label index as
 * grayscale or palette), grayscale with alpha, interlaced images, more than `maxVoxels` pixels,
 * corrupt data. The header is checked ({@link readPngHeader}) before anything is inflated, and
 * the image data is inflated to at most the size the header implies.
 */
export function readPngLabels(
  bytes: Uint8Array,
  {
    spacingMm = [1, 1],
    ...limits
  }: LabelImageLimits & { spacingMm?: readonly [number, number] } = {},
): LabelImageResult {
  const header = readPngHeader(bytes, limits);
  if (!header.ok) return header;
  const chunks = readChunks(bytes);
  if (typeof chunks === 'string') return fail(chunks);
  const { width, height, colorType, palette } = chunks;
  // pngjs zeroes the samples of a grayscale tRNS colour, which would turn that label into background.
  if (colorType === 0 && chunks.hasTransparency)
    return fail(
      'grayscale PNG with a transparent colour (tRNS): save the mask without transparency',
    );
  if (colorType === 3 && !palette) return fail('palette PNG without a PLTE chunk');
  if (palette) {
    const colours = new Set(palette.map((c) => c.join(',')));
    if (colorType === 3 && colours.size !== palette.length) {
      return fail(
        'the palette repeats a colour, so label indices cannot be recovered; give every label its own colour',
      );
    }
  }
  let decoded: { data: Uint8Array | Uint16Array };
  try {
    decoded = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      skipRescale: true,
      checkCRC: true,
    }) as unknown as { data: Uint8Array | Uint16Array };
  } catch (error) {
    return fail(`corrupt PNG (${error instanceof Error ? error.message : String(error)})`);
  }
  const pixels = width * height;
  const rgba = decoded.data;
  if (rgba.length < 4 * pixels) return fail('corrupt PNG (too little pixel data)');
  const values = new Uint16Array(pixels);
  let maxLabel = 0;
  if (colorType === 3) {
    // pngjs expands indices to colours; map each colour back to its (unique) index.
    const index = new Map(palette!.map((c, i) => [(c[0]! << 16) | (c[1]! << 8) | c[2]!, i]));
    for (let p = 0; p < pixels; p++) {
      const label = index.get((rgba[4 * p]! << 16) | (rgba[4 * p + 1]! << 8) | rgba[4 * p + 2]!);
      if (label === undefined) return fail(`pixel ${p} has a colour outside the palette`);
      values[p] = label;
      if (label > maxLabel) maxLabel = label;
    }
  } else {
    for (let p = 0; p < pixels; p++) {
      const label = rgba[4 * p]!;
      values[p] = label;
      if (label > maxLabel) maxLabel = label;
    }
  }
  if (!(spacingMm.length === 2 && spacingMm.every((s) => s > 0 && Number.isFinite(s)))) {
    return fail(`spacingMm [${spacingMm.join(', ')}] must be two finite values > 0`);
  }
  return {
    ok: true,
    value: {
      shape: [height, width],
      spacingMm: [spacingMm[0], spacingMm[1]],
      data: packLabels(values, maxLabel),
    },
  };
}

/** Reads and checks only a PNG's signature and IHDR from a chunk stream, then closes it. */
export async function readPngHeaderFromChunks(
  chunks: AsyncIterable<Uint8Array>,
  limits: LabelImageLimits = {},
): Promise<{ ok: true; value: PngLayout } | { ok: false; message: string }> {
  const reader = new ByteStreamReader(chunks);
  try {
    return readPngHeader(await reader.read(PNG_HEADER_BYTES), limits);
  } finally {
    await reader.close();
  }
}
