import { gunzipSync, gzipSync } from 'node:zlib';
import type { LabelImage } from '@medrank/formats';

/**
 * Hidden truth of one segmentation case as stored. The mask is kept compact and decoder-free:
 * the validated label voxels (C order, little-endian uint8 or uint16) gzipped and base64-encoded,
 * with the shape and spacing taken from the uploaded file. Label masks are mostly background,
 * so gzip shrinks them a hundred-fold or more (a 256×256×128 liver mask is tens of KB).
 */
export interface SegmentationPayload {
  encoding: 'labels-gzip-base64-v1';
  shape: number[];
  spacingMm: number[];
  bytesPerVoxel: 1 | 2;
  data: string;
}

/** Default cap on a case's encoded mask (base64 characters), so hidden payloads stay small. */
export const DEFAULT_MAX_TRUTH_PAYLOAD_BYTES = 4 * 1024 * 1024;

export function encodeSegmentationPayload(mask: LabelImage): SegmentationPayload {
  const bytesPerVoxel = mask.data instanceof Uint16Array ? 2 : 1;
  let raw: Buffer;
  if (bytesPerVoxel === 1)
    raw = Buffer.from(mask.data.buffer, mask.data.byteOffset, mask.data.byteLength);
  else {
    raw = Buffer.alloc(mask.data.length * 2);
    for (let i = 0; i < mask.data.length; i++) raw.writeUInt16LE(mask.data[i]!, 2 * i);
  }
  return {
    encoding: 'labels-gzip-base64-v1',
    shape: [...mask.shape],
    spacingMm: [...mask.spacingMm],
    bytesPerVoxel,
    data: gzipSync(raw, { level: 9 }).toString('base64'),
  };
}

/** The mask of a stored payload, or null when the payload is not one (never says what it holds). */
export function decodeSegmentationPayload(payload: unknown): LabelImage | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Partial<SegmentationPayload>;
  const isAxes = (a: unknown): a is number[] =>
    Array.isArray(a) &&
    (a.length === 2 || a.length === 3) &&
    a.every((v) => typeof v === 'number' && v > 0 && Number.isFinite(v));
  if (
    p.encoding !== 'labels-gzip-base64-v1' ||
    !isAxes(p.shape) ||
    !isAxes(p.spacingMm) ||
    p.shape.length !== p.spacingMm.length
  )
    return null;
  if ((p.bytesPerVoxel !== 1 && p.bytesPerVoxel !== 2) || typeof p.data !== 'string') return null;
  const voxels = p.shape.reduce((a, b) => a * b, 1);
  let raw: Buffer;
  try {
    raw = gunzipSync(Buffer.from(p.data, 'base64'), {
      maxOutputLength: voxels * p.bytesPerVoxel + 1,
    });
  } catch {
    return null;
  }
  if (raw.length !== voxels * p.bytesPerVoxel) return null;
  const data =
    p.bytesPerVoxel === 1
      ? new Uint8Array(raw)
      : Uint16Array.from({ length: voxels }, (_, i) => raw.readUInt16LE(2 * i));
  return {
    shape: p.shape as LabelImage['shape'],
    spacingMm: p.spacingMm as LabelImage['spacingMm'],
    data,
  };
}
