/**
 * Generic bootstrap: evaluates `statistic` on every replicate row of a row-major index matrix
 * (see `bootstrapIndices`). The statistic receives the row (a view, do not keep it) and the
 * replicate number and returns one number (NaN when undefined on that resample).
 * Use `takeByIndex` / `takeRowsByIndex` inside the statistic to materialise resampled arrays
 * into buffers allocated once outside the loop.
 * @throws {RangeError} when indices.length is not a multiple of n.
 * @example bootstrap((row) => row.length, bootstrapIndices(5, 10, 1), 5) // Float64Array(10) of 5s
 */
export function bootstrap(
  statistic: (row: Int32Array, replicate: number) => number,
  indices: Int32Array,
  n: number,
  { onProgress }: { onProgress?: (fraction: number) => void } = {},
): Float64Array {
  const replicates = replicateCount(indices, n);
  const values = new Float64Array(replicates);
  const progressEvery = Math.max(1, Math.floor(replicates / 20));
  for (let b = 0; b < replicates; b++) {
    values[b] = statistic(indices.subarray(b * n, (b + 1) * n), b);
    if (onProgress && (b + 1) % progressEvery === 0) onProgress((b + 1) / replicates);
  }
  return values;
}

/** Number of replicate rows in an index matrix for n samples. */
export function replicateCount(indices: Int32Array, n: number): number {
  if (!Number.isInteger(n) || n < 1 || indices.length % n !== 0) {
    throw new RangeError(
      `bootstrap: ${indices.length} indices are not a whole number of rows of ${n}`,
    );
  }
  return indices.length / n;
}

/** out[j] = source[row[j]]; returns out. Works for any typed array pair of the same kind. */
export function takeByIndex<T extends Int32Array | Float64Array | Uint8Array>(
  source: T,
  row: Int32Array,
  out: T,
): T {
  if (out.length !== row.length) throw new RangeError('takeByIndex: out must have the row length');
  for (let j = 0; j < row.length; j++) out[j] = source[row[j]!]!;
  return out;
}

/** Row-wise take on a row-major matrix with `width` columns: out row j = source row row[j]. */
export function takeRowsByIndex(
  source: Float64Array,
  width: number,
  row: Int32Array,
  out: Float64Array,
): Float64Array {
  if (out.length !== row.length * width)
    throw new RangeError('takeRowsByIndex: out must be row.length × width');
  for (let j = 0; j < row.length; j++) {
    const from = row[j]! * width,
      to = j * width;
    for (let c = 0; c < width; c++) out[to + c] = source[from + c]!;
  }
  return out;
}
