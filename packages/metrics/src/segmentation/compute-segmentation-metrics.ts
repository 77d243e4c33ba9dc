import { type MaskShape, type SpacingMm, toGrid3 } from './mask-shape.js';
import {
  type EmptyMaskOptions,
  assertPercentile,
  assertToleranceMm,
  directedPercentileMax,
  emptyDistanceValue,
  fractionWithinTolerance,
  maxDistance,
  meanPooledDistance,
  pooledPercentile,
} from './summarize-surface-distances.js';
import { type UnionBox, boxSurfaceDistances, findUnionBox } from './surface-distances.js';

/** Every segmentation metric of one structure, from a single pair of distance transforms. */
export interface SegmentationMetrics {
  readonly dice: number;
  readonly iou: number;
  /** MONAI convention: max of the directed percentiles (mm). */
  readonly hd95: number;
  /** medpy convention: percentile of the pooled distances (mm). */
  readonly hd95Pooled: number;
  readonly hd: number;
  readonly assd: number;
  readonly nsd: number;
  readonly counts: {
    readonly predictionVoxels: number;
    readonly truthVoxels: number;
    readonly intersectionVoxels: number;
    readonly predictionSurfaceVoxels: number;
    readonly truthSurfaceVoxels: number;
  };
}

export interface SegmentationMetricsOptions extends EmptyMaskOptions {
  /** NSD tolerance τ in mm (`<=`). */
  toleranceMm: number;
  /** Percentile of the robust Hausdorff distances; default 95. */
  percentile?: number;
}

/**
 * Dice, IoU, HD95 (MONAI and pooled/medpy conventions), Hausdorff, ASSD and NSD of two binary
 * masks in one pass: the definitions, conventions and empty-mask rules are those of
 * {@link diceScore}, {@link iouScore}, {@link hausdorffDistance95}, {@link hausdorffDistance},
 * {@link averageSymmetricSurfaceDistance} and {@link normalizedSurfaceDiceScore}, whose values
 * it returns, but surfaces and distance transforms are computed once. Dice/IoU/NSD use
 * `bothEmptyValue` (NaN) when both masks are empty; with one empty mask Dice, IoU and NSD are 0
 * and the distances `oneEmptyDistanceMm` (+Infinity).
 * @throws {RangeError} on a shape/length mismatch, invalid spacing, tolerance or percentile.
 * @example computeSegmentationMetrics(Uint8Array.of(1, 1, 0, 0), Uint8Array.of(1, 0, 0, 0), [1, 4], [1, 1], { toleranceMm: 0.5 })
 *   // { dice: 2/3, iou: 1/2, hd95: 0.95, hd95Pooled: 0.9, hd: 1, assd: 1/3, nsd: 2/3, counts: … }
 */
export function computeSegmentationMetrics(
  prediction: Uint8Array,
  truth: Uint8Array,
  shape: MaskShape,
  spacingMm: SpacingMm,
  options: SegmentationMetricsOptions,
): SegmentationMetrics {
  const grid = toGrid3('computeSegmentationMetrics', shape, spacingMm, [prediction, truth]);
  validateOptions('computeSegmentationMetrics', options);
  return metricsFromBox(findUnionBox(prediction, truth, grid), options);
}

export function validateOptions(caller: string, options: SegmentationMetricsOptions): void {
  assertToleranceMm(caller, options.toleranceMm);
  assertPercentile(caller, options.percentile ?? 95);
}

/** All metrics of one structure from its union box. Internal, shared with the multi-label path. */
export function metricsFromBox(
  box: UnionBox,
  options: SegmentationMetricsOptions,
): SegmentationMetrics {
  const { toleranceMm, percentile = 95, bothEmptyValue = Number.NaN } = options;
  const { predictionVoxels, truthVoxels, intersectionVoxels } = box;
  const distances = boxSurfaceDistances(box);
  const counts = {
    predictionVoxels,
    truthVoxels,
    intersectionVoxels,
    predictionSurfaceVoxels: distances.predictionToTruth.length,
    truthSurfaceVoxels: distances.truthToPrediction.length,
  };
  const total = predictionVoxels + truthVoxels;
  const dice = total === 0 ? bothEmptyValue : (2 * intersectionVoxels) / total;
  const iou = total === 0 ? bothEmptyValue : intersectionVoxels / (total - intersectionVoxels);
  const empty = emptyDistanceValue(distances, options);
  if (empty !== undefined) {
    const nsd = total === 0 ? bothEmptyValue : 0;
    return { dice, iou, hd95: empty, hd95Pooled: empty, hd: empty, assd: empty, nsd, counts };
  }
  return {
    dice,
    iou,
    hd95: directedPercentileMax(distances, percentile),
    hd95Pooled: pooledPercentile(distances, percentile),
    hd: maxDistance(distances),
    assd: meanPooledDistance(distances),
    nsd: fractionWithinTolerance(distances, toleranceMm),
    counts,
  };
}
