import {
  axis0Pass,
  axis1Pass,
  createEnvelopeScratch,
  lowerEnvelope,
} from './euclidean-distance-transform.js';
import { markSurface } from './extract-surface.js';
import { type Grid3, type MaskShape, type SpacingMm, toGrid3 } from './mask-shape.js';

/** Distances in mm from each surface voxel of one mask to the nearest surface voxel of the other. */
export interface SurfaceDistances {
  /** d(P→T): one value per prediction surface voxel, in C order of the voxels. */
  readonly predictionToTruth: Float64Array;
  /** d(T→P): one value per truth surface voxel, in C order of the voxels. */
  readonly truthToPrediction: Float64Array;
}

/**
 * Directed surface distances between two binary masks, both ways. The surface of a mask is
 * `mask xor erode(mask)` (6-connected, array border counts as background; see
 * {@link extractSurface}); d(P→T) at a prediction surface voxel is the Euclidean distance in mm
 * to the nearest truth surface voxel, i.e. `distance_transform_edt(~surf(T), sampling)[surf(P)]`
 * as in MONAI's `get_surface_distance` and medpy's `__surface_distances`.
 *
 * Exact and fast: surfaces and distance transforms are computed only on the bounding box of
 * P ∪ T. That is exact because every surface voxel of either mask lies in that box, so the
 * nearest target of every query is inside it, and voxels just outside are background for both
 * masks, as the array border is for the erosion.
 *
 * Empty masks give empty arrays; when exactly one mask is empty the other direction's
 * distances are all +Infinity (distance to an empty set).
 * @throws {RangeError} when the mask lengths do not match the shape, or the spacing is invalid.
 * @example surfaceDistances(Uint8Array.of(1, 0, 0), Uint8Array.of(0, 0, 1), [1, 3], [1, 2])
 *   // { predictionToTruth: [4], truthToPrediction: [4] }
 */
export function surfaceDistances(
  prediction: Uint8Array,
  truth: Uint8Array,
  shape: MaskShape,
  spacingMm: SpacingMm,
): SurfaceDistances {
  const grid = toGrid3('surfaceDistances', shape, spacingMm, [prediction, truth]);
  return croppedSurfaceDistances(cropToUnion(prediction, truth, grid));
}

/** The two masks cut to the bounding box of their union, plus the overlap counts. Internal. */
export interface UnionCrop {
  readonly grid: Grid3;
  readonly prediction: Uint8Array;
  readonly truth: Uint8Array;
  readonly predictionVoxels: number;
  readonly truthVoxels: number;
  readonly intersectionVoxels: number;
}

/** One pass over both full masks: counts, then a 0/1 copy of the union's bounding box. */
export function cropToUnion(prediction: Uint8Array, truth: Uint8Array, grid: Grid3): UnionCrop {
  const [n0, n1, n2] = grid.dims;
  let predictionVoxels = 0;
  let truthVoxels = 0;
  let intersectionVoxels = 0;
  let lo0 = n0, lo1 = n1, lo2 = n2, hi0 = -1, hi1 = -1, hi2 = -1;
  for (let i = 0; i < n0; i++) {
    for (let j = 0; j < n1; j++) {
      const row = (i * n1 + j) * n2;
      let first = -1;
      let last = -1;
      for (let k = 0; k < n2; k++) {
        const p = prediction[row + k] !== 0;
        const t = truth[row + k] !== 0;
        if (p || t) {
          if (first < 0) first = k;
          last = k;
          predictionVoxels += Number(p);
          truthVoxels += Number(t);
          intersectionVoxels += Number(p && t);
        }
      }
      if (first < 0) continue;
      if (i < lo0) lo0 = i;
      hi0 = i;
      if (j < lo1) lo1 = j;
      if (j > hi1) hi1 = j;
      if (first < lo2) lo2 = first;
      if (last > hi2) hi2 = last;
    }
  }
  if (hi0 < 0) {
    const dims = [0, 0, 0] as const;
    const empty = { dims, spacingMm: grid.spacingMm, size: 0, isPlanar: grid.isPlanar };
    return {
      grid: empty,
      prediction: new Uint8Array(0),
      truth: new Uint8Array(0),
      predictionVoxels,
      truthVoxels,
      intersectionVoxels,
    };
  }
  const c0 = hi0 - lo0 + 1, c1 = hi1 - lo1 + 1, c2 = hi2 - lo2 + 1;
  const cropGrid: Grid3 = {
    dims: [c0, c1, c2],
    spacingMm: grid.spacingMm,
    size: c0 * c1 * c2,
    isPlanar: grid.isPlanar,
  };
  const predCrop = new Uint8Array(cropGrid.size);
  const truthCrop = new Uint8Array(cropGrid.size);
  for (let a = 0; a < c0; a++) {
    for (let b = 0; b < c1; b++) {
      const src = ((lo0 + a) * n1 + lo1 + b) * n2 + lo2;
      const dst = (a * c1 + b) * c2;
      for (let c = 0; c < c2; c++) {
        predCrop[dst + c] = prediction[src + c] !== 0 ? 1 : 0;
        truthCrop[dst + c] = truth[src + c] !== 0 ? 1 : 0;
      }
    }
  }
  return {
    grid: cropGrid,
    prediction: predCrop,
    truth: truthCrop,
    predictionVoxels,
    truthVoxels,
    intersectionVoxels,
  };
}

