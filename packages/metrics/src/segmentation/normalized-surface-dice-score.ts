import type { MaskShape, SpacingMm } from './mask-shape.js';
import { assertToleranceMm, fractionWithinTolerance } from './summarize-surface-distances.js';
import { surfaceDistances } from './surface-distances.js';

/**
 * Normalized surface Dice (surface Dice at tolerance τ), voxel-count version:
 * NSD = (#{d(P→T) ≤ τ} + #{d(T→P) ≤ τ}) / (|∂P| + |∂T|), counting surface voxels (not surfel
 * areas) with `<=`. Equals MONAI `compute_surface_dice(class_thresholds=[τ], use_subvoxels=False)`;
 * DeepMind's surface-distance package weights surfels by area and gives different values.
 * Surfaces and distances as in {@link surfaceDistances}. Range [0, 1], higher is better, symmetric.
 * Both masks empty returns `emptyValue` (default NaN, as MONAI); exactly one empty gives 0.
 * @throws {RangeError} on a shape/length mismatch, invalid spacing, or a negative tolerance.
 * @see Nikolov et al. (2021), J Med Internet Res 23(7):e26151.
 * @example normalizedSurfaceDiceScore(Uint8Array.of(1, 1, 0, 0), Uint8Array.of(1, 0, 0, 0), [1, 4], [1, 1], { toleranceMm: 0.5 }) // 2 / 3
 */
export function normalizedSurfaceDiceScore(
  prediction: Uint8Array,
  truth: Uint8Array,
  shape: MaskShape,
  spacingMm: SpacingMm,
  { toleranceMm, emptyValue = Number.NaN }: { toleranceMm: number; emptyValue?: number },
): number {
  assertToleranceMm('normalizedSurfaceDiceScore', toleranceMm);
  const distances = surfaceDistances(prediction, truth, shape, spacingMm);
  const total = distances.predictionToTruth.length + distances.truthToPrediction.length;
  return total === 0 ? emptyValue : fractionWithinTolerance(distances, toleranceMm);
}
