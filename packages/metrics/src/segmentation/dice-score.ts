/**
 * Dice similarity coefficient of two binary masks: DSC = 2·|P ∩ T| / (|P| + |T|).
 * Range [0, 1], higher is better, symmetric. Masks are flattened voxels; non-zero = foreground.
 * Both masks empty is 0/0: returns `emptyValue` (default NaN, so aggregation skips it).
 * Exactly one mask empty gives 0 (no overlap), as in MONAI and Metrics Reloaded.
 * @throws {RangeError} when the masks differ in length.
 * @see Dice (1945), Ecology 26(3):297–302.
 * @see Taha & Hanbury (2015), BMC Medical Imaging 15:29.
 * @example diceScore(Uint8Array.of(1, 0, 0, 1), Uint8Array.of(1, 0, 1, 1)) // 0.8
 */
export function diceScore(
  prediction: Uint8Array,
  truth: Uint8Array,
  { emptyValue = Number.NaN }: { emptyValue?: number } = {},
): number {
  if (prediction.length !== truth.length) {
    throw new RangeError(`diceScore: lengths differ (${prediction.length} vs ${truth.length})`);
  }
  const { overlap, predicted, actual } = countOverlap(prediction, truth);
  const total = predicted + actual;
  return total === 0 ? emptyValue : (2 * overlap) / total;
}

/** Voxel counts behind Dice and IoU; internal, shared with iouScore. */
export function countOverlap(
  prediction: Uint8Array,
  truth: Uint8Array,
): { overlap: number; predicted: number; actual: number } {
  let overlap = 0;
  let predicted = 0;
  let actual = 0;
  for (let i = 0; i < truth.length; i++) {
    const p = prediction[i] !== 0;
    const t = truth[i] !== 0;
    predicted += Number(p);
    actual += Number(t);
    overlap += Number(p && t);
  }
  return { overlap, predicted, actual };
}
