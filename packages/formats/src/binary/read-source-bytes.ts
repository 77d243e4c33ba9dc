import { open } from 'node:fs/promises';
import type { CsvSource } from '../csv/read-csv-records.js';

/**
 * Every byte of a file path or stream, refusing more than `maxBytes` (checked before reading a
 * file, and while streaming, so an oversized upload is never held in memory).
 * @returns the bytes, or the size found when the limit is exceeded.
 */
export async function readSourceBytes(
  source: CsvSource | Uint8Array,
  maxBytes: number,
): Promise<{ ok: true; bytes: Buffer } | { ok: false; size: number }> {
  if (source instanceof Uint8Array) {
    return source.length > maxBytes
      ? { ok: false, size: source.length }
      : { ok: true, bytes: Buffer.from(source.buffer, source.byteOffset, source.byteLength) };
  }
  if (typeof source === 'string') {
    const handle = await open(source, 'r');
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) return { ok: false, size };
      return { ok: true, bytes: await handle.readFile() };
    } finally {
      await handle.close();
    }
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    size += bytes.length;
    if (size > maxBytes) return { ok: false, size };
    chunks.push(bytes);
  }
  return { ok: true, bytes: Buffer.concat(chunks, size) };
}
