// Test-only reader for the peers' "perfpeers-array-v1" datasets (shared/peers/README.md §4.1).
// Lives beside the parity tests; the metrics package itself never does I/O.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export const PEERS_DATA_DIR = process.env.PEERS_DATA_DIR ?? join(REPO_ROOT, '.peers/data');

/** Throws (so the parity run fails rather than skips) when the generated data is absent. */
export function requirePeerFile(relativePath: string): string {
  const path = join(PEERS_DATA_DIR, relativePath);
  if (!existsSync(path)) {
    throw new Error(
      `peer data missing: ${path} not found. Run \`bash tools/peers-data.sh\` first (or set PEERS_DATA_DIR).`,
    );
  }
  return path;
}

interface ArraySpec {
  file: string;
  dtype: 'int32' | 'float64' | 'uint8';
  shape: number[];
  byte_order: 'little';
  order: 'C';
}

export interface PeerHeader {
  format: string;
  n: number;
  n_classes: number;
  arrays: Record<string, ArraySpec>;
  bootstrap?: { replicates: number; confidence: number; indices: ArraySpec };
}

export function readPeerHeader(relativePath: string): { header: PeerHeader; folder: string } {
  const path = requirePeerFile(relativePath);
  const header = JSON.parse(readFileSync(path, 'utf8')) as PeerHeader;
  if (header.format !== 'perfpeers-array-v1')
    throw new Error(`${path}: unexpected format ${header.format}`);
  return { header, folder: dirname(path) };
}

export function readPeerArray(
  folder: string,
  spec: ArraySpec,
): Int32Array | Float64Array | Uint8Array {
  const buffer = readFileSync(join(folder, spec.file));
  // Copy into a fresh ArrayBuffer: readFileSync buffers may be unaligned for typed-array views.
  const bytes = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length);
  const array =
    spec.dtype === 'int32'
      ? new Int32Array(bytes)
      : spec.dtype === 'float64'
        ? new Float64Array(bytes)
        : new Uint8Array(bytes);
  const expected = spec.shape.reduce((a, b) => a * b, 1);
  if (array.length !== expected)
    throw new Error(`${spec.file}: ${array.length} values, expected ${expected}`);
  return array;
}
