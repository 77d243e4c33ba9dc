// numpy's pairwise float64 summation, so means over many AP values match numpy bit for bit.
// Same algorithm as segmentation/numpy-compat.ts and vqa/pairwise-sum.ts; kept per family because
// families do not import each other (a shared internal module belongs to the package owner).

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
