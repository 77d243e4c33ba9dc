import { type MaskShape, type SpacingMm, toGrid3 } from './mask-shape.js';

/**
 * Exact Euclidean distance transform with anisotropic voxel spacing: for every voxel, the
 * distance in mm from its centre to the nearest centre of a non-zero voxel of `targets`.
 * Equals `scipy.ndimage.distance_transform_edt(targets == 0, sampling=spacingMm)` (which
 * measures from each non-zero input voxel to the nearest zero, i.e. our targets).
 *
 * Algorithm: Felzenszwalb & Huttenlocher's separable lower envelope of parabolas, one pass per
 * axis in the order 0, 1, 2 on squared distances in float64. The per-axis squared terms are
 * accumulated in the same order scipy sums them ((Δ0·s0)² + (Δ1·s1)²) + (Δ2·s2)², so values
 * agree with scipy to the last bits except where equidistant targets are rounded differently.
 * O(n) time per axis, no approximation.
 *
 * Without any target voxel every distance is +Infinity (scipy returns an ill-defined array).
 * @throws {RangeError} when `targets` does not match the shape or the spacing is not positive.
 * @see Felzenszwalb & Huttenlocher (2012), Theory of Computing 8:415–428.
 * @example euclideanDistanceTransform(Uint8Array.of(1, 0, 0), [1, 3], [1, 0.5]) // [0, 0.5, 1]
 */
export function euclideanDistanceTransform(
  targets: Uint8Array,
  shape: MaskShape,
  spacingMm: SpacingMm,
  { squared = false }: { squared?: boolean } = {},
): Float64Array {
  const grid = toGrid3('euclideanDistanceTransform', shape, spacingMm, [targets]);
  const out = new Float64Array(grid.size);
  squaredDistanceTransform(targets, grid.dims, grid.spacingMm, out);
  if (!squared) for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(out[i] as number);
  return out;
}

/** Scratch buffers for {@link lowerEnvelope}, sized for the longest line. */
export interface EnvelopeScratch {
  readonly vertices: Int32Array;
  readonly bounds: Float64Array;
}

export function createEnvelopeScratch(maxLength: number): EnvelopeScratch {
  return { vertices: new Int32Array(maxLength), bounds: new Float64Array(maxLength + 1) };
}

/**
 * Builds the lower envelope of the parabolas f[q] + (s·(p − q))² for the finite f[q] of one
 * line (f read at f[offset + q·stride]). Returns the number of parabolas in the envelope
 * (0 when every f is infinite); vertices/bounds hold their apexes and left boundaries.
 */
export function lowerEnvelope(
  f: Float64Array,
  offset: number,
  stride: number,
  length: number,
  spacing: number,
  { vertices, bounds }: EnvelopeScratch,
): number {
  const s2 = spacing * spacing;
  let k = -1;
  for (let q = 0; q < length; q++) {
    const fq = f[offset + q * stride] as number;
    if (fq === Infinity) continue;
    if (k < 0) {
      k = 0;
      vertices[0] = q;
      bounds[0] = -Infinity;
      bounds[1] = Infinity;
      continue;
    }
    const fqPlus = fq + s2 * q * q;
    let x = 0;
    for (;;) {
      const r = vertices[k] as number;
      const fr = f[offset + r * stride] as number;
      x = (fqPlus - (fr + s2 * r * r)) / (2 * s2 * (q - r));
      if (x <= (bounds[k] as number)) {
        k--;
        if (k < 0) break;
        continue;
      }
      break;
    }
    if (k < 0) {
      // q dominates every earlier parabola on the whole line.
      k = 0;
      vertices[0] = q;
      bounds[0] = -Infinity;
      bounds[1] = Infinity;
      continue;
    }
    k++;
    vertices[k] = q;
    bounds[k] = x;
    bounds[k + 1] = Infinity;
  }
  return k + 1;
}

