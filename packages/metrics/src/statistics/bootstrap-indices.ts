import { createRng, seedToState, type Seed } from './prng.js';

/**
 * Bootstrap resampling indices: `replicates` rows of `n` sample indices in [0, n), drawn
 * uniformly with replacement, row-major (row b is `indices.subarray(b * n, (b + 1) * n)`).
 *
 * Every submission to a test set must be resampled with the *same* rows so that paired
 * comparisons (differences, ranks) are valid; the rows depend only on (n, seed, replicate).
 * Each row has its own stream, derived from the seed and the replicate number, so a caller can
 * generate replicates in chunks (`firstReplicate`) to bound memory, and chunked generation gives
 * exactly the same rows as one call.
 *
 * @throws {RangeError} for a non-integer or negative n / replicates, or more than 2^31−1 indices.
 * @example bootstrapIndices(3, 2, 'seed') // Int32Array(6), e.g. [2, 0, 2, 1, 1, 0]
 */
export function bootstrapIndices(
  n: number,
  replicates: number,
  seed: Seed,
  { firstReplicate = 0 }: { firstReplicate?: number } = {},
): Int32Array {
  for (const [name, value] of [['n', n], ['replicates', replicates], ['firstReplicate', firstReplicate]] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`bootstrapIndices: ${name} must be a non-negative integer, got ${value}`);
    }
  }
  if (n * replicates > 0x7fffffff) {
    throw new RangeError(
      `bootstrapIndices: ${replicates}×${n} indices exceed one typed array; generate chunks with firstReplicate`,
    );
  }
  const indices = new Int32Array(n * replicates);
  if (n === 0) return indices;
  const base = seedToState(seed);
  const rowState = new Uint32Array(4);
  for (let b = 0; b < replicates; b++) {
    deriveRowState(base, firstReplicate + b, rowState);
    const rng = createRng(rowState);
    const offset = b * n;
    for (let j = 0; j < n; j++) indices[offset + j] = rng.nextInt(n);
  }
  return indices;
}

/** Mixes the replicate number into the base state (splitmix32 finaliser per word). */
function deriveRowState(base: Uint32Array, replicate: number, out: Uint32Array): void {
  for (let w = 0; w < 4; w++) {
    let z = (base[w]! ^ Math.imul(replicate + 1, 0x9e3779b9) ^ Math.imul(w + 1, 0x85ebca6b)) | 0;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    out[w] = (z ^ (z >>> 15)) >>> 0;
  }
  if ((out[0]! | out[1]! | out[2]! | out[3]!) === 0) out[0] = 1;
}
