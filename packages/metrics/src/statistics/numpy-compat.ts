// Bit-faithful restatements of the two numpy reductions the reference scorers rely on, so that
// parity holds to the last bit rather than to a tolerance. Internal to the metrics package.

const PAIRWISE_BLOCK = 128;

/**
 * Sum in numpy's order (`np.add.reduce` on a contiguous float64 array: pairwise summation with
 * 8 interleaved accumulators for blocks of at most 128 values). Plain left-to-right summation
 * differs from `np.sum`/`np.mean` in the last bits once there are more than 8 values.
 */
export function numpySum(values: Float64Array, start = 0, end = values.length): number {
  const n = end - start;
  if (n < 8) {
    let res = 0;
    for (let i = start; i < end; i++) res += values[i] as number;
    return res;
  }
  if (n <= PAIRWISE_BLOCK) {
    let r0 = values[start] as number;
    let r1 = values[start + 1] as number;
    let r2 = values[start + 2] as number;
    let r3 = values[start + 3] as number;
    let r4 = values[start + 4] as number;
    let r5 = values[start + 5] as number;
    let r6 = values[start + 6] as number;
    let r7 = values[start + 7] as number;
    const unrolledEnd = start + (n - (n % 8));
    for (let i = start + 8; i < unrolledEnd; i += 8) {
      r0 += values[i] as number;
      r1 += values[i + 1] as number;
      r2 += values[i + 2] as number;
      r3 += values[i + 3] as number;
      r4 += values[i + 4] as number;
      r5 += values[i + 5] as number;
      r6 += values[i + 6] as number;
      r7 += values[i + 7] as number;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (let i = unrolledEnd; i < end; i++) res += values[i] as number;
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return numpySum(values, start, start + half) + numpySum(values, start + half, end);
}

/** `np.mean` of a contiguous float64 array (NaN for an empty one, as numpy). */
export function numpyMean(values: Float64Array): number {
  return values.length === 0 ? Number.NaN : numpySum(values) / values.length;
}

/**
 * `np.percentile(values, q)` with the default 'linear' method (Hyndman & Fan type 7) as numpy
 * 1.24 computes it: virtual index (n − 1)·(q/100), and the lerp from the nearer end
 * (`b − (b − a)(1 − γ)` when γ ≥ 0.5). `sorted` must be ascending without NaN.
 */
export function numpyPercentileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const virtualIndex = (n - 1) * (q / 100);
  if (virtualIndex >= n - 1) return sorted[n - 1] as number;
  if (virtualIndex < 0) return sorted[0] as number;
  const previous = Math.floor(virtualIndex);
  const gamma = virtualIndex - previous;
  const a = sorted[previous] as number;
  const b = sorted[previous + 1] as number;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** Ascending copy for {@link numpyPercentileSorted}. */
export function sortedCopy(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}