/** Squared EDT into `out` (length n0·n1·n2): passes along axes 0, 1 and 2. Internal. */
export function squaredDistanceTransform(
  targets: Uint8Array,
  dims: readonly [number, number, number],
  spacingMm: readonly [number, number, number],
  out: Float64Array,
): void {
  const [n0, n1, n2] = dims;
  axis0Pass(targets, dims, spacingMm[0], out);
  const scratch = createEnvelopeScratch(Math.max(n1, n2));
  const line = new Float64Array(Math.max(n1, n2));
  for (let i = 0; i < n0; i++) axis1Pass(out, dims, spacingMm[1], i, scratch, line);
  const s = spacingMm[2];
  for (let row = 0; row < n0 * n1; row++) {
    const base = row * n2;
    for (let k = 0; k < n2; k++) line[k] = out[base + k] as number;
    const m = lowerEnvelope(line, 0, 1, n2, s, scratch);
    evaluateEnvelope(line, m, n2, s, scratch, out, base);
  }
}

/**
 * Axis-0 pass for a binary input: (Δ0·s0)² to the nearest target along axis 0, or +Infinity.
 * Two sweeps over whole planes (no envelope is needed when f is 0/∞), contiguous in memory.
 */
export function axis0Pass(
  targets: Uint8Array,
  dims: readonly [number, number, number],
  spacing0: number,
  out: Float64Array,
): void {
  const [n0, n1, n2] = dims;
  const plane = n1 * n2;
  // Integer step counts first (exact), squared with spacing at the end like scipy: (Δ·s)².
  for (let idx = 0; idx < plane; idx++) out[idx] = targets[idx] !== 0 ? 0 : Infinity;
  for (let i = 1; i < n0; i++) {
    const base = i * plane;
    for (let idx = base; idx < base + plane; idx++) {
      out[idx] = targets[idx] !== 0 ? 0 : (out[idx - plane] as number) + 1;
    }
  }
  for (let i = n0 - 2; i >= 0; i--) {
    const base = i * plane;
    for (let idx = base; idx < base + plane; idx++) {
      const below = (out[idx + plane] as number) + 1;
      if (below < (out[idx] as number)) out[idx] = below;
    }
  }
  for (let idx = 0; idx < out.length; idx++) {
    const t = (out[idx] as number) * spacing0;
    out[idx] = t * t;
  }
}

/** Axis-1 pass over plane i (lines of stride n2), in place via a gathered line buffer. */
export function axis1Pass(
  out: Float64Array,
  dims: readonly [number, number, number],
  spacing1: number,
  i: number,
  scratch: EnvelopeScratch,
  line: Float64Array,
): void {
  const [, n1, n2] = dims;
  const base = i * n1 * n2;
  for (let k = 0; k < n2; k++) {
    let hasFinite = false;
    for (let j = 0; j < n1; j++) {
      const v = out[base + j * n2 + k] as number;
      line[j] = v;
      if (v !== Infinity) hasFinite = true;
    }
    if (!hasFinite) continue; // the whole line stays +Infinity
    const m = lowerEnvelope(line, 0, 1, n1, spacing1, scratch);
    evaluateEnvelope(line, m, n1, spacing1, scratch, out, base + k, n2);
  }
}

/** Writes min over the envelope at every p of the line into out[offset + p·stride]. */
export function evaluateEnvelope(
  f: Float64Array,
  envelopeSize: number,
  length: number,
  spacing: number,
  { vertices, bounds }: EnvelopeScratch,
  out: Float64Array,
  offset: number,
  stride = 1,
): void {
  if (envelopeSize === 0) {
    for (let p = 0; p < length; p++) out[offset + p * stride] = Infinity;
    return;
  }
  let j = 0;
  for (let p = 0; p < length; p++) {
    while ((bounds[j + 1] as number) < p) j++;
    const r = vertices[j] as number;
    const t = (p - r) * spacing;
    out[offset + p * stride] = (f[r] as number) + t * t;
  }
}
