import { open } from 'node:fs/promises';
import type { TextSource } from './read-text-lines.js';

export type TabularFormat = 'jsonl' | 'csv';

const SNIFF_BYTES = 4096;

/**
 * Tells a JSON Lines file from a CSV file by its first non-blank character: `{` (after an
 * optional byte-order mark and whitespace) is JSONL, anything else CSV. Only file paths can be
 * sniffed without consuming the stream; other sources get `fallback`.
 */
export async function sniffTextFormat(
  source: TextSource,
  fallback: TabularFormat = 'jsonl',
): Promise<TabularFormat> {
  if (typeof source !== 'string') return fallback;
  const handle = await open(source, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (head === '') return fallback;
    return head.startsWith('{') ? 'jsonl' : 'csv';
  } finally {
    await handle.close();
  }
}
