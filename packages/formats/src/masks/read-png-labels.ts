import { PNG } from 'pngjs';
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

const fail = (message: string): LabelImageResult => ({ ok: false, message });

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

/**
 * Reads a PNG label mask into a {@link LabelImage} of shape [height, width] with spacing
 * `spacingMm` (PNG carries no usable physical spacing; default [1, 1]).
 *
 * Labels are the stored sample values, never rescaled: 8- or 16-bit grayscale (1/2/4-bit too,
 * as 0..2^depth−1) or palette indices (the index is the label, whatever colour it is drawn in;
 * a palette that repeats a colour is refused, since the index could not be told apart).
 * Rejected with a message: RGB/RGBA (colours are not labels: save the label index as
 * grayscale or palette), grayscale with alpha, more than `maxVoxels` pixels, corrupt data.
 */
export function readPngLabels(
  bytes: Uint8Array,
  {
    spacingMm = [1, 1],
    ...limits
  }: LabelImageLimits & { spacingMm?: readonly [number, number] } = {},
): LabelImageResult {
  const { maxVoxels } = { ...DEFAULT_LABEL_IMAGE_LIMITS, ...limits };
  const chunks = readChunks(bytes);
  if (typeof chunks === 'string') return fail(chunks);
  const { width, height, colorType, palette } = chunks;
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
