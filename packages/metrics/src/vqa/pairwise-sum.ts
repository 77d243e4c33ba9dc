// numpy's float64 `add.reduce` (pairwise summation, `pairwise_sum_DOUBLE` in
// numpy/core/src/umath/loops_utils.h.src). pandas' `Series.mean` without bottleneck sums this way, so
// mirroring it makes macro averages equal the Python reference bit for bit, not just within 1 ulp.
const PW_BLOCKSIZE = 128;
const UNROLL = 8;

function pairwise(values: ArrayLike<number>, start: number, n: number): number {
  if (n < UNROLL) {
    let sum = -0; // numpy starts from -0.0 so that a sum of -0.0 values stays -0.0
    for (let i = 0; i < n; i++) sum += values[start + i] ?? 0;
    return sum;
  }
  if (n <= PW_BLOCKSIZE) {
    const r = new Float64Array(UNROLL);
    for (let j = 0; j < UNROLL; j++) r[j] = values[start + j] ?? 0;
    let i = UNROLL;
    for (; i < n - (n % UNROLL); i += UNROLL) {
      for (let j = 0; j < UNROLL; j++) r[j] = (r[j] ?? 0) + (values[start + i + j] ?? 0);
    }
    const [r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0, r6 = 0, r7 = 0] = r;
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) sum += values[start + i] ?? 0;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % UNROLL;
  return pairwise(values, start, half) + pairwise(values, start + half, n - half);
}

/** Sum in numpy's pairwise order (`np.sum` of a contiguous float64 array). Empty sums to 0. */
export function numpySum(values: ArrayLike<number>): number {
  return 0 + pairwise(values, 0, values.length);
}

/** Mean as `np.mean`/pandas `Series.mean` computes it: pairwise sum divided by the count. Empty → NaN. */
export function numpyMean(values: ArrayLike<number>): number {
  return values.length === 0 ? Number.NaN : numpySum(values) / values.length;
}
