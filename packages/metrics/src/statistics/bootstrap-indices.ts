import { createRng, seedToState, type Rng, type Seed } from './prng.js';

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
    fillRow(rowState, n, indices, b * n);
  }
  return indices;
}

/**
 * The generator behind replicate row `replicate`: `bootstrapIndices` row b equals n successive
 * `nextInt(n)` draws of `bootstrapRowRng(seed, b)`. Exposed so other tools can reproduce rows.
 */
export function bootstrapRowRng(seed: Seed, replicate: number): Rng {
  const state = new Uint32Array(4);
  deriveRowState(seedToState(seed), replicate, state);
  return createRng(state);
}

/**
 * n draws of xoshiro128** `nextInt(n)` from `state`, inlined. Same stream and rejection rule as
 * `createRng(state).nextInt`, but the modulus is done in int32 arithmetic: a uint32 `%` on
 * doubles compiles to a slow fmod call, and this loop produces every bootstrap index.
 */
function fillRow(state: Uint32Array, n: number, out: Int32Array, offset: number): void {
  if (n > 0x40000000) {
    const rng = createRng(state);
    for (let j = 0; j < n; j++) out[offset + j] = rng.nextInt(n);
    return;
  }
  let s0 = state[0]! | 0, s1 = state[1]! | 0, s2 = state[2]! | 0, s3 = state[3]! | 0;
  const threshold = (0x100000000 - n) % n; // < n ≤ 2^30: fits int32
  const highRemainder = 0x80000000 % n; // 2^31 mod n
  for (let j = 0; j < n; ) {
    let r = Math.imul(s1, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9); // int32 view of the uint32 output
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    if (r >= 0) {
      if (r >= threshold) out[offset + j++] = r % n;
    } else {
      // uint32 value is 2^31 + (r & 0x7fffffff) ≥ 2^31 > threshold: always accepted.
      out[offset + j++] = ((r & 0x7fffffff) % n + highRemainder) % n;
    }
  }
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
