import type { MaskShape, SpacingMm } from './mask-shape.js';
import {
  type EmptyMaskOptions,
  emptyDistanceValue,
  meanPooledDistance,
} from './summarize-surface-distances.js';
import { surfaceDistances } from './surface-distances.js';

/**
 * Average symmetric surface distance in mm: the mean over the surface voxels of both masks of
 * the distance to the other mask's surface, ASSD = (Σ d(P→T) + Σ d(T→P)) / (|∂P| + |∂T|),
 * i.e. both directions pooled (medpy `assd` on voxel surfaces; MONAI's
 * `compute_average_surface_distance(symmetric=True)` averages the same pooled set).
 * Surfaces and distances as in {@link surfaceDistances}. Range [0, ∞) mm, lower is better, symmetric.
 * Both masks empty returns `bothEmptyValue` (NaN); exactly one empty returns
 * `oneEmptyDistanceMm` (+Infinity), see {@link EmptyMaskOptions}.
 * @throws {RangeError} on a shape/length mismatch or invalid spacing.
 * @see Heimann et al. (2009), IEEE TMI 28(8):1251–1265.
 * @example averageSymmetricSurfaceDistance(Uint8Array.of(1, 1, 0, 0), Uint8Array.of(1, 0, 0, 0), [1, 4], [1, 1]) // 1 / 3
 */
export function averageSymmetricSurfaceDistance(
  prediction: Uint8Array,
  truth: Uint8Array,
  shape: MaskShape,
  spacingMm: SpacingMm,
  options: EmptyMaskOptions = {},
): number {
  const distances = surfaceDistances(prediction, truth, shape, spacingMm);
  return emptyDistanceValue(distances, options) ?? meanPooledDistance(distances);
}
