import type { MaskShape, SpacingMm } from './mask-shape.js';
import {
  type EmptyMaskOptions,
  assertPercentile,
  directedPercentileMax,
  emptyDistanceValue,
  maxDistance,
  pooledPercentile,
} from './summarize-surface-distances.js';
import { surfaceDistances } from './surface-distances.js';

/** Which 95th-percentile Hausdorff distance to compute; they differ by up to ~15 % on real masks. */
export type Hausdorff95Convention = 'monai' | 'pooled';

export interface HausdorffDistance95Options extends EmptyMaskOptions {
  /**
   * 'monai' (default): max(p(d(P→T)), p(d(T→P))), MONAI `compute_hausdorff_distance`
   * (percentile=95, directed=False). 'pooled': p(d(P→T) ∪ d(T→P)), medpy `hd95`.
   */
  convention?: Hausdorff95Convention;
  /** Percentile in [0, 100]; default 95. */
  percentile?: number;
}

/**
 * Robust (95th-percentile) Hausdorff distance between the voxel surfaces of two binary masks,
 * in mm. Surfaces are `mask xor erode(mask)` (6-connected, array border = background) and
 * distances are exact anisotropic Euclidean distances between voxel centres (see
 * {@link surfaceDistances}). Percentiles use numpy's default linear interpolation.
 * Default convention 'monai' = max of the two directed 95th percentiles (MONAI
 * `compute_hausdorff_distance(percentile=95)`); 'pooled' = 95th percentile of both directions
 * concatenated (medpy `hd95`). Range [0, ∞) mm, lower is better, symmetric.
 * Both masks empty returns `bothEmptyValue` (NaN); exactly one empty returns
 * `oneEmptyDistanceMm` (+Infinity), see {@link EmptyMaskOptions} for why.
 * @throws {RangeError} on a shape/length mismatch, invalid spacing or percentile.
 * @see Huttenlocher et al. (1993), IEEE TPAMI 15(9):850–863.
 * @see Maier-Hein et al. (2024), Metrics Reloaded, Nature Methods 21:195–212.
 * @example hausdorffDistance95(Uint8Array.of(1, 0, 0), Uint8Array.of(0, 0, 1), [1, 3], [1, 2]) // 4
 */
export function hausdorffDistance95(
  prediction: Uint8Array,
  truth: Uint8Array,
  shape: MaskShape,
  spacingMm: SpacingMm,
  { convention = 'monai', percentile = 95, ...empty }: HausdorffDistance95Options = {},
): number {
  assertPercentile('hausdorffDistance95', percentile);
  const distances = surfaceDistances(prediction, truth, shape, spacingMm);
  const emptyValue = emptyDistanceValue(distances, empty);
  if (emptyValue !== undefined) return emptyValue;
  return convention === 'monai'
    ? directedPercentileMax(distances, percentile)
    : pooledPercentile(distances, percentile);
}

/**
 * Hausdorff distance between the voxel surfaces of two binary masks, in mm: the largest
 * distance from a surface voxel of either mask to the other mask's surface (same surfaces and
 * distances as {@link hausdorffDistance95}; MONAI `compute_hausdorff_distance` without
 * percentile, medpy `hd`). Range [0, ∞) mm, lower is better, symmetric.
 * Both masks empty returns `bothEmptyValue` (NaN); exactly one empty returns
 * `oneEmptyDistanceMm` (+Infinity).
 * @throws {RangeError} on a shape/length mismatch or invalid spacing.
 * @see Huttenlocher et al. (1993), IEEE TPAMI 15(9):850–863.
 * @example hausdorffDistance(Uint8Array.of(1, 1, 0, 0), Uint8Array.of(1, 0, 0, 0), [1, 4], [1, 1]) // 1
 */
export function hausdorffDistance(
  prediction: Uint8Array,
  truth: Uint8Array,
  shape: MaskShape,
  spacingMm: SpacingMm,
  options: EmptyMaskOptions = {},
): number {
  const distances = surfaceDistances(prediction, truth, shape, spacingMm);
  return emptyDistanceValue(distances, options) ?? maxDistance(distances);
}
