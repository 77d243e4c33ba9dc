import { bootstrapIndices, type Seed } from '@medrank/metrics';

/**
 * The index matrices drawn last, kept for the next scoring of the same test set. Every submission
 * to a test set is resampled with the same rows (they depend only on n, the seed and the
 * replicate), and a job process scores submission after submission: drawing 1000×10,000 indices
 * again costs ~70 ms and 40 MB of fresh memory per job. Matrices are handed out shared, so
 * callers must only read them (the classification bootstraps do). Up to `MAX_CACHED_BYTES` in
 * all, least recently used first out; a bigger matrix is drawn and not kept.
 */
const MAX_CACHED_BYTES = 64 * 1024 * 1024;
const cache = new Map<string, Int32Array>();
let cachedBytes = 0;

/** `bootstrapIndices(n, replicates, seed, { firstReplicate })`, shared and read-only. */
export function sharedBootstrapIndices(
  n: number,
  replicates: number,
  seed: Seed,
  firstReplicate = 0,
): Int32Array {
  const key = `${n}|${replicates}|${firstReplicate}|${typeof seed}:${seed}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // re-insert: most recently used last
    cache.set(key, hit);
    return hit;
  }
  const indices = bootstrapIndices(n, replicates, seed, { firstReplicate });
  if (indices.byteLength > MAX_CACHED_BYTES) return indices;
  for (const [oldKey, old] of cache) {
    if (cachedBytes + indices.byteLength <= MAX_CACHED_BYTES) break;
    cache.delete(oldKey);
    cachedBytes -= old.byteLength;
  }
  cache.set(key, indices);
  cachedBytes += indices.byteLength;
  return indices;
}
