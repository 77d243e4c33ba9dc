/** z of a two-sided normal interval with this coverage (0.95 → 1.959963984540054). */
export function normalQuantileTwoSided(confidence: number): number {
  if (confidence === 0.95) return 1.959963984540054;
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  // Acklam's rational approximation of the normal quantile (relative error < 1.2e-9).
  const p = (1 + confidence) / 2;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  if (p > 0.97575) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

export interface MeanInterval {
  /** Mean of the defined (non-NaN) values; NaN when there is none. */
  mean: number;
  low: number;
  high: number;
  /** Values used. */
  n: number;
  method: 'wilson' | 'normal';
}

/**
 * Mean of per-case values over `rows` (NaN values skipped) with an analytic confidence interval:
 * - every value 0 or 1 (accuracy-type): the Wilson score interval,
 *   (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n);
 * - otherwise the normal interval mean ± z·s/√n with the sample standard deviation s (n − 1).
 * Interval bounds are NaN with fewer than two values (normal) or no value (Wilson).
 * @see Wilson (1927), JASA 22(158):209–212; Brown, Cai & DasGupta (2001), Statistical Science 16(2).
 * @example meanInterval(Float64Array.of(1, 0, 1, 1), Int32Array.of(0, 1, 2, 3)).mean // 0.75
 */
export function meanInterval(
  values: ArrayLike<number>,
  rows: Int32Array,
  confidence = 0.95,
): MeanInterval {
  const z = normalQuantileTwoSided(confidence);
  let n = 0;
  let sum = 0;
  let isBinary = true;
  for (let j = 0; j < rows.length; j++) {
    const v = values[rows[j]!]!;
    if (Number.isNaN(v)) continue;
    n++;
    sum += v;
    if (v !== 0 && v !== 1) isBinary = false;
  }
  if (n === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN, n, method: 'normal' };
  const mean = sum / n;
  if (isBinary) {
    const z2 = z * z;
    const denominator = 1 + z2 / n;
    const centre = (mean + z2 / (2 * n)) / denominator;
    const half = (z * Math.sqrt((mean * (1 - mean)) / n + z2 / (4 * n * n))) / denominator;
    return { mean, low: centre - half, high: centre + half, n, method: 'wilson' };
  }
  if (n < 2) return { mean, low: Number.NaN, high: Number.NaN, n, method: 'normal' };
  let squares = 0;
  for (let j = 0; j < rows.length; j++) {
    const v = values[rows[j]!]!;
    if (!Number.isNaN(v)) squares += (v - mean) ** 2;
  }
  const half = (z * Math.sqrt(squares / (n - 1))) / Math.sqrt(n);
  return { mean, low: mean - half, high: mean + half, n, method: 'normal' };
}
