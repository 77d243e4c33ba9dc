/**
 * The q-th percentile of `values` with linear interpolation between closest ranks (Hyndman &
 * Fan type 7), identical to numpy's default `np.percentile(values, q)` including its
 * interpolation formula (numpy's `_lerp`, which switches to `b − (b−a)(1−γ)` for γ ≥ 0.5 so the
 * result is exact at the upper end).
 * Accepts sorted or unsorted input (checked in O(n); unsorted input is copied, never mutated).
 * Empty input or any NaN returns NaN, like numpy.
 * @throws {RangeError} when q is outside [0, 100].
 * @see Hyndman & Fan (1996), The American Statistician 50(4):361–365.
 * @example percentile(Float64Array.of(1, 2, 3, 4), 25) // 1.75
 */
export function percentile(values: Float64Array, q: number): number {
  if (!(q >= 0 && q <= 100)) throw new RangeError(`percentile: q must be in [0, 100], got ${q}`);
  const n = values.length;
  if (n === 0) return Number.NaN;
  let isSorted = true;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) return Number.NaN;
    if (i > 0 && v < values[i - 1]!) isSorted = false;
  }
  const sorted = isSorted ? values : Float64Array.from(values).sort();
  return sortedPercentile(sorted, q);
}

/** Type-7 percentile of already ascending-sorted, NaN-free values (no checks). */
export function sortedPercentile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const virtualIndex = (n - 1) * (q / 100);
  if (virtualIndex >= n - 1) return sorted[n - 1]!;
  if (virtualIndex <= 0) return sorted[0]!;
  const below = Math.floor(virtualIndex);
  const gamma = virtualIndex - below;
  const a = sorted[below]!,
    b = sorted[below + 1]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}
