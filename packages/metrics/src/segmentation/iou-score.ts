import { countOverlap } from './dice-score.js';

/**
 * Intersection over union (Jaccard index) of two binary masks: IoU = |P ∩ T| / |P ∪ T|.
 * Range [0, 1], higher is better, symmetric; IoU = DSC / (2 − DSC).
 * Masks are flattened voxels; non-zero = foreground.
 * Both masks empty is 0/0: returns `emptyValue` (default NaN, so aggregation skips it).
 * Exactly one mask empty gives 0.
 * @throws {RangeError} when the masks differ in length.
 * @see Jaccard (1912), New Phytologist 11(2):37–50.
 * @see MONAI `compute_iou` (monai.metrics.meaniou), which it matches on non-empty masks.
 * @example iouScore(Uint8Array.of(1, 0, 0, 1), Uint8Array.of(1, 0, 1, 1)) // 2 / 3
 */
export function iouScore(
  prediction: Uint8Array,
  truth: Uint8Array,
  { emptyValue = Number.NaN }: { emptyValue?: number } = {},
): number {
  if (prediction.length !== truth.length) {
    throw new RangeError(`iouScore: lengths differ (${prediction.length} vs ${truth.length})`);
  }
  const { overlap, predicted, actual } = countOverlap(prediction, truth);
  const union = predicted + actual - overlap;
  return union === 0 ? emptyValue : overlap / union;
}
