import { gunzipSync, gzipSync } from 'node:zlib';
import type { MemoryBudget } from '@medrank/core';
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
export { DEFAULT_MAX_TRUTH_PAYLOAD_BYTES } from '@medrank/task-contracts/config';

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

/** A stored payload whose fields check out, before its mask is inflated. */
interface CheckedPayload {
  shape: number[];
  spacingMm: number[];
  bytesPerVoxel: 1 | 2;
  data: string;
  voxels: number;
}

function checkPayload(payload: unknown): CheckedPayload | null {
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
    p.shape.length !== p.spacingMm.length ||
    !p.shape.every(Number.isInteger)
  )
    return null;
  if ((p.bytesPerVoxel !== 1 && p.bytesPerVoxel !== 2) || typeof p.data !== 'string') return null;
  return {
    shape: p.shape,
    spacingMm: p.spacingMm,
    bytesPerVoxel: p.bytesPerVoxel,
    data: p.data,
    voxels: p.shape.reduce((a, b) => a * b, 1),
  };
}

/**
 * Bytes the decoded mask of a stored payload takes (voxels × bytes per voxel), read from the
 * payload's fields without inflating it; null when the payload is not one.
 */
export function segmentationPayloadDecodedBytes(payload: unknown): number | null {
  const p = checkPayload(payload);
  return p ? p.voxels * p.bytesPerVoxel : null;
}

/**
 * The mask of a stored payload, or null when the payload is not one (never says what it holds).
 * With a `memoryBudget`, the buffers decoding allocates besides the mask (the base64-decoded and
 * the inflated bytes) are reserved while they live; the mask itself is the caller's to reserve
 * ({@link segmentationPayloadDecodedBytes}).
 */
export function decodeSegmentationPayload(
  payload: unknown,
  { memoryBudget }: { memoryBudget?: MemoryBudget } = {},
): LabelImage | null {
  const p = checkPayload(payload);
  if (!p) return null;
  const rawBytes = p.voxels * p.bytesPerVoxel;
  // Conservative: counts the inflated bytes even when they become the mask itself.
  const scratch = memoryBudget?.reserve(
    Math.ceil((p.data.length * 3) / 4) + rawBytes,
    'decoding a ground-truth mask',
  );
  try {
    let raw: Buffer;
    try {
      raw = gunzipSync(Buffer.from(p.data, 'base64'), { maxOutputLength: rawBytes + 1 });
    } catch {
      return null;
    }
    if (raw.length !== rawBytes) return null;
    // uint8: the inflated bytes are the mask (a view, no copy, when they own their buffer).
    const data =
      p.bytesPerVoxel === 1
        ? raw.byteOffset === 0 && raw.buffer.byteLength === raw.length
          ? new Uint8Array(raw.buffer, 0, raw.length)
          : new Uint8Array(raw)
        : Uint16Array.from({ length: p.voxels }, (_, i) => raw.readUInt16LE(2 * i));
    return {
      shape: p.shape as LabelImage['shape'],
      spacingMm: p.spacingMm as LabelImage['spacingMm'],
      data,
    };
  } finally {
    scratch?.release();
  }
}