/** Surfaces and both directed distances on a crop. Internal. */
export function croppedSurfaceDistances(crop: UnionCrop): SurfaceDistances {
  const { grid } = crop;
  const predSurface = new Uint8Array(grid.size);
  const truthSurface = new Uint8Array(grid.size);
  const predIndices = markSurface(crop.prediction, grid.dims, grid.isPlanar, predSurface);
  const truthIndices = markSurface(crop.truth, grid.dims, grid.isPlanar, truthSurface);
  return {
    predictionToTruth: directedDistancesMm(predIndices, truthSurface, truthIndices.length, grid),
    truthToPrediction: directedDistancesMm(truthIndices, predSurface, predIndices.length, grid),
  };
}

/**
 * Distance in mm from each voxel in `sources` (ascending linear indices) to the nearest non-zero
 * voxel of `targets`. The EDT passes along axes 0 and 1 run on the planes that hold a source;
 * the last pass (axis 2, contiguous) only on the rows that hold one, evaluated at the sources.
 */
export function directedDistancesMm(
  sources: Int32Array,
  targets: Uint8Array,
  targetCount: number,
  grid: Grid3,
): Float64Array {
  const result = new Float64Array(sources.length);
  if (sources.length === 0) return result;
  if (targetCount === 0) return result.fill(Infinity);
  const [n0, n1, n2] = grid.dims;
  const [, s1, s2] = grid.spacingMm;
  const plane = n1 * n2;
  const work = new Float64Array(grid.size);
  axis0Pass(targets, grid.dims, grid.spacingMm[0], work);

  const scratch = createEnvelopeScratch(Math.max(n1, n2));
  const line = new Float64Array(Math.max(n1, n2));
  let lastPlane = -1;
  for (let q = 0; q < sources.length; q++) {
    const i = Math.floor((sources[q] as number) / plane);
    if (i !== lastPlane && i < n0) {
      axis1Pass(work, grid.dims, s1, i, scratch, line);
      lastPlane = i;
    }
  }

  let q = 0;
  while (q < sources.length) {
    const row = Math.floor((sources[q] as number) / n2);
    const base = row * n2;
    const m = lowerEnvelope(work, base, 1, n2, s2, scratch);
    const { vertices, bounds } = scratch;
    let j = 0;
    for (; q < sources.length; q++) {
      const idx = sources[q] as number;
      if (idx >= base + n2) break;
      if (m === 0) {
        result[q] = Infinity;
        continue;
      }
      const p = idx - base;
      while ((bounds[j + 1] as number) < p) j++;
      const r = vertices[j] as number;
      const t = (p - r) * s2;
      result[q] = Math.sqrt((work[base + r] as number) + t * t);
    }
  }
  return result;
}
